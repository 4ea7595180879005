import { SendMessageBatchCommand, SQSClient, type SendMessageBatchCommandInput } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { UNKNOWN_SOURCE_SECRET } from '../../lib/auth/constant-time';
import { signPayload } from '../../lib/auth/signature';
import { handleIngest, UNAUTHORIZED_MESSAGE, type IngestDeps, type IngestOutcome } from '../../lib/ingest/handle-ingest';
import { parseJson } from '../../lib/util/parse-json';
import { FileSettingsProvider } from '../../lib/settings/file-provider';
import { trackEvent } from '../support/ingest-events';

/**
 * Signatures and shared secrets under attack: every way of presenting the wrong proof gets the same
 * 401; every comparison goes through crypto.timingSafeEqual on equal-length digests; a source that
 * did not opt in to the Webhooks (Actions) array rule cannot be sent forged batches; nothing is
 * parsed before the signature matches; and an unknown source costs exactly the work of a known one.
 */

// Every comparison and every HMAC is observed: the real functions, wrapped.
const mockMeter = { hmacs: 0, bytes: 0 };
jest.mock('node:crypto', () => {
  const actual = jest.requireActual<typeof import('node:crypto')>('node:crypto');
  return {
    ...actual,
    timingSafeEqual: jest.fn(actual.timingSafeEqual),
    createHmac: jest.fn((algorithm: string, key: string | Buffer) => {
      const hmac = actual.createHmac(algorithm, key);
      const update = hmac.update.bind(hmac);
      mockMeter.hmacs++;
      hmac.update = ((data: string | Buffer) => {
        mockMeter.bytes += Buffer.byteLength(data);
        return update(data);
      }) as typeof hmac.update;
      return hmac;
    }),
  };
});
jest.mock('../../lib/util/parse-json', () => {
  const actual = jest.requireActual<typeof import('../../lib/util/parse-json')>('../../lib/util/parse-json');
  return { ...actual, parseJson: jest.fn(actual.parseJson) };
});
const comparisons = timingSafeEqual as jest.MockedFunction<typeof timingSafeEqual>;
const parses = parseJson as jest.MockedFunction<typeof parseJson>;

// The known secrets have the dummy's length (43 characters, base64url of 32 random bytes, as
// `openssl rand -base64 32` gives): see "equal work" below for why the length matters at all.
const SECRETS = {
  shop: 'Shop-Webhook-Secret-4f1a-0123456789abcdefgh',
  blog: 'blog-webhook-secret-77c2-0123456789abcdefgh',
  api: 'api0-webhook-secret-77c2-0123456789abcdefgh',
};
const MAX_EVENT = 262_144;
const sqs = mockClient(SQSClient);
const deps: IngestDeps = {
  settings: new FileSettingsProvider({
    sources: {
      // shop uses Segment Webhooks (Actions) in batch mode: it opts in to the array rule.
      shop: { tagId: '1', adAccountId: '1', webhookSecret: SECRETS.shop, auth: ['signature', 'array-signature', 'bearer', 'basic'] },
      // blog keeps the default: signature over the whole body, Bearer, Basic.
      blog: { tagId: '2', adAccountId: '2', webhookSecret: SECRETS.blog },
      // api takes Bearer only.
      api: { tagId: '3', adAccountId: '3', webhookSecret: SECRETS.api, auth: ['bearer'] },
    },
  }),
  sqs: new SQSClient({}),
  queueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/main',
  deadLetterQueueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/dlq',
  limits: { maxBodyBytes: 6_000_000, maxEventBytes: MAX_EVENT },
  send: { wait: async () => undefined },
};

const single = JSON.stringify(trackEvent('sig-1'));
const array = JSON.stringify([trackEvent('sig-2'), trackEvent('sig-3')]);
const sig = (secret: string, payload: string) => signPayload(secret, payload);
const arraySig = (secret: string, body: string) => sig(secret, JSON.stringify((JSON.parse(body) as unknown[])[0]));
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
const post = (sourceId: string, body: string, headers: Record<string, string>) => handleIngest({ sourceId, headers, body }, deps);
const enqueued = () => sqs.commandCalls(SendMessageBatchCommand).reduce((n, c) => n + (c.args[0].input.Entries?.length ?? 0), 0);
const publicPart = (o: IngestOutcome) => ({ statusCode: o.statusCode, body: o.body, headers: o.headers });

beforeEach(() => {
  sqs.reset();
  sqs.on(SendMessageBatchCommand).callsFake((input: SendMessageBatchCommandInput) => ({ Successful: (input.Entries ?? []).map((e) => ({ Id: e.Id })) }));
  parses.mockClear();
});

