import '../support/quiet-logs';
import { Analytics } from '@segment/analytics-node';
import { createHandler } from '../../functions/ingest';
import { startLocalStack, type LocalStack } from '../../lib/local';
import { FileSettingsProvider } from '../../lib/settings/file-provider';
import { silentLogger, waitFor } from '../support/local-stack';

/**
 * Segment's own Node library, unmodified (`@segment/analytics-node`, pinned in devDependencies),
 * configured as Segment documents it with only `host` changed, sends through the local stack
 * (ingest on loopback → embedded SQS → worker) to the Pinterest sandbox. Ground truth nobody here
 * wrote: its Basic auth (write key as user name, empty password), its `/v1/batch` body, its
 * messageIds, timestamps and context.
 */
const WRITE_KEY = 'shop.e2e-Segment-client-write-key-0123';
const SANDBOX_LISTED_EVENTS = 10; // the sandbox prints event_id for up to 10 events per request

describe('a stock Segment client library against the local stack', () => {
  let stack: LocalStack;
  const summaries: string[] = [];

  beforeAll(async () => {
    stack = await startLocalStack({
      createIngestHandler: createHandler,
      settings: new FileSettingsProvider({
        sources: {
          shop: {
            tagId: '2614759966035',
            adAccountId: '549755885175',
            conversionToken: 'pina_E2E_NOT_REAL',
            webhookSecret: 'shop-webhook-secret-e2e',
            writeKey: WRITE_KEY,
            eventMapping: { 'Signed Up': 'Signup' },
            unmappedEvents: 'drop',
          },
        },
      }),
      port: 0,
      sqs: { embedded: { port: 0 } },
      // Small worker batches keep every request within what the sandbox lists event by event.
      sandbox: { print: (summary) => summaries.push(summary) },
      worker: { retryBaseSeconds: 0 },
      poller: { batchWindowMs: 200, batchSize: SANDBOX_LISTED_EVENTS },
      logger: silentLogger,
    });
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('@segment/analytics-node: every mapped event reaches the sandbox exactly once', async () => {
    const requests: { url: string; authorization: string | undefined }[] = [];
    const statuses: number[] = [];
    const analytics = new Analytics({ writeKey: WRITE_KEY, host: stack.url, path: '/v1/batch', flushAt: 15, flushInterval: 200, maxRetries: 3 });
    analytics.on('http_request', (r) => requests.push({ url: r.url, authorization: (r.headers as Record<string, string>).Authorization }));
    analytics.on('http_response', (r) => statuses.push(r.status));
    const errors: unknown[] = [];
    analytics.on('error', (e) => errors.push(e));

    const context = { ip: '203.0.113.9', userAgent: 'Mozilla/5.0 (e2e)', traits: { email: 'jane.doe@example.com' } };
    const expected: string[] = [];
    for (let i = 0; i < 40; i++) {
      const messageId = `node-order-${i}`;
      analytics.track({ userId: `user-${i}`, event: 'Order Completed', messageId, context, properties: { order_id: `o-${i}`, revenue: 10 + i, currency: 'USD' } });
      expected.push(messageId);
    }
    for (let i = 0; i < 10; i++) {
      analytics.track({ anonymousId: `anon-${i}`, event: 'Signed Up', messageId: `node-signup-${i}`, context });
      expected.push(`node-signup-${i}`);
      analytics.page({ anonymousId: `anon-${i}`, name: 'Home', messageId: `node-page-${i}`, context, properties: { url: 'https://shop.example.com/' } });
      expected.push(`node-page-${i}`);
    }
    // Not mapped (unmappedEvents "drop") or not a Pinterest event at all: accepted, never sent.
    for (let i = 0; i < 10; i++) {
      analytics.track({ userId: `user-${i}`, event: 'Button Clicked', messageId: `node-unmapped-${i}`, context });
      analytics.identify({ userId: `user-${i}`, traits: { email: 'jane.doe@example.com' }, messageId: `node-identify-${i}` });
    }
    await analytics.closeAndFlush({ timeout: 20_000 });

    expect(errors).toEqual([]);
    expect(requests.length).toBeGreaterThanOrEqual(6); // 80 calls, flushAt 15
    expect(statuses).toEqual(requests.map(() => 200));
    for (const r of requests) {
      expect(r.url).toBe(`${stack.url}/v1/batch`);
      // Segment's convention, as the library sends it: Basic base64(writeKey + ':').
      expect(r.authorization).toBe(`Basic ${Buffer.from(`${WRITE_KEY}:`).toString('base64')}`);
    }

    const eventIds = () => summaries.flatMap((s) => [...s.matchAll(/event_id=(\S+)/g)].map((m) => m[1] as string));
    await waitFor('every mapped event at the sandbox', () => eventIds().length >= expected.length || undefined, 30_000);
    // A moment more: a duplicate would arrive now.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(eventIds().sort()).toEqual([...expected].sort());
    expect(stack.sandbox?.counts.events).toBe(expected.length);
  }, 60_000);
});
