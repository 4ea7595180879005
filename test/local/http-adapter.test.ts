import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { API_GATEWAY_MAX_BODY_BYTES, startIngestServer, type ApiGatewayHandler, type IngestServer } from '../../lib/local/http-adapter';

describe('startIngestServer (local API Gateway)', () => {
  let server: IngestServer;
  const seen: APIGatewayProxyEventV2[] = [];
  let handler: ApiGatewayHandler;

  beforeAll(async () => {
    server = await startIngestServer({ port: 0, handler: (event) => handler(event) });
  });
  afterAll(() => server.close());
  beforeEach(() => {
    seen.length = 0;
    handler = async (event) => {
      seen.push(event);
      return { statusCode: 202, headers: { 'Content-Type': 'application/json', 'X-Extra': 'yes' }, body: '{"ok":true}' };
    };
  });

  test('listens on loopback, hands the handler the exact body and writes its result back', async () => {
    expect(new URL(server.url).hostname).toBe('127.0.0.1');
    const payload = '{"type":"track","messageId":"m1"}\n';
    const response = await fetch(`${server.url}/v1/sources/demo/events`, { method: 'POST', headers: { 'content-type': 'application/json', 'X-Signature': 'abc' }, body: payload });
    expect(response.status).toBe(202);
    expect(response.headers.get('x-extra')).toBe('yes');
    expect(await response.text()).toBe('{"ok":true}');
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ body: payload, isBase64Encoded: false, pathParameters: { sourceId: 'demo' }, headers: { 'x-signature': 'abc' } });
  });

  test('decodes a base64 result body', async () => {
    handler = async () => ({ statusCode: 200, body: Buffer.from('hi').toString('base64'), isBase64Encoded: true });
    const response = await fetch(`${server.url}/v1/sources/demo/events`, { method: 'POST', body: '{}' });
    expect(await response.text()).toBe('hi');
  });

  test('unknown routes never reach the handler', async () => {
    const response = await fetch(`${server.url}/health`);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ message: 'Not Found' });
    expect(seen).toHaveLength(0);
  });

  test('a handler that throws becomes API Gateway’s 500', async () => {
    handler = async () => {
      throw new Error('boom');
    };
    const response = await fetch(`${server.url}/v1/sources/demo/events`, { method: 'POST', body: '{}' });
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ message: 'Internal Server Error' });
  });

  test('a body over 10 MB gets 413 without reaching the handler', async () => {
    const response = await fetch(`${server.url}/v1/sources/demo/events`, { method: 'POST', body: Buffer.alloc(API_GATEWAY_MAX_BODY_BYTES + 1, 0x20) });
    expect(response.status).toBe(413);
    expect(seen).toHaveLength(0);
  });

  test('close() waits for a request in flight', async () => {
    let release: () => void = () => undefined;
    let arrived: () => void = () => undefined;
    const inHandler = new Promise<void>((resolve) => (arrived = resolve));
    handler = () =>
      new Promise((resolve) => {
        release = () => resolve({ statusCode: 200, body: 'done' });
        arrived();
      });
    const other = await startIngestServer({ port: 0, handler: (event) => handler(event) });
    const pending = fetch(`${other.url}/v1/sources/demo/events`, { method: 'POST', body: '{}' });
    await inHandler;
    const closed = other.close();
    release();
    const response = await pending;
    expect(await response.text()).toBe('done');
    await closed;
  });
});
