import { SendMessageBatchCommand, SQSClient, type SendMessageBatchCommandInput } from '@aws-sdk/client-sqs';
import { GetParametersCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { handleIngest, type IngestDeps } from '../../lib/ingest/handle-ingest';
import { SsmSettingsProvider } from '../../lib/settings/ssm-provider';
import { trackEvent } from '../support/ingest-events';

/** Ingest under one request deadline, with SQS and SSM that stall until aborted. */
const sqs = mockClient(SQSClient);
const ssm = mockClient(SSMClient);
const QUEUE = 'https://sqs.us-east-1.amazonaws.com/123456789012/main';
const DLQ = 'https://sqs.us-east-1.amazonaws.com/123456789012/dead';
const SECRET = 'web-secret';
const bearer = { authorization: `Bearer ${SECRET}` };

const deps = (overrides: Partial<IngestDeps> = {}): IngestDeps => ({
  settings: { getIngestCredentials: async () => ({ webhookSecret: SECRET, auth: ['signature', 'bearer', 'basic'] }) },
  sqs: new SQSClient({}),
  queueUrl: QUEUE,
  deadLetterQueueUrl: DLQ,
  limits: { maxBodyBytes: 1_048_576, maxEventBytes: 258_048 },
  send: { wait: async () => undefined },
  budget: { deadlineMs: 200, minAttemptMs: 0, concurrency: 2 },
  ...overrides,
});

/** Rejects when the send's abort signal fires, like the SDK's HTTP handler. */
/** The send options of a recorded call (the stub records every argument; its type names only the command). */
const sendOptions = (call: { args: unknown[] } | null | undefined) => (call?.args[1] ?? {}) as { abortSignal?: AbortSignal };

const stallUntilAborted = (signal: AbortSignal | undefined) =>
  new Promise<never>((_, reject) => {
    const abort = () => reject(Object.assign(new Error('The operation was aborted'), { name: 'AbortError' }));
    if (signal?.aborted) abort();
    signal?.addEventListener('abort', abort);
  });

beforeEach(() => {
  sqs.reset();
  ssm.reset();
});

describe('ingest under one deadline', () => {
  it('a stalled queue: 503 names exactly the events not stored; the first chunks count as accepted', async () => {
    const stored: string[] = [];
    let calls = 0;
    // The stub sees (input, options) through sinon's call record; take the signal from there.
    sqs.on(SendMessageBatchCommand).callsFake(async (input: SendMessageBatchCommandInput) => {
      calls++;
      if (calls <= 2) {
        for (const e of input.Entries ?? []) stored.push((JSON.parse(e.MessageBody as string) as { messageId: string }).messageId);
        return { Successful: (input.Entries ?? []).map((e) => ({ Id: e.Id, MessageId: 'm', MD5OfMessageBody: 'x' })) };
      }
      return stallUntilAborted(sendOptions(sqs.send.getCall(calls - 1) as never).abortSignal);
    });
    const events = Array.from({ length: 60 }, (_, i) => trackEvent(`m-${i}`));
    const outcome = await handleIngest({ sourceId: 'web', headers: bearer, body: JSON.stringify(events) }, deps());
    expect(outcome.statusCode).toBe(503);
    expect(stored).toHaveLength(20);
    const body = outcome.body as { accepted: number; unstored: { index: number; messageId: string }[] };
    expect(body.accepted).toBe(20);
    const named = body.unstored.map((u) => u.messageId);
    expect(named).toHaveLength(40);
    // Only unstored events are named, and every unstored one is.
    expect(named.filter((id) => stored.includes(id))).toEqual([]);
    expect(new Set([...named, ...stored]).size).toBe(60);
    expect(outcome.error).toBe('enqueue failed: DeadlineExceeded');
    // Concurrency 2: chunks 3 and 4 were in flight when the deadline aborted them, none started after.
    expect(calls).toBe(4);
  });

  it('a stalled SSM: the secret lookup is aborted at the deadline (503), and the source is not remembered as missing', async () => {
    ssm.on(GetParametersCommand).callsFake(() => {
      return stallUntilAborted(sendOptions(ssm.send.lastCall as never).abortSignal);
    });
    const settings = new SsmSettingsProvider({ prefix: '/pinterest-tag/test', client: new SSMClient({}), maxAgeSeconds: 0 });
    const slow = await handleIngest({ sourceId: 'web', headers: bearer, body: JSON.stringify(trackEvent('m-1')) }, deps({ settings }));
    expect(slow.statusCode).toBe(503);
    expect(slow.error).toBe('webhook secret lookup passed the deadline');
    expect(sendOptions(ssm.send.lastCall as never).abortSignal?.aborted).toBe(true);

    ssm.reset();
    ssm.on(GetParametersCommand).resolves({ Parameters: [{ Name: '/pinterest-tag/test/sources/web/webhook-secret', Type: 'SecureString', Value: SECRET }] });
    sqs.on(SendMessageBatchCommand).callsFake((input: SendMessageBatchCommandInput) => ({
      Successful: (input.Entries ?? []).map((e) => ({ Id: e.Id, MessageId: 'm', MD5OfMessageBody: 'x' })),
    }));
    const fine = await handleIngest({ sourceId: 'web', headers: bearer, body: JSON.stringify(trackEvent('m-1')) }, deps({ settings }));
    expect(fine.statusCode).toBe(200);
  });
});
