import { createPinterestClient } from '../../lib/pinterest/client';
import { answerEventsRequest, startPinterestSandbox } from '../../lib/local/pinterest-sandbox';
import { pinterestEvent } from '../support/pinterest-events';

const URL_PATH = '/v5/ad_accounts/549755885175/events';
const BEARER = 'Bearer pina_SECRET_TOKEN';
const body = (events: unknown[]) => JSON.stringify({ data: events });

describe('answerEventsRequest (the sandbox rules)', () => {
  test('accepts a valid request with one processed entry per event, in order', () => {
    const answer = answerEventsRequest('POST', URL_PATH, BEARER, body([pinterestEvent('e1'), pinterestEvent('e2', 'add_to_cart')]));
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      num_events_received: 2,
      num_events_processed: 2,
      events: [
        { status: 'processed', error_message: '', warning_message: '' },
        { status: 'processed', error_message: '', warning_message: '' },
      ],
    });
  });

  test('warns about a non-standard event name, as Pinterest does', () => {
    const answer = answerEventsRequest('POST', URL_PATH, BEARER, body([pinterestEvent('e1', 'Order Shipped')]));
    expect(answer.status).toBe(200);
    expect((answer.body as { events: { warning_message: string }[] }).events[0]?.warning_message).toMatch(/'Unknown' event/);
  });

  test.each([
    [undefined, 'no Authorization header'],
    ['Bearer ', 'an empty token'],
    ['Basic dXNlcjpwdw==', 'Basic auth'],
  ])('401 (code 2) for %p: %s', (authorization, _why) => {
    expect(answerEventsRequest('POST', URL_PATH, authorization, body([pinterestEvent('e1')]))).toMatchObject({
      status: 401,
      body: { code: 2, message: 'Authentication failed.' },
    });
  });

  test('400 (code 4196) naming the broken fields', () => {
    const event = { ...pinterestEvent('e1'), event_time: 1_700_000_000_000, custom_data: { bogus: 1 } };
    const answer = answerEventsRequest('POST', URL_PATH, BEARER, body([event]));
    expect(answer.status).toBe(400);
    expect((answer.body as { code: number }).code).toBe(4196);
    expect((answer.body as { message: string }).message).toMatch(/data\[0\]\.event_time: must be Unix seconds/);
    expect((answer.body as { message: string }).message).toMatch(/data\[0\]\.custom_data: Additional properties are not allowed \('bogus' was unexpected\)/);
  });

  test.each([
    ['no events', body([])],
    ['1001 events', body(Array.from({ length: 1001 }, (_, i) => pinterestEvent(`e${i}`)))],
    ['an unhashed email', body([{ ...pinterestEvent('e1'), user_data: { em: ['jane@example.com'] } }])],
    ['not JSON', '{"data": ['],
    ['no data', '{}'],
  ])('400 for %s', (_what, text) => {
    expect(answerEventsRequest('POST', URL_PATH, BEARER, text).status).toBe(400);
  });

  test('404 for other routes and methods, 400 for an ad account that is not digits', () => {
    expect(answerEventsRequest('GET', URL_PATH, BEARER, '').status).toBe(404);
    expect(answerEventsRequest('POST', '/v5/ad_accounts/1/conversions', BEARER, '').status).toBe(404);
    expect(answerEventsRequest('POST', '/v5/ad_accounts/abc/events', BEARER, body([pinterestEvent('e1')])).status).toBe(400);
  });

  test('the summary shows events, test mode and fields, never the token or hashes', () => {
    const event = { ...pinterestEvent('order-1'), user_data: { em: ['a'.repeat(64)], client_ip_address: '203.0.113.9' }, custom_data: { value: '25', currency: 'USD', contents: [{ id: 'p1' }] } };
    const { summary } = answerEventsRequest('POST', `${URL_PATH}?test=true`, BEARER, body([event]));
    expect(summary).toContain(`POST ${URL_PATH}?test=true -> 200  1 event, ad account 549755885175, TEST MODE`);
    expect(summary).toContain('1. checkout  web  2023-11-14T22:13:20Z  event_id=order-1');
    expect(summary).toContain('user_data: em (hashed)  client_ip_address');
    expect(summary).toContain('custom_data: value=25 currency=USD contents=[1]');
    expect(summary).not.toContain('SECRET_TOKEN');
    expect(summary).not.toContain('a'.repeat(64));
  });
});

describe('startPinterestSandbox', () => {
  test('answers the production client over HTTP on loopback and prints a summary per request', async () => {
    const printed: string[] = [];
    const sandbox = await startPinterestSandbox({ print: (s) => printed.push(s) });
    try {
      expect(new URL(sandbox.url).hostname).toBe('127.0.0.1');
      const client = createPinterestClient({ baseUrl: sandbox.url });
      const ok = await client.send({ adAccountId: '549755885175', token: 'tok', testMode: true, events: [pinterestEvent('e1')] });
      expect(ok).toMatchObject({ kind: 'http', status: 200, numEventsProcessed: 1, events: [{ status: 'processed' }] });
      const refused = await client.send({ adAccountId: '549755885175', token: '', testMode: false, events: [pinterestEvent('e1')] });
      expect(refused).toMatchObject({ kind: 'http', status: 401, code: 2 });
      expect(sandbox.counts).toEqual({ requests: 2, accepted: 1, events: 1 });
      expect(printed).toHaveLength(2);
      expect(printed[0]).toContain('?test=true -> 200');
    } finally {
      await sandbox.close();
    }
  });
});
