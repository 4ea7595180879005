import { SendMessageBatchCommand, SQSClient, type SendMessageBatchCommandInput } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import fc from 'fast-check';
import { DEFAULT_AUTH_METHODS } from '../../lib/auth/methods';
import { signPayload } from '../../lib/auth/signature';
import { handleIngest, UNAUTHORIZED_MESSAGE, type IngestDeps, type IngestRequest } from '../../lib/ingest/handle-ingest';
import { identifyEvent, trackEvent } from '../support/ingest-events';

const sqs = mockClient(SQSClient);
const QUEUE = 'https://sqs.us-east-1.amazonaws.com/123456789012/main';
const DLQ = 'https://sqs.us-east-1.amazonaws.com/123456789012/dead';
const SECRET = 'web-secret';
const receivedAt = new Date('2026-11-28T10:00:05.000Z');

type Entry = NonNullable<SendMessageBatchCommandInput['Entries']>[number];

function deps(overrides: Partial<IngestDeps> = {}): IngestDeps {
  return {
    settings: { getIngestCredentials: async (id) => (id === 'web' ? { webhookSecret: SECRET, auth: DEFAULT_AUTH_METHODS } : undefined) },
    sqs: new SQSClient({}),
    queueUrl: QUEUE,
    deadLetterQueueUrl: DLQ,
    limits: { maxBodyBytes: 1_048_576, maxEventBytes: 258_048 },
    send: { wait: async () => undefined },
    ...overrides,
  };
}

const bearer = { authorization: `Bearer ${SECRET}` };
const request = (body: unknown, headers: Record<string, string> = bearer, extra: Partial<IngestRequest> = {}): IngestRequest => ({
  sourceId: 'web',
  headers,
  body: typeof body === 'string' ? body : JSON.stringify(body),
  receivedAt,
  ...extra,
});

/** Every SendMessageBatch entry SQS accepted, per queue. */
function acceptAll(): Map<string, Entry[]> {
  const queued = new Map<string, Entry[]>([
    [QUEUE, []],
    [DLQ, []],
  ]);
  sqs.on(SendMessageBatchCommand).callsFake((input: SendMessageBatchCommandInput) => {
    queued.get(input.QueueUrl as string)?.push(...(input.Entries ?? []));
    return { Successful: (input.Entries ?? []).map((e) => ({ Id: e.Id, MessageId: `sqs-${e.Id}`, MD5OfMessageBody: 'x' })), Failed: [] };
  });
  return queued;
}

const bodies = (entries: Entry[] | undefined) => (entries ?? []).map((e) => JSON.parse(e.MessageBody as string) as { messageId: string });

beforeEach(() => sqs.reset());

