import { SendMessageBatchCommand, SQSClient, type SendMessageBatchCommandInput } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { createHmac } from 'node:crypto';
import { handleIngest, UNAUTHORIZED_MESSAGE, type IngestDeps, type IngestRequest } from '../../lib/ingest/handle-ingest';
import type { TrackingCall } from '../../lib/http/tracking-api';
import { FileSettingsProvider } from '../../lib/settings/file-provider';
import { identifyEvent, trackEvent } from '../support/ingest-events';

/**
 * Segment's tracking API door (`/v1/batch`, `/v1/track`, …): HTTP Basic with the write key as the
 * user name and an empty password, as Segment's clients send it; the key names the source; then the
 * same triage and enqueue as the webhook path.
 */
const mockMeter = { hmacs: 0 };
jest.mock('node:crypto', () => {
  const actual = jest.requireActual<typeof import('node:crypto')>('node:crypto');
  return {
    ...actual,
    createHmac: jest.fn((algorithm: string, key: string | Buffer) => {
      mockMeter.hmacs++;
      return actual.createHmac(algorithm, key);
    }),
  };
});
void createHmac;

const WRITE_KEY = 'shop.Q7vd2mX0kP4sT9wZ1yB3cE5gH8jL0nR2'; // 43 characters, the dummy's length
const sqs = mockClient(SQSClient);
const deps: IngestDeps = {
  settings: new FileSettingsProvider({
    sources: {
      shop: { tagId: '1', adAccountId: '1', webhookSecret: 'shop-webhook-secret', writeKey: WRITE_KEY },
      blog: { tagId: '2', adAccountId: '2', webhookSecret: 'blog-webhook-secret' },
    },
  }),
  sqs: new SQSClient({}),
  queueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/main',
  deadLetterQueueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/dlq',
  limits: { maxBodyBytes: 1_048_576, maxEventBytes: 262_144 },
  send: { wait: async () => undefined },
};

type Entry = NonNullable<SendMessageBatchCommandInput['Entries']>[number];
let queued: Entry[] = [];
beforeEach(() => {
  sqs.reset();
  queued = [];
  sqs.on(SendMessageBatchCommand).callsFake((input: SendMessageBatchCommandInput) => {
    if (input.QueueUrl?.endsWith('/main')) queued.push(...(input.Entries ?? []));
    return { Successful: (input.Entries ?? []).map((e) => ({ Id: e.Id })) };
  });
});

const basic = (user: string, password = '') => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
const call = (trackingCall: TrackingCall, body: unknown, headers: Record<string, string> = { authorization: basic(WRITE_KEY) }, extra: Partial<IngestRequest> = {}) =>
  handleIngest({ trackingCall, headers, body: typeof body === 'string' ? body : JSON.stringify(body), ...extra }, deps);
const stored = () => queued.map((e) => ({ sourceId: e.MessageAttributes?.sourceId?.StringValue, event: JSON.parse(e.MessageBody as string) as Record<string, unknown> }));