describe('signature and secret checks', () => {
  it('accepts the genuine article in every form (the control for the refusals below)', async () => {
    const good = [
      await post('shop', single, { 'x-signature': sig(SECRETS.shop, single) }),
      await post('shop', single, { 'X-SIGNATURE': sig(SECRETS.shop, single).toUpperCase() }),
      await post('shop', array, { 'x-signature': arraySig(SECRETS.shop, array) }),
      await post('shop', single, { authorization: `Bearer ${SECRETS.shop}` }),
      await post('shop', single, { Authorization: basic('segment', SECRETS.shop) }),
      // Segment's HTTP API convention: the secret as the user name, an empty password.
      await post('shop', single, { Authorization: basic(SECRETS.shop, '') }),
      await post('blog', array, { 'x-signature': sig(SECRETS.blog, array) }),
    ];
    expect(good.map((o) => [o.statusCode, o.stats.authMethod])).toEqual([
      [200, 'signature'],
      [200, 'signature'],
      [200, 'array-signature'],
      [200, 'bearer'],
      [200, 'basic'],
      [200, 'basic'],
      [200, 'signature'],
    ]);
  });

  const good = sig(SECRETS.shop, single);
  it.each([
    ['no credentials at all', {}],
    ['an empty X-Signature', { 'x-signature': '' }],
    ['a signature one hex digit short', { 'x-signature': good.slice(0, -1) }],
    ['a signature one hex digit long', { 'x-signature': `${good}0` }],
    ['a signature twice as long', { 'x-signature': good + good }],
    ['a signature with one digit changed', { 'x-signature': good.slice(0, -1) + (good.endsWith('0') ? '1' : '0') }],
    ['a GitHub-style sha1= prefix', { 'x-signature': `sha1=${good}` }],
    ['a signature made with the secret in the wrong case', { 'x-signature': sig(SECRETS.shop.toUpperCase(), single) }],
    ['a SHA-256 signature', { 'x-signature': createHmac('sha256', SECRETS.shop).update(single).digest('hex') }],
    ['the secret in the wrong case as Bearer', { authorization: `Bearer ${SECRETS.shop.toLowerCase()}` }],
    ['a prefix of the secret as Bearer', { authorization: `Bearer ${SECRETS.shop.slice(0, -1)}` }],
    ['the secret with a suffix as Bearer', { authorization: `Bearer ${SECRETS.shop}x` }],
    ['Bearer without a token', { authorization: 'Bearer' }],
    ['Basic with the secret as user name and a wrong password', { authorization: basic(SECRETS.shop, 'guess') }],
    ['Basic without a colon', { authorization: `Basic ${Buffer.from(SECRETS.shop).toString('base64')}` }],
    ['an unknown scheme', { authorization: `Token ${SECRETS.shop}` }],
    ["the other source's secret", { authorization: `Bearer ${SECRETS.blog}` }],
  ])('refuses %s with 401', async (_case, headers) => {
    const outcome = await post('shop', single, headers);
    expect(outcome).toMatchObject({ statusCode: 401, body: { message: UNAUTHORIZED_MESSAGE }, headers: { 'www-authenticate': 'Bearer' } });
    expect(sqs.commandCalls(SendMessageBatchCommand)).toHaveLength(0);
  });

  it('refuses a body replayed against another source, in every signing form', async () => {
    const replays = [
      await post('blog', single, { 'x-signature': sig(SECRETS.shop, single) }),
      await post('blog', array, { 'x-signature': arraySig(SECRETS.shop, array) }),
      await post('blog', array, { 'x-signature': sig(SECRETS.shop, array) }),
      await post('blog', single, { authorization: `Bearer ${SECRETS.shop}` }),
      await post('blog', single, { authorization: basic('segment', SECRETS.shop) }),
      // And to a source that does not exist: the same answer, so the API does not reveal which exist.
      await post('ghost', single, { 'x-signature': sig(SECRETS.shop, single) }),
    ];
    expect(replays.map((o) => [o.statusCode, o.body])).toEqual(Array(6).fill([401, { message: UNAUTHORIZED_MESSAGE }]));
    expect(sqs.commandCalls(SendMessageBatchCommand)).toHaveLength(0);
  });

  it('refuses a signed body with one byte changed, and an array whose first event was swapped', async () => {
    const tampered = single.replace('"sig-1"', '"sig-9"');
    const swapped = JSON.stringify([trackEvent('evil'), trackEvent('sig-3')]);
    const outcomes = [
      await post('shop', tampered, { 'x-signature': sig(SECRETS.shop, single) }),
      await post('shop', swapped, { 'x-signature': arraySig(SECRETS.shop, array) }),
    ];
    expect(outcomes.map((o) => o.statusCode)).toEqual([401, 401]);
  });

  it('accepts only the methods a source lists', async () => {
    const outcomes = [
      await post('api', single, { 'x-signature': sig(SECRETS.api, single) }),
      await post('api', single, { authorization: basic('segment', SECRETS.api) }),
      await post('api', single, { authorization: `Bearer ${SECRETS.api}` }),
    ];
    expect(outcomes.map((o) => o.statusCode)).toEqual([401, 401, 200]);
  });

  it('compares every presented credential with crypto.timingSafeEqual on equal-length digests', async () => {
    const presented = ['a', good.slice(0, 20), good.slice(0, -1) + (good.endsWith('0') ? '1' : '0'), 'f'.repeat(4000)];
    for (const value of presented) {
      comparisons.mockClear();
      const outcome = await post('shop', single, { 'x-signature': value, authorization: `Bearer ${value}` });
      expect(outcome.statusCode).toBe(401);
      // One comparison for Bearer, one for the signature; both sides always 32 bytes.
      expect(comparisons).toHaveBeenCalledTimes(2);
      for (const [a, b] of comparisons.mock.calls) expect([(a as Buffer).length, (b as Buffer).length]).toEqual([32, 32]);
    }
  });
});

