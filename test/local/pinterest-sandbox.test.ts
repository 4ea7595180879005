import { createPinterestClient } from '../../lib/pinterest/client';
import { answerEventsRequest, answerSandboxRequest, startPinterestSandbox } from '../../lib/local/pinterest-sandbox';
import { SandboxAdAccounts } from '../../lib/local/sandbox-ad-accounts';
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

  test('warns about an advertiser-defined name the account has not registered, as Pinterest does', () => {
    const answer = answerEventsRequest('POST', URL_PATH, BEARER, body([pinterestEvent('e1', 'order_shipped')]));
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

  test("400 (code 4196) naming the fields, for a body that breaks Pinterest's published schema", () => {
    const event = { ...pinterestEvent('e1'), event_time: '1700000000', custom_data: { bogus: 1 } };
    const answer = answerEventsRequest('POST', URL_PATH, BEARER, body([event]));
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({
      code: 4196,
      message: "Invalid request: data[0].event_time: is not of type 'integer'; data[0].custom_data: Additional properties are not allowed ('bogus' was unexpected)",
    });
  });

  test.each([
    ['no events', body([])],
    ['1001 events', body(Array.from({ length: 1001 }, (_, i) => pinterestEvent(`e${i}`)))],
    ['no identifier', body([{ ...pinterestEvent('e1'), user_data: { ph: ['a'.repeat(64)] } }])],
    ['not JSON', '{"data": ['],
    ['no data', '{}'],
  ])('400 for %s', (_what, text) => {
    expect(answerEventsRequest('POST', URL_PATH, BEARER, text).status).toBe(400);
  });

  test('an event that breaks a rule Pinterest documents in prose fails alone: 422 (code 953) with per-event results', () => {
    const events = [
      pinterestEvent('ok-1'),
      { ...pinterestEvent('ms-1'), event_time: 1_700_000_000_000 },
      { ...pinterestEvent('raw-email'), user_data: { em: ['jane@example.com'] } },
      pinterestEvent('spaces', 'Button Clicked'),
    ];
    const answer = answerEventsRequest('POST', URL_PATH, BEARER, body(events));
    expect(answer.status).toBe(422);
    expect(answer.body).toMatchObject({ code: 953, message: 'Not all events were successfully processed', details: { num_events_received: 4, num_events_processed: 1 } });
    const results = (answer.body as { details: { events: { status: string; error_message: string }[] } }).details.events;
    expect(results.map((r) => r.status)).toEqual(['processed', 'failed', 'failed', 'failed']);
    expect(results[1]?.error_message).toBe('event_time: must be Unix seconds (this looks like milliseconds)');
    expect(results[2]?.error_message).toBe('user_data.em[0]: must be a lowercase hex SHA-256 (64 characters)');
    expect(results[3]?.error_message).toMatch(/^event_name: "Button Clicked" is neither one of Pinterest's 22 standard event names/);
    expect(answer.summary).toContain('(3 failed)');
    expect(answer.summary).toContain('refused: event_time: must be Unix seconds');
  });

  test('404 for other routes and methods, 400 for an ad account that is not digits', () => {
    expect(answerEventsRequest('GET', URL_PATH, BEARER, '').status).toBe(404);
    expect(answerSandboxRequest('DELETE', '/v5/ad_accounts/1/advertiser_defined_events', BEARER, '').status).toBe(404);
    expect(answerSandboxRequest('POST', '/v5/ad_accounts/1/conversion_tags', BEARER, '{}').status).toBe(404);
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

describe('advertiser-defined events and conversion tags', () => {
  const DEFINED = '/v5/ad_accounts/549755885175/advertiser_defined_events';
  const define = (accounts: SandboxAdAccounts, items: unknown) => answerSandboxRequest('POST', DEFINED, BEARER, JSON.stringify({ items }), accounts);

  test('defines names, lists them, and stops warning about them in events', () => {
    const accounts = new SandboxAdAccounts();
    const answer = define(accounts, [
      { name: 'button_clicked', mapped_conversion_type: 'LEAD' },
      { name: 'Button Clicked', mapped_conversion_type: 'LEAD' },
      { name: 'BUTTON_CLICKED', mapped_conversion_type: 'SIGNUP' },
      { name: 'checkout', mapped_conversion_type: 'CHECKOUT' },
      { name: 'app_opened', mapped_conversion_type: 'APP_OPEN' },
    ]);
    expect(answer.status).toBe(200);
    expect((answer.body as { items: unknown[] }).items).toEqual([
      { name: 'button_clicked', status: 'success' },
      { name: 'Button Clicked', status: 'failure', exceptions: ['name must be 1 to 100 letters, digits, underscores or hyphens'] },
      { name: 'BUTTON_CLICKED', status: 'failure', exceptions: ['an advertiser-defined event named "button_clicked" already exists'] },
      { name: 'checkout', status: 'failure', exceptions: ['"checkout" is a standard event name'] },
      { name: 'app_opened', status: 'failure', exceptions: [expect.stringMatching(/^mapped_conversion_type must be one of ADD_PAYMENT_INFO, ADD_TO_CART, /)] },
    ]);
    expect(answerSandboxRequest('GET', DEFINED, BEARER, '', accounts).body).toEqual({ items: [{ name: 'button_clicked', mapped_conversion_type: 'LEAD' }] });
    const events = answerSandboxRequest('POST', URL_PATH, BEARER, body([pinterestEvent('e1', 'button_clicked')]), accounts);
    expect((events.body as { events: { warning_message: string }[] }).events[0]?.warning_message).toBe('');
    // Another ad account has its own list.
    expect(answerSandboxRequest('GET', '/v5/ad_accounts/1/advertiser_defined_events', BEARER, '', accounts).body).toEqual({ items: [] });
  });

  test('at most 15 per ad account', () => {
    const accounts = new SandboxAdAccounts();
    const answer = define(accounts, Array.from({ length: 16 }, (_, i) => ({ name: `step_${i}`, mapped_conversion_type: 'LEAD' })));
    const statuses = (answer.body as { items: { status: string }[] }).items.map((i) => i.status);
    expect(statuses.filter((s) => s === 'success')).toHaveLength(15);
    expect((answer.body as { items: { exceptions?: string[] }[] }).items[15]?.exceptions).toEqual(['at most 15 advertiser-defined events per ad account']);
  });

  test('400 without items, 401 without a token', () => {
    expect(define(new SandboxAdAccounts(), []).status).toBe(400);
    expect(answerSandboxRequest('GET', DEFINED, undefined, '').status).toBe(401);
  });

  test('lists the conversion tags it was started with', () => {
    const accounts = new SandboxAdAccounts({ '549755885175': ['2614759966035'] });
    expect(answerSandboxRequest('GET', '/v5/ad_accounts/549755885175/conversion_tags?filter_deleted=true', BEARER, '', accounts).body).toEqual({
      items: [{ id: '2614759966035', ad_account_id: '549755885175', name: 'Sandbox tag 2614759966035', status: 'ACTIVE' }],
    });
    expect(answerSandboxRequest('GET', '/v5/ad_accounts/1/conversion_tags', BEARER, '', accounts).body).toEqual({ items: [] });
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
      expect(printed).toHaveLength(2);
      expect(printed[0]).toContain('?test=true -> 200');
      // A documented-rule violation comes back to the production client as one failed event of a 422.
      const mixed = await client.send({ adAccountId: '549755885175', token: 'tok', testMode: false, events: [pinterestEvent('ok'), pinterestEvent('bad', 'Button Clicked')] });
      expect(mixed).toMatchObject({
        kind: 'http',
        status: 422,
        code: 953,
        numEventsProcessed: 1,
        events: [{ status: 'processed' }, { status: 'failed', errorMessage: expect.stringMatching(/^event_name: "Button Clicked" is neither/) }],
      });
      expect(sandbox.counts).toEqual({ requests: 3, accepted: 2, events: 3 });
    } finally {
      await sandbox.close();
    }
  });
});