describe('handleIngest: routing, limits and authentication', () => {
  it('answers 404 for source ids that cannot exist', async () => {
    for (const sourceId of [undefined, '', 'a/b', 'x'.repeat(65), '../etc']) {
      await expect(handleIngest(request(trackEvent('m1'), bearer, { sourceId }), deps())).resolves.toMatchObject({ statusCode: 404 });
    }
  });

  it('answers 413 naming the limit for a body over MAX_BODY_BYTES, declared or actual', async () => {
    const d = deps({ limits: { maxBodyBytes: 2048, maxEventBytes: 1024 } });
    const declared = await handleIngest(request(trackEvent('m1'), { ...bearer, 'Content-Length': '99999' }), d);
    expect(declared).toMatchObject({ statusCode: 413, body: { message: 'request body is 99999 bytes; the limit is 2048 bytes (MAX_BODY_BYTES)' } });
    const actual = await handleIngest(request([trackEvent('m1', { pad: 'x'.repeat(3000) })]), d);
    expect(actual).toMatchObject({ statusCode: 413, body: { message: expect.stringContaining('the limit is 2048 bytes (MAX_BODY_BYTES)') } });
    expect(sqs.calls()).toHaveLength(0);
  });

  it('answers 413 naming MAX_EVENT_BYTES for a single event over the per-event limit', async () => {
    const d = deps({ limits: { maxBodyBytes: 8192, maxEventBytes: 1024 } });
    const result = await handleIngest(request(trackEvent('m1', { pad: 'x'.repeat(2000) })), d);
    expect(result).toMatchObject({ statusCode: 413, body: { message: expect.stringMatching(/the limit is 1024 bytes \(MAX_EVENT_BYTES\)$/) } });
    expect(sqs.calls()).toHaveLength(0);
  });

  it('answers 401 with the same body for an unknown source, missing and wrong credentials', async () => {
    const unknown = await handleIngest(request(trackEvent('m1'), bearer, { sourceId: 'ghost' }), deps());
    const missing = await handleIngest(request(trackEvent('m1'), {}), deps());
    const wrong = await handleIngest(request(trackEvent('m1'), { authorization: 'Bearer guess' }), deps());
    const badSignature = await handleIngest(request(trackEvent('m1'), { 'x-signature': signPayload('guess', '{}') }), deps());
    for (const result of [unknown, missing, wrong, badSignature]) {
      expect(result).toMatchObject({ statusCode: 401, body: { message: UNAUTHORIZED_MESSAGE }, headers: { 'www-authenticate': 'Bearer' } });
      expect(result.body).toEqual(unknown.body);
    }
    expect(sqs.calls()).toHaveLength(0);
  });

  it('authenticates before it parses: broken JSON from a stranger is a 401, not a 400', async () => {
    const result = await handleIngest(request('[{"oops"', { 'x-signature': 'ab'.repeat(20) }), deps());
    expect(result.statusCode).toBe(401);
  });

  it('answers 503 when the webhook secret cannot be read (Segment retries)', async () => {
    const d = deps({ settings: { getIngestCredentials: async () => Promise.reject(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' })) } });
    await expect(handleIngest(request(trackEvent('m1')), d)).resolves.toMatchObject({
      statusCode: 503,
      error: 'webhook secret lookup failed: ThrottlingException',
    });
  });
});

describe('handleIngest: parsing and validation', () => {
  it('answers 400 with the parser position for invalid JSON', async () => {
    const result = await handleIngest(request('{"type":"track",}'), deps());
    expect(result).toMatchObject({
      statusCode: 400,
      body: { message: "invalid JSON at position 16 (line 1, column 17): expected a double-quoted property name, found '}'" },
    });
  });

  it('answers 400 for bodies that are not events', async () => {
    await expect(handleIngest(request('42'), deps())).resolves.toMatchObject({ statusCode: 400, body: { message: expect.stringContaining('body must be') } });
    await expect(handleIngest(request('[]'), deps())).resolves.toMatchObject({ statusCode: 400 });
  });

  it('dead-letters a single invalid event, then answers 400 so Segment does not retry it', async () => {
    const queued = acceptAll();
    const event = trackEvent('bad-1', { timestamp: 'soon' });
    const raw = JSON.stringify(event);
    const result = await handleIngest(request(raw), deps());
    expect(result).toEqual({
      statusCode: 400,
      body: {
        message: 'event rejected: timestamp must be an ISO 8601 date (timestamp, originalTimestamp or receivedAt)',
        accepted: 0,
        ignored: 0,
        rejected: [{ index: 0, messageId: 'bad-1', reason: 'invalid_event', message: expect.stringContaining('timestamp') }],
      },
      stats: expect.objectContaining({ received: 1, rejected: 1, enqueueFailures: 0 }),
      sourceId: 'web',
      error: 'invalid_event',
    });
    expect(queued.get(DLQ)?.[0]?.MessageBody).toBe(raw);
    expect(queued.get(QUEUE)).toHaveLength(0);
  });

  it('answers 503 for a single invalid event that could not be dead-lettered', async () => {
    sqs.on(SendMessageBatchCommand).rejects(Object.assign(new Error('timed out'), { name: 'TimeoutError' }));
    const result = await handleIngest(request(trackEvent('bad-1', { messageId: 7 })), deps());
    expect(result.statusCode).toBe(503);
  });
});

describe('handleIngest: enqueueing', () => {
  it('enqueues a single event with its original JSON and the sourceId and receivedAt attributes', async () => {
    const queued = acceptAll();
    const raw = `{ "type": "track", "event": "Product Added", "messageId": "m1", "timestamp": "2026-11-28T10:00:00Z", "anonymousId": "a" }`;
    const result = await handleIngest(request(raw, { 'x-signature': signPayload(SECRET, raw) }), deps());
    expect(result).toMatchObject({ statusCode: 200, body: { accepted: 1, ignored: 0, rejected: [] }, stats: { authMethod: 'signature' } });
    const [entry] = queued.get(QUEUE) ?? [];
    expect(entry?.MessageBody).toBe(raw);
    expect(entry?.MessageAttributes).toEqual({
      sourceId: { DataType: 'String', StringValue: 'web' },
      receivedAt: { DataType: 'String', StringValue: '2026-11-28T10:00:05.000Z' },
    });
  });

  it('counts identify, group, alias and delete as ignored without enqueueing them', async () => {
    acceptAll();
    const result = await handleIngest(request(identifyEvent('i1')), deps());
    expect(result).toMatchObject({ statusCode: 200, body: { accepted: 0, ignored: 1, rejected: [] } });
    expect(sqs.calls()).toHaveLength(0);
  });

  it('accepts an array body signed the Webhooks Actions way', async () => {
    const queued = acceptAll();
    const events = [trackEvent('a1'), identifyEvent('a2'), trackEvent('a3')];
    const raw = JSON.stringify(events, null, 2);
    const arrayRule = deps({ settings: { getIngestCredentials: async () => ({ webhookSecret: SECRET, auth: ['array-signature'] }) } });
    const result = await handleIngest(request(raw, { 'X-Signature': signPayload(SECRET, JSON.stringify(events[0])) }), arrayRule);
    expect(result).toMatchObject({ statusCode: 200, body: { accepted: 2, ignored: 1, rejected: [] }, stats: { authMethod: 'array-signature' } });
    expect(bodies(queued.get(QUEUE)).map((b) => b.messageId)).toEqual(['a1', 'a3']);
  });

  it('enqueues the valid events of a {batch}, dead-letters the invalid ones and lists them', async () => {
    const queued = acceptAll();
    const batch = [trackEvent('b0'), trackEvent('b1', { event: '' }), 'nonsense', trackEvent('b3'), { ...trackEvent('b4'), userId: null, anonymousId: null }];
    const result = await handleIngest(request({ batch }), deps());
    expect(result.statusCode).toBe(200);
    expect(result.body).toEqual({
      accepted: 2,
      ignored: 0,
      rejected: [
        { index: 1, messageId: 'b1', reason: 'invalid_event', message: 'event must be a non-empty string for a track call' },
        { index: 2, messageId: null, reason: 'invalid_event', message: 'event must be a JSON object' },
        { index: 4, messageId: 'b4', reason: 'invalid_event', message: 'userId or anonymousId is required' },
      ],
    });
    expect(bodies(queued.get(QUEUE)).map((b) => b.messageId)).toEqual(['b0', 'b3']);
    const dead = queued.get(DLQ) ?? [];
    expect(dead.map((e) => e.MessageBody)).toEqual([JSON.stringify(batch[1]), '"nonsense"', JSON.stringify(batch[4])]);
    expect(dead[0]?.MessageAttributes).toEqual({
      sourceId: { DataType: 'String', StringValue: 'web' },
      reason: { DataType: 'String', StringValue: 'invalid_event' },
      detail: { DataType: 'String', StringValue: 'event must be a non-empty string for a track call' },
      firstReceivedAt: { DataType: 'String', StringValue: '2026-11-28T10:00:05.000Z' },
      attempts: { DataType: 'Number', StringValue: '0' },
    });
  });

  it('rejects an oversized event inside a batch instead of failing the batch', async () => {
    const queued = acceptAll();
    const d = deps({ limits: { maxBodyBytes: 65_536, maxEventBytes: 2048 } });
    const result = await handleIngest(request([trackEvent('ok'), trackEvent('big', { pad: 'x'.repeat(4000) })]), d);
    expect(result).toMatchObject({
      statusCode: 200,
      body: { accepted: 1, rejected: [{ index: 1, messageId: 'big', message: expect.stringContaining('(MAX_EVENT_BYTES)') }] },
    });
    expect(bodies(queued.get(DLQ)).map((b) => b.messageId)).toEqual(['big']);
  });

  it('reports, and does not retry forever, rejected events no queue can hold', async () => {
    const queued = acceptAll();
    // Nested deeper than JSON.stringify can go (built by hand for that reason), and larger than any SQS message.
    const deep = `${'['.repeat(200_000)}1${']'.repeat(200_000)}`;
    const huge = JSON.stringify(trackEvent('huge', { pad: 'x'.repeat(300_000) }));
    const raw = `[${JSON.stringify(trackEvent('fine'))},${deep},${huge}]`;
    const result = await handleIngest(request(raw), deps());
    expect(result).toMatchObject({
      statusCode: 200,
      body: {
        accepted: 1,
        rejected: [
          { index: 1, message: 'event nests too deeply to be serialised; not kept: too large or too deeply nested for the dead-letter queue' },
          { index: 2, messageId: 'huge', message: expect.stringMatching(/MAX_EVENT_BYTES\); not kept/) },
        ],
      },
      stats: { unstorable: 2, enqueueFailures: 0 },
    });
    expect(queued.get(DLQ)).toHaveLength(0);
  });

  it('decodes base64 bodies and escapes characters SQS refuses', async () => {
    const queued = acceptAll();
    const raw = JSON.stringify(trackEvent('b64', { properties: { note: 'odd\uFFFF' } }));
    const body = Buffer.from(raw, 'utf8').toString('base64');
    const result = await handleIngest(request(body, { 'x-signature': signPayload(SECRET, raw) }, { isBase64Encoded: true }), deps());
    expect(result.statusCode).toBe(200);
    expect(queued.get(QUEUE)?.[0]?.MessageBody).toContain('odd\\uffff');
  });

  it('retries entries SQS reports as Failed and answers 200 once all are in', async () => {
    sqs
      .on(SendMessageBatchCommand)
      .resolvesOnce({
        Successful: [{ Id: '0', MessageId: 'x', MD5OfMessageBody: 'x' }],
        Failed: [{ Id: '1', Code: 'InternalError', SenderFault: false }],
      })
      .resolves({ Successful: [{ Id: '1', MessageId: 'y', MD5OfMessageBody: 'x' }] });
    const result = await handleIngest(request([trackEvent('r0'), trackEvent('r1')]), deps());
    expect(result).toMatchObject({ statusCode: 200, body: { accepted: 2 }, stats: { enqueueRetries: 1, enqueueFailures: 0 } });
    expect(sqs.commandCalls(SendMessageBatchCommand)).toHaveLength(2);
  });

  it.each([
    ['throttling', Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' })],
    ['a timeout', Object.assign(new Error('Request timed out'), { name: 'TimeoutError' })],
  ])('answers 503 when %s outlasts the retries', async (_label, error) => {
    sqs.on(SendMessageBatchCommand).rejects(error);
    const result = await handleIngest(request([trackEvent('t0'), trackEvent('t1')]), deps());
    expect(result).toMatchObject({ statusCode: 503, stats: { accepted: 0, enqueueFailures: 2 }, error: `enqueue failed: ${error.name}` });
    expect(sqs.commandCalls(SendMessageBatchCommand)).toHaveLength(3);
  });

  it('answers 503 when only the dead-letter write of a rejected event fails', async () => {
    sqs.on(SendMessageBatchCommand, { QueueUrl: QUEUE }).resolves({ Successful: [{ Id: '0', MessageId: 'x', MD5OfMessageBody: 'x' }] });
    sqs.on(SendMessageBatchCommand, { QueueUrl: DLQ }).resolves({ Failed: [{ Id: '0', Code: 'ServiceUnavailable', SenderFault: false }] });
    const result = await handleIngest(request([trackEvent('ok'), trackEvent('bad', { messageId: 1 })]), deps());
    expect(result).toMatchObject({ statusCode: 503, stats: { accepted: 1, enqueueFailures: 1 } });
  });

  it('never answers 2xx while a deliverable event is not in the queue', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 25 }),
        fc.array(fc.constantFrom('ok', 'failed', 'missing', 'throw'), { minLength: 1, maxLength: 12 }),
        async (count, script) => {
          sqs.reset();
          const inQueue = new Set<string>();
          let call = 0;
          sqs.on(SendMessageBatchCommand).callsFake((input: SendMessageBatchCommandInput) => {
            const mode = script[call++ % script.length];
            if (mode === 'throw') throw Object.assign(new Error('boom'), { name: 'InternalError' });
            const entries = input.Entries ?? [];
            const ok = entries.filter((_, i) => mode === 'ok' || i % 2 === 0);
            const failed = mode === 'failed' ? entries.filter((_, i) => i % 2 === 1) : [];
            for (const e of ok) inQueue.add((JSON.parse(e.MessageBody as string) as { messageId: string }).messageId);
            return {
              Successful: ok.map((e) => ({ Id: e.Id, MessageId: 'x', MD5OfMessageBody: 'x' })),
              Failed: failed.map((e) => ({ Id: e.Id, Code: 'InternalError', SenderFault: false })),
            };
          });
          const events = Array.from({ length: count }, (_, i) => trackEvent(`p${i}`));
          const result = await handleIngest(request(events), deps());
          const everyEventQueued = events.every((e) => inQueue.has(e.messageId as string));
          return result.statusCode === 200 ? everyEventQueued : result.statusCode === 503 && result.stats.enqueueFailures > 0;
        },
      ),
      { numRuns: 150 },
    );
  });
});