describe('forged batches: the array rule only where a source opts in (issue 13, item 3)', () => {
  // The attack: one genuine single-event array body, signed by Segment the Webhooks (Actions) way,
  // with 3,999 events of the attacker's behind it. The signature still matches: it covers event 0.
  const forged = (secret: string) => {
    const genuine = [trackEvent('genuine')];
    const signature = arraySig(secret, JSON.stringify(genuine));
    const injected = Array.from({ length: 3999 }, (_, i) => trackEvent(`forged-${i}`));
    return { body: JSON.stringify([...genuine, ...injected]), signature };
  };

  it('a source on the default methods refuses it: 401, nothing enqueued', async () => {
    const { body, signature } = forged(SECRETS.blog);
    const outcome = await post('blog', body, { 'x-signature': signature });
    expect(outcome).toMatchObject({ statusCode: 401, body: { message: UNAUTHORIZED_MESSAGE } });
    expect(enqueued()).toBe(0);
  });

  it('a source that lists array-signature accepts it: the documented limit of that rule, not fixable on the wire', async () => {
    const { body, signature } = forged(SECRETS.shop);
    const outcome = await post('shop', body, { 'x-signature': signature });
    expect(outcome).toMatchObject({ statusCode: 200, body: { accepted: 4000 }, stats: { authMethod: 'array-signature' } });
  });
});

describe('authenticate before parsing (issue 13, item 4)', () => {
  const MB5 = 5 * 1024 * 1024;
  const nested = '['.repeat(MB5 / 2) + ']'.repeat(MB5 / 2);

  it.each(['shop', 'blog', 'ghost'])('5 MB of [[[…]]] with any X-Signature to %s: 401 and the parser never runs', async (sourceId) => {
    const parseSpy = jest.spyOn(JSON, 'parse');
    try {
      const outcome = await post(sourceId, nested, { 'x-signature': 'ab'.repeat(20) });
      expect(outcome).toMatchObject({ statusCode: 401, body: { message: UNAUTHORIZED_MESSAGE } });
      expect(parses).not.toHaveBeenCalled();
      // The array rule's bounded scan found no first element within MAX_EVENT characters, so not
      // even a slice was parsed; nothing longer than one event is ever handed to JSON.parse.
      expect(parseSpy.mock.calls.filter(([text]) => typeof text === 'string' && text.length > MAX_EVENT)).toEqual([]);
    } finally {
      parseSpy.mockRestore();
    }
  });

  it('a wrong signature on a valid 2 MB array: the first element is parsed (at most one event long), the body never', async () => {
    const big = JSON.stringify(Array.from({ length: 2000 }, (_, i) => trackEvent(`big-${i}`, { properties: { pad: 'x'.repeat(800) } })));
    expect(big.length).toBeGreaterThan(2_000_000);
    const parseSpy = jest.spyOn(JSON, 'parse');
    try {
      const outcome = await post('shop', big, { 'x-signature': 'ab'.repeat(20) });
      expect(outcome.statusCode).toBe(401);
      expect(parses).not.toHaveBeenCalled();
      const lengths = parseSpy.mock.calls.map(([text]) => (text as string).length);
      expect(Math.max(0, ...lengths)).toBeLessThanOrEqual(MAX_EVENT);
    } finally {
      parseSpy.mockRestore();
    }
  });
});

