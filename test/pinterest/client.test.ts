import { createPinterestClient, eventsUrl, parseResponseBody } from '../../lib/pinterest/client';
import type { PinterestEvent } from '../../lib/pinterest/types';
import { errorReply, perEvent, startPinterestDouble, type PinterestDouble } from '../support/pinterest-double';

const TOKEN = 'pina_SECRET_TOKEN_do_not_leak';
const event = (id: string): PinterestEvent => ({
  event_name: 'checkout',
  action_source: 'web',
  event_time: 1_700_000_000,
  event_id: id,
  user_data: { em: ['a'.repeat(64)] },
});

let pinterest: PinterestDouble;
beforeEach(async () => {
  pinterest = await startPinterestDouble();
});
afterEach(() => pinterest.close());

const send = (events = [event('e1'), event('e2')], testMode = false, timeoutMs = 2000) =>
  createPinterestClient({ baseUrl: `${pinterest.url}/`, timeoutMs }).send({ adAccountId: '549755885175', token: TOKEN, testMode, events });

describe('eventsUrl', () => {
  it('builds the events path, with ?test=true in test mode', () => {
    expect(eventsUrl('https://api.pinterest.com/', '123', false)).toBe('https://api.pinterest.com/v5/ad_accounts/123/events');
    expect(eventsUrl('https://api.pinterest.com', '123', true)).toBe('https://api.pinterest.com/v5/ad_accounts/123/events?test=true');
  });
});

describe('createPinterestClient', () => {
  it('POSTs {"data": [...]} with the bearer token and JSON content type', async () => {
    await send();
    expect(pinterest.requests).toHaveLength(1);
    const [request] = pinterest.requests;
    expect(request).toMatchObject({
      method: 'POST',
      url: '/v5/ad_accounts/549755885175/events',
      testMode: false,
      authorization: `Bearer ${TOKEN}`,
      contentType: 'application/json',
      body: { data: [event('e1'), event('e2')] },
    });
  });

  it('adds ?test=true in test mode', async () => {
    await send([event('e1')], true);
    expect(pinterest.requests[0]?.url).toBe('/v5/ad_accounts/549755885175/events?test=true');
  });

  it('parses a 200 with mixed per-event statuses, treating empty and null messages as absent', async () => {
    pinterest.respond((req) =>
      perEvent(req, (_e, i) =>
        i === 0 ? { status: 'processed', error_message: null, warning_message: 'labeled as an Unknown event' } : 'failed',
      ),
    );
    const result = await send();
    expect(result).toMatchObject({
      kind: 'http',
      status: 200,
      numEventsReceived: 2,
      numEventsProcessed: 1,
      events: [
        { status: 'processed', warningMessage: 'labeled as an Unknown event' },
        { status: 'failed', errorMessage: 'Invalid event' },
      ],
    });
    expect(result.kind === 'http' && result.events?.[0]).toEqual({ status: 'processed', warningMessage: 'labeled as an Unknown event' });
  });

  it('parses a 422 with details.events, code and message', async () => {
    pinterest.respond((req) => perEvent(req, (_e, i) => (i === 1 ? { status: 'failed', error_message: 'Given timestamp is in the past' } : 'processed'), 422));
    await expect(send()).resolves.toMatchObject({
      kind: 'http',
      status: 422,
      code: 953,
      message: 'Not all events were successfully processed',
      events: [{ status: 'processed' }, { status: 'failed', errorMessage: 'Given timestamp is in the past' }],
    });
  });

  it.each([
    [400, 4196, "Invalid request: Additional properties are not allowed ('x' was unexpected)"],
    [401, 2, 'Authentication failed.'],
    [403, 29, 'You are not permitted to access that resource.'],
    [500, 1, 'Internal error'],
  ])('returns %i with its error body, without throwing', async (status, code, message) => {
    pinterest.respond(() => errorReply(status, code, message));
    const result = await send();
    expect(result).toMatchObject({ kind: 'http', status, code, message });
    expect(result.kind === 'http' && result.events).toBeUndefined();
  });

  it('reads X-RateLimit-Reset on 429', async () => {
    pinterest.respond(() => errorReply(429, 8, 'Rate limit exceeded', { 'X-RateLimit-Reset': '42' }));
    await expect(send()).resolves.toMatchObject({ kind: 'http', status: 429, code: 8, rateLimitResetSeconds: 42 });
  });

  it('keeps the start of a non-JSON error body as the message', async () => {
    pinterest.respond(() => ({ status: 502, body: '<html>Bad Gateway</html>' }));
    await expect(send()).resolves.toMatchObject({ kind: 'http', status: 502, message: '<html>Bad Gateway</html>' });
  });

  it('turns a hanging request into a timeout result', async () => {
    pinterest.respond(() => 'hang');
    await expect(send([event('e1')], false, 150)).resolves.toMatchObject({ kind: 'error', cause: 'timeout', message: 'request timed out' });
  });

  it('turns a refused connection into a network result that does not carry the token', async () => {
    const url = pinterest.url;
    await pinterest.close();
    const result = await createPinterestClient({ baseUrl: url, timeoutMs: 2000 }).send({
      adAccountId: '1',
      token: TOKEN,
      testMode: false,
      events: [event('e1')],
    });
    expect(result).toMatchObject({ kind: 'error', cause: 'network' });
    expect(JSON.stringify(result)).not.toContain(TOKEN);
    pinterest = await startPinterestDouble();
  });
});

describe('parseResponseBody', () => {
  it('maps entries that are not objects or lack a status to "unknown"', () => {
    expect(parseResponseBody('{"events":[null,{"status":7},{"status":"queued"}]}').events).toEqual([
      { status: 'unknown' },
      { status: 'unknown' },
      { status: 'queued' },
    ]);
  });
  it('returns nothing for an empty body', () => {
    expect(parseResponseBody('')).toEqual({});
  });
});