describe('the tracking API door', () => {
  it("takes /v1/batch as analytics-node sends it (Basic base64(writeKey + ':'), writeKey and sentAt in the body)", async () => {
    const body = { batch: [trackEvent('b-1'), identifyEvent('b-2')], writeKey: WRITE_KEY, sentAt: new Date().toISOString(), context: { library: { name: 'analytics-node-next' } } };
    const outcome = await call('batch', body);
    // identify has no Pinterest event: counted as ignored, as on the webhook path.
    expect(outcome).toMatchObject({ statusCode: 200, body: { accepted: 1, ignored: 1 }, stats: { authMethod: 'write-key' }, sourceId: 'shop' });
    expect(stored().map((s) => [s.sourceId, s.event.messageId])).toEqual([['shop', 'b-1']]);
    // The batch's context is folded into each event; the write key is never stored with the events.
    expect(stored()[0]?.event.context).toMatchObject({ library: { name: 'analytics-node-next' } });
    expect(JSON.stringify(queued)).not.toContain(WRITE_KEY);
  });

  it('takes the write key as the Basic password too', async () => {
    await expect(call('track', trackEvent('p-1'), { authorization: basic('', WRITE_KEY) })).resolves.toMatchObject({ statusCode: 200 });
    await expect(call('track', trackEvent('p-2'), { authorization: basic('anything', WRITE_KEY) })).resolves.toMatchObject({ statusCode: 200 });
  });

  it.each(['track', 'page', 'screen'] as const)('/v1/%s takes one event and stores it with the path’s type when it has none', async (type) => {
    const { type: _omitted, ...event } = trackEvent(`single-${type}`);
    const outcome = await call(type, event);
    expect(outcome).toMatchObject({ statusCode: 200, body: { accepted: 1 } });
    expect(stored()).toEqual([{ sourceId: 'shop', event: expect.objectContaining({ type, messageId: `single-${type}` }) }]);
  });

  it.each(['identify', 'group', 'alias'] as const)('/v1/%s takes one event and counts it as ignored (no Pinterest event)', async (type) => {
    const { type: _omitted, ...event } = trackEvent(`single-${type}`);
    await expect(call(type, event)).resolves.toMatchObject({ statusCode: 200, body: { accepted: 0, ignored: 1 } });
  });

  it('refuses an event posted to the path of another type, an array to a single path, and a non-batch to /v1/batch', async () => {
    await expect(call('track', identifyEvent('x-1'))).resolves.toMatchObject({ statusCode: 400, body: { message: expect.stringContaining('/v1/track takes track events') } });
    await expect(call('track', [trackEvent('x-2')])).resolves.toMatchObject({ statusCode: 400 });
    await expect(call('batch', [trackEvent('x-3')])).resolves.toMatchObject({ statusCode: 400, body: { message: '/v1/batch takes {"batch": [...]}' } });
    await expect(call('batch', trackEvent('x-4'))).resolves.toMatchObject({ statusCode: 400 });
    expect(queued).toEqual([]);
  });

  it('dead-letters an invalid event of a batch and answers 200 for the rest, as the webhook path does', async () => {
    const outcome = await call('batch', { batch: [trackEvent('ok'), trackEvent('bad', { event: '' })] });
    expect(outcome).toMatchObject({ statusCode: 200, body: { accepted: 1, rejected: [{ index: 1, messageId: 'bad', reason: 'invalid_event' }] } });
  });

  const refusals: [string, Record<string, string>][] = [
    ['no credentials', {}],
    ['a wrong secret for a known source', { authorization: basic('shop.Q7vd2mX0kP4sT9wZ1yB3cE5gH8jL0nR3') }],
    ['a key for a source without a write key', { authorization: basic('blog.Q7vd2mX0kP4sT9wZ1yB3cE5gH8jL0nR2') }],
    ['a key for a source that does not exist', { authorization: basic('ghost.Q7vd2mX0kP4sT9wZ1yB3cE5gH8jL0nR') }],
    ['a malformed key', { authorization: basic('not-a-write-key') }],
    ["the source's webhook secret", { authorization: basic('shop-webhook-secret') }],
    ['the write key as Bearer', { authorization: `Bearer ${WRITE_KEY}` }],
  ];
  it.each(refusals)('refuses %s with the same 401', async (_case, headers) => {
    const outcome = await call('batch', { batch: [trackEvent('r-1')] }, headers);
    expect({ statusCode: outcome.statusCode, body: outcome.body, headers: outcome.headers }).toEqual({
      statusCode: 401,
      body: { message: UNAUTHORIZED_MESSAGE },
      headers: { 'www-authenticate': 'Basic realm="segment"' },
    });
    expect(queued).toEqual([]);
  });

  it('does the same work for a wrong key of a known source as for an unknown source (HMACs counted)', async () => {
    const count = async (key: string) => {
      await call('batch', { batch: [] }, { authorization: basic(key) });
      mockMeter.hmacs = 0;
      await call('batch', { batch: [] }, { authorization: basic(key) });
      return mockMeter.hmacs;
    };
    const known = await count('shop.Q7vd2mX0kP4sT9wZ1yB3cE5gH8jL0nR3');
    expect(known).toBeGreaterThan(0);
    expect(await count('ghost.Q7vd2mX0kP4sT9wZ1yB3cE5gH8jL0nR')).toBe(known);
    expect(await count('blog.Q7vd2mX0kP4sT9wZ1yB3cE5gH8jL0nR2')).toBe(known);
  });

  it('keeps the doors apart: the write key does not open the webhook path', async () => {
    const outcome = await handleIngest({ sourceId: 'shop', headers: { authorization: basic(WRITE_KEY) }, body: JSON.stringify(trackEvent('w-1')) }, deps);
    expect(outcome.statusCode).toBe(401);
  });
});