describe('equal work and answer for unknown and known sources (issue 13, item 5)', () => {
  /** HMACs computed and bytes fed to them while handling one request. */
  async function measure(sourceId: string, body: string, headers: Record<string, string>) {
    await post(sourceId, body, headers); // warm: both lookups are cached, as in a flood
    mockMeter.hmacs = 0;
    mockMeter.bytes = 0;
    comparisons.mockClear();
    const outcome = await post(sourceId, body, headers);
    return { answer: publicPart(outcome), hmacs: mockMeter.hmacs, bytes: mockMeter.bytes, comparisons: comparisons.mock.calls.length };
  }

  const bigArray = JSON.stringify(Array.from({ length: 2000 }, (_, i) => trackEvent(`w-${i}`, { properties: { pad: 'y'.repeat(800) } })));
  const wrong = 'Wrong-Credential-0000-0123456789abcdefghijk';
  const cases: [string, string, Record<string, string>][] = [
    ['no credentials', single, {}],
    ['a wrong Bearer token', single, { authorization: `Bearer ${wrong}` }],
    ['a wrong Basic password', single, { authorization: basic('segment', wrong) }],
    ['a wrong Basic user name', single, { authorization: basic(wrong, '') }],
    ['a wrong signature on one event', single, { 'x-signature': 'ab'.repeat(20) }],
    ['a wrong signature on a 2 MB array', bigArray, { 'x-signature': 'ab'.repeat(20) }],
    ['everything wrong at once', array, { authorization: `Bearer ${wrong}`, 'x-signature': 'cd'.repeat(20) }],
  ];

  it.each(cases)('%s: the same answer and the same HMACs over the same bytes for shop, blog, api and an unknown id', async (_case, body, headers) => {
    expect(UNKNOWN_SOURCE_SECRET).toHaveLength(SECRETS.shop.length);
    const results = [await measure('ghost', body, headers), await measure('shop', body, headers), await measure('blog', body, headers), await measure('api', body, headers)];
    expect(results[0]?.answer).toMatchObject({ statusCode: 401, body: { message: UNAUTHORIZED_MESSAGE } });
    // No credentials: no work at all, for anyone.
    if (Object.keys(headers).length > 0) expect(results[0]?.hmacs).toBeGreaterThan(0);
    for (const r of results.slice(1)) expect(r).toEqual(results[0]);
    expect(enqueued()).toBe(0);
  });
});

describe('hostile credentials', () => {
  const MB = 1024 * 1024;
  it.each([
    ['a 1 MB Authorization header of spaced tokens', { authorization: 'a '.repeat(MB / 2) }],
    ['a 1 MB Bearer token', { authorization: `Bearer ${'x'.repeat(MB)}` }],
    ['Basic with 1 MB of base64', { authorization: `Basic ${Buffer.from(`u:${'p'.repeat(MB)}`).toString('base64')}` }],
    ['Basic decoding to invalid UTF-8', { authorization: `Basic ${Buffer.from([0x75, 0x3a, 0xff, 0xfe, 0xc3]).toString('base64')}` }],
    ['Basic with only a colon', { authorization: `Basic ${Buffer.from(':').toString('base64')}` }],
    ['NUL bytes and emoji in a Bearer token', { authorization: `Bearer \u0000${SECRETS.shop}🍜` }],
    ['a 1 MB X-Signature', { 'x-signature': 'f'.repeat(MB) }],
    ['an X-Signature of whitespace', { 'x-signature': ' \t ' }],
    ['repeated Authorization headers joined by a comma', { authorization: `Bearer ${SECRETS.shop}`, Authorization: `Bearer ${SECRETS.shop}` }],
  ])('%s: 401, nothing enqueued', async (_case, headers) => {
    const outcome = await post('shop', array, headers as Record<string, string>);
    expect(outcome).toMatchObject({ statusCode: 401, body: { message: UNAUTHORIZED_MESSAGE } });
    expect(enqueued()).toBe(0);
  });

  it('a 1 MB write key on the tracking API: 401 without a lookup', async () => {
    const lookups = jest.spyOn(deps.settings, 'getIngestCredentials');
    try {
      const outcome = await handleIngest({ trackingCall: 'batch', headers: { authorization: `Basic ${Buffer.from(`shop.${'k'.repeat(MB)}:`).toString('base64')}` }, body: '{"batch":[]}' }, deps);
      expect(outcome.statusCode).toBe(401);
      expect(lookups).not.toHaveBeenCalled();
    } finally {
      lookups.mockRestore();
    }
  });
});
