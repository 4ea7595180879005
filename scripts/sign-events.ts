/**
 * Regenerates the sample API Gateway (HTTP API, payload v2) events in events/lambda/ingest-*.json,
 * signed with the demo webhook secret, for `serverless invoke local -f ingest -p events/lambda/<file>.json`
 * and the local stack. Usage: `npx tsx scripts/sign-events.ts [--now]` (--now stamps the events with
 * the current time, so the worker does not drop them as older than 7 days).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { signPayload } from '../lib/auth/signature';

const DEMO_SOURCE_ID = 'demo';
const DEMO_WEBHOOK_SECRET = 'demo-webhook-secret';

const now = process.argv.includes('--now') ? new Date() : new Date('2026-11-28T10:00:00.000Z');
const at = (offsetSeconds: number) => new Date(now.getTime() + offsetSeconds * 1000).toISOString();

const context = {
  ip: '203.0.113.9',
  userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
  page: { url: 'https://shop.example.com/checkout/thanks?epik=dj0yJnU9demo', path: '/checkout/thanks', title: 'Thank you' },
  traits: { email: 'Jane.Doe@example.com', phone: '+1 (415) 555-0100', firstName: 'Jane', lastName: 'Doe', address: { city: 'San Francisco', state: 'CA', postalCode: '94107', country: 'US' } },
  library: { name: 'analytics.js', version: '5.2.0' },
};

const orderCompleted = {
  type: 'track',
  event: 'Order Completed',
  messageId: 'demo-order-completed-1',
  anonymousId: 'anon-7f3c2b',
  userId: 'user-1001',
  timestamp: at(0),
  context,
  properties: {
    order_id: 'ORD-1001',
    revenue: 54.5,
    currency: 'USD',
    products: [
      { product_id: 'SKU-1', name: 'Linen Shirt', category: 'Apparel', brand: 'Acme', price: 39.5, quantity: 1 },
      { product_id: 'SKU-2', name: 'Socks', category: 'Apparel', brand: 'Acme', price: 7.5, quantity: 2 },
    ],
  },
};
const productAdded = {
  type: 'track',
  event: 'Product Added',
  messageId: 'demo-product-added-1',
  anonymousId: 'anon-7f3c2b',
  timestamp: at(-60),
  context,
  properties: { product_id: 'SKU-1', name: 'Linen Shirt', price: 39.5, quantity: 1, currency: 'USD' },
};
const page = { type: 'page', name: 'Home', messageId: 'demo-page-1', anonymousId: 'anon-7f3c2b', timestamp: at(-120), context, properties: { url: 'https://shop.example.com/' } };
const identify = { type: 'identify', messageId: 'demo-identify-1', userId: 'user-1001', timestamp: at(-30), traits: { email: 'Jane.Doe@example.com' } };
const invalid = { type: 'track', messageId: 'demo-invalid-1', anonymousId: 'anon-7f3c2b', timestamp: at(-10), properties: {} };

function apiGatewayEvent(body: string, headers: Record<string, string>) {
  const rawPath = `/v1/sources/${DEMO_SOURCE_ID}/events`;
  return {
    version: '2.0',
    routeKey: 'POST /v1/sources/{sourceId}/events',
    rawPath,
    rawQueryString: '',
    headers: { 'content-type': 'application/json', 'user-agent': 'Segment.io/1.0', 'content-length': String(Buffer.byteLength(body)), ...headers },
    requestContext: {
      accountId: '123456789012',
      apiId: 'local',
      domainName: 'localhost',
      domainPrefix: 'localhost',
      http: { method: 'POST', path: rawPath, protocol: 'HTTP/1.1', sourceIp: '203.0.113.9', userAgent: 'Segment.io/1.0' },
      requestId: 'demo-request',
      routeKey: 'POST /v1/sources/{sourceId}/events',
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    pathParameters: { sourceId: DEMO_SOURCE_ID },
    body,
    isBase64Encoded: false,
  };
}

const single = JSON.stringify(orderCompleted);
const arrayEvents = [productAdded, orderCompleted, page, identify];
const array = JSON.stringify(arrayEvents);
const batch = JSON.stringify({ batch: [page, productAdded, identify, invalid, orderCompleted] });

const files: Record<string, unknown> = {
  // Classic Webhooks: one event, X-Signature over the raw body.
  'ingest-single.json': apiGatewayEvent(single, { 'x-signature': signPayload(DEMO_WEBHOOK_SECRET, single) }),
  // Webhooks Actions batch mode: X-Signature over JSON.stringify(body[0]) only.
  'ingest-array.json': apiGatewayEvent(array, { 'x-signature': signPayload(DEMO_WEBHOOK_SECRET, JSON.stringify(arrayEvents[0])) }),
  // Segment HTTP API batch shape, raw-body signature; one event is invalid (no event name) and is dead-lettered.
  'ingest-batch.json': apiGatewayEvent(batch, { 'x-signature': signPayload(DEMO_WEBHOOK_SECRET, batch) }),
  // Signed with the wrong secret: 401.
  'ingest-bad-signature.json': apiGatewayEvent(single, { 'x-signature': signPayload('not-the-demo-secret', single) }),
};

for (const [name, event] of Object.entries(files)) {
  writeFileSync(join(__dirname, '..', 'events', 'lambda', name), `${JSON.stringify(event, null, 2)}\n`);
}
console.log(`wrote ${Object.keys(files).map((f) => `events/lambda/${f}`).join(', ')} (source "${DEMO_SOURCE_ID}", secret "${DEMO_WEBHOOK_SECRET}")`);
