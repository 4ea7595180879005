import { SendMessageBatchCommand, SQSClient, type SendMessageBatchCommandInput } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { signPayload } from '../../lib/auth/signature';
import { handleIngest, UNAUTHORIZED_MESSAGE, type IngestDeps } from '../../lib/ingest/handle-ingest';
import { FileSettingsProvider } from '../../lib/settings/file-provider';
import { trackEvent } from '../support/ingest-events';

/**
 * Signatures and shared secrets under attack: every way of presenting the wrong proof gets the same
 * 401, and every comparison with the secret goes through crypto.timingSafeEqual on equal-length
 * digests, whatever the length of what was presented.
 */

// Every comparison is observed: timingSafeEqual is the real one, wrapped in a jest.fn.
jest.mock('node:crypto', () => {
  const actual = jest.requireActual<typeof import('node:crypto')>('node:crypto');
  return { ...actual, timingSafeEqual: jest.fn(actual.timingSafeEqual) };
});
const comparisons = timingSafeEqual as jest.MockedFunction<typeof timingSafeEqual>;

const SECRETS = { shop: 'Shop-Webhook-Secret-4f1a', blog: 'blog-webhook-secret-77c2' };
const sqs = mockClient(SQSClient);
const deps: IngestDeps = {
  settings: new FileSettingsProvider({
    sources: {
      shop: { tagId: '1', adAccountId: '1', webhookSecret: SECRETS.shop },
      blog: { tagId: '2', adAccountId: '2', webhookSecret: SECRETS.blog },
    },
  }),
  sqs: new SQSClient({}),
  queueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/main',
  deadLetterQueueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/dlq',
  limits: { maxBodyBytes: 1_048_576, maxEventBytes: 262_144 },
  send: { wait: async () => undefined },
};

const single = JSON.stringify(trackEvent('sig-1'));
const array = JSON.stringify([trackEvent('sig-2'), trackEvent('sig-3')]);
const sig = (secret: string, payload: string) => signPayload(secret, payload);
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
const post = (sourceId: string, body: string, headers: Record<string, string>) => handleIngest({ sourceId, headers, body }, deps);

beforeEach(() => {
  sqs.reset();
  sqs.on(SendMessageBatchCommand).callsFake((input: SendMessageBatchCommandInput) => ({ Successful: (input.Entries ?? []).map((e) => ({ Id: e.Id })) }));
});

describe('signature and secret checks', () => {
  it('accepts the genuine article in every form (the control for the refusals below)', async () => {
    const good = [
      await post('shop', single, { 'x-signature': sig(SECRETS.shop, single) }),
      await post('shop', single, { 'X-SIGNATURE': sig(SECRETS.shop, single).toUpperCase() }),
      await post('shop', array, { 'x-signature': sig(SECRETS.shop, JSON.stringify(JSON.parse(array)[0])) }),
      await post('shop', single, { authorization: `Bearer ${SECRETS.shop}` }),
      await post('shop', single, { Authorization: basic('segment', SECRETS.shop) }),
    ];
    expect(good.map((o) => o.statusCode)).toEqual([200, 200, 200, 200, 200]);
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
    ['Basic with the secret as user name', { authorization: basic(SECRETS.shop, '') }],
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
      await post('blog', array, { 'x-signature': sig(SECRETS.shop, JSON.stringify(JSON.parse(array)[0])) }),
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
      await post('shop', swapped, { 'x-signature': sig(SECRETS.shop, JSON.stringify(JSON.parse(array)[0])) }),
    ];
    expect(outcomes.map((o) => o.statusCode)).toEqual([401, 401]);
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
