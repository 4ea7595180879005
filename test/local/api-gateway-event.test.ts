import { INGEST_ROUTE_KEY, toApiGatewayEvent, type HttpRequestLike } from '../../lib/local/api-gateway-event';

const NOW = new Date('2026-11-28T10:00:05.123Z');
const request = (overrides: Partial<HttpRequestLike> = {}): HttpRequestLike => ({
  method: 'POST',
  url: '/v1/sources/demo/events',
  rawHeaders: ['Content-Type', 'application/json', 'X-Signature', 'abc', 'Host', '127.0.0.1:3000'],
  body: Buffer.from('{"type":"track"}'),
  sourceIp: '127.0.0.1',
  ...overrides,
});

describe('toApiGatewayEvent', () => {
  test('builds a payload v2 event for the ingest route', () => {
    const event = toApiGatewayEvent(request(), NOW);
    expect(event).toMatchObject({
      version: '2.0',
      routeKey: INGEST_ROUTE_KEY,
      rawPath: '/v1/sources/demo/events',
      rawQueryString: '',
      headers: { 'content-type': 'application/json', 'x-signature': 'abc', host: '127.0.0.1:3000' },
      pathParameters: { sourceId: 'demo' },
      body: '{"type":"track"}',
      isBase64Encoded: false,
      requestContext: {
        http: { method: 'POST', path: '/v1/sources/demo/events', sourceIp: '127.0.0.1' },
        domainName: '127.0.0.1',
        stage: '$default',
        time: '28/Nov/2026:10:00:05 +0000',
        timeEpoch: NOW.getTime(),
      },
    });
    expect(event?.requestContext.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  test("builds the event of Segment's tracking API routes (no path parameters; the write key names the source)", () => {
    for (const call of ['batch', 'track', 'page', 'screen', 'identify', 'group', 'alias']) {
      const event = toApiGatewayEvent(request({ url: `/v1/${call}` }), NOW);
      expect(event).toMatchObject({ routeKey: `POST /v1/${call}`, rawPath: `/v1/${call}`, requestContext: { routeKey: `POST /v1/${call}` } });
      expect(event?.pathParameters).toBeUndefined();
    }
    expect(toApiGatewayEvent(request({ url: '/v1/import' }), NOW)).toBeUndefined();
    expect(toApiGatewayEvent(request({ url: '/v1/batch', method: 'GET' }), NOW)).toBeUndefined();
  });

  test('joins repeated headers with commas, keeps cookies apart, parses the query', () => {
    const event = toApiGatewayEvent(
      request({ url: '/v1/sources/demo/events?a=1&a=2&b=x', rawHeaders: ['X-Forwarded-For', '1.1.1.1', 'x-forwarded-for', '2.2.2.2', 'Cookie', 'a=1; b=2'] }),
      NOW,
    );
    expect(event?.headers['x-forwarded-for']).toBe('1.1.1.1,2.2.2.2');
    expect(event?.cookies).toEqual(['a=1', 'b=2']);
    expect(event?.headers.cookie).toBeUndefined();
    expect(event?.rawQueryString).toBe('a=1&a=2&b=x');
    expect(event?.queryStringParameters).toEqual({ a: '1,2', b: 'x' });
  });

  test('decodes the path parameter', () => {
    expect(toApiGatewayEvent(request({ url: '/v1/sources/my%2Dsource/events' }), NOW)?.pathParameters).toEqual({ sourceId: 'my-source' });
  });

  test('keeps a textual body byte for byte and base64-encodes a binary one', () => {
    const text = Buffer.from('[{"name":"Zoë"}]\n');
    expect(toApiGatewayEvent(request({ body: text }), NOW)?.body).toBe(text.toString('utf8'));
    const binary = Buffer.from([0, 1, 2, 255]);
    const event = toApiGatewayEvent(request({ body: binary, rawHeaders: ['Content-Type', 'application/octet-stream'] }), NOW);
    expect(event).toMatchObject({ body: 'AAEC/w==', isBase64Encoded: true });
  });

  test('an empty body is left out', () => {
    const event = toApiGatewayEvent(request({ body: Buffer.alloc(0) }), NOW);
    expect(event?.body).toBeUndefined();
    expect(event?.isBase64Encoded).toBe(false);
  });

  test.each([
    ['GET', '/v1/sources/demo/events'],
    ['POST', '/v1/sources/demo'],
    ['POST', '/v1/sources/demo/events/extra'],
    ['POST', '/v1/sources//events'],
    ['POST', '/v1/sources/%E0%A4%A/events'],
  ])('%s %s is not the route (API Gateway answers 404)', (method, url) => {
    expect(toApiGatewayEvent(request({ method, url }), NOW)).toBeUndefined();
  });
});
