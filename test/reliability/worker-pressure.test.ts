import { ChangeMessageVisibilityBatchCommand, SendMessageBatchCommand, SQSClient, type ChangeMessageVisibilityBatchCommandInput, type SendMessageBatchCommandInput } from '@aws-sdk/client-sqs';
import { getParametersFromFolders } from '../support/ssm-folders';
import { GetParametersCommand, SSMClient, type GetParametersByPathCommandInput } from '@aws-sdk/client-ssm';
import type { SQSRecord } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import type { BatchReport, LoggerLike } from '../../lib/delivery/process-batch';
import { createWorker, type WorkerDeps } from '../../lib/delivery/worker';
import { createPinterestClient } from '../../lib/pinterest/client';
import { SsmSettingsProvider } from '../../lib/settings/ssm-provider';
import { NOW, trackEvent } from '../support/delivery-events';
import { allProcessed, errorReply, startPinterestDouble, type PinterestDouble, type Responder } from '../support/pinterest-double';
import { prng } from '../support/seeded';
import { sqsRecord } from '../support/sqs-records';

/**
 * The worker under pressure: a 10,000-record batch in which three of four sources fail in
 * different ways, and invocations that run out of time.
 */

const PREFIX = '/pinterest-tag/pressure';
const QUEUE = 'https://sqs.us-east-1.amazonaws.com/123456789012/main';
const DLQ = 'https://sqs.us-east-1.amazonaws.com/123456789012/dlq';
const ACCOUNTS: Record<string, string> = { healthy: '800001', revoked: '800002', limited: '800003' };
const sqs = mockClient(SQSClient);
const ssm = mockClient(SSMClient);

let pinterest: PinterestDouble;
let logs: { level: string; message: string; extra: Record<string, unknown> }[];
const logger: LoggerLike = {
  info: (message, extra = {}) => logs.push({ level: 'info', message, extra }),
  warn: (message, extra = {}) => logs.push({ level: 'warn', message, extra }),
  error: (message, extra = {}) => logs.push({ level: 'error', message, extra }),
};

type SendInput = SendMessageBatchCommandInput;
const deadLetters = () =>
  sqs.commandCalls(SendMessageBatchCommand).flatMap((c) => ((c.args[0].input as SendInput).Entries ?? []).map((e) => ({ body: e.MessageBody as string, reason: e.MessageAttributes?.reason?.StringValue, sourceId: e.MessageAttributes?.sourceId?.StringValue })));
const visibility = () =>
  new Map(sqs.commandCalls(ChangeMessageVisibilityBatchCommand).flatMap((c) => ((c.args[0].input as ChangeMessageVisibilityBatchCommandInput).Entries ?? []).map((e) => [e.ReceiptHandle as string, e.VisibilityTimeout as number])));

function settingsFor(sourceId: string) {
  const path = `${PREFIX}/sources/${sourceId}`;
  if (sourceId === 'missing') return { Parameters: [{ Name: `${path}/webhook-secret`, Value: 'x' }] };
  return {
    Parameters: [
      { Name: `${path}/settings`, Value: JSON.stringify({ tagId: '2614759966035', adAccountId: ACCOUNTS[sourceId] }) },
      { Name: `${path}/conversion-token`, Value: `pina_${sourceId.toUpperCase()}_TOKEN` },
    ],
  };
}

function worker(overrides: Partial<WorkerDeps> = {}) {
  return createWorker({
    settings: new SsmSettingsProvider({ prefix: PREFIX, client: new SSMClient({}) }),
    sender: createPinterestClient({ baseUrl: pinterest.url, timeoutMs: 10_000 }),
    sqs: new SQSClient({}),
    queueUrl: QUEUE,
    deadLetterQueueUrl: DLQ,
    maxReceiveCount: 5,
    retryBaseSeconds: 30,
    concurrency: 4,
    requestTimeoutMs: 10_000,
    now: () => NOW,
    random: () => 0.5,
    sendWait: async () => undefined,
    sleep: async () => undefined,
    logger,
    ...overrides,
  });
}

beforeAll(async () => {
  pinterest = await startPinterestDouble();
  await fetch(`${pinterest.url}/warm-up`).then((r) => r.text());
});
afterAll(() => pinterest.close());
beforeEach(() => {
  sqs.reset();
  ssm.reset();
  sqs.on(SendMessageBatchCommand).callsFake((input: SendInput) => ({ Successful: (input.Entries ?? []).map((e) => ({ Id: e.Id })) }));
  sqs.on(ChangeMessageVisibilityBatchCommand).callsFake((input: ChangeMessageVisibilityBatchCommandInput) => ({ Successful: (input.Entries ?? []).map((e) => ({ Id: e.Id })) }));
  pinterest.requests.length = 0;
  logs = [];
});

describe('a 10,000-record batch with three failing sources', () => {
  it('settles each source on its own: the healthy source is delivered in full without waiting for the others', async () => {
    // 2,500 records per source, shuffled: the failing sources' records come first as often as not.
    const random = prng(7);
    const sources = ['healthy', 'missing', 'revoked', 'limited'];
    const records: SQSRecord[] = sources.flatMap((sourceId) =>
      Array.from({ length: 2500 }, (_, i) => sqsRecord(`${sourceId}-${i}`, JSON.stringify(trackEvent(`${sourceId}-${i}`)), { sourceId })),
    );
    for (let i = records.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [records[i], records[j]] = [records[j] as SQSRecord, records[i] as SQSRecord];
    }
    // A record of the missing source first, so a worker taking sources in order would meet it first.
    const firstMissing = records.findIndex((r) => r.messageId.startsWith('missing-'));
    records.unshift(...records.splice(firstMissing, 1));

    // The missing source's SSM answer is held until Pinterest has answered all of the healthy
    // source's requests: if the worker waited for one source's settings before sending another's
    // events, this would never resolve (and the fallback records that it had to give up).
    let releaseMissing!: () => void;
    const healthyDone = new Promise<void>((resolve) => (releaseMissing = resolve));
    let gaveUpWaiting = false;
    const fallback = setTimeout(() => {
      gaveUpWaiting = true;
      releaseMissing();
    }, 10_000);
    ssm.on(GetParametersCommand).callsFake(
      getParametersFromFolders(async (input: GetParametersByPathCommandInput) => {
        const sourceId = (input.Path ?? '').split('/').pop() as string;
        if (sourceId === 'missing') await healthyDone;
        return settingsFor(sourceId);
      }),
    );
    let healthyAnswered = 0;
    const responder: Responder = (request, index) => {
      if (request.adAccountId === ACCOUNTS.revoked) return errorReply(401, 2, 'Authentication failed.');
      if (request.adAccountId === ACCOUNTS.limited) return errorReply(429, 8, 'Rate limit exceeded', { 'X-RateLimit-Reset': '120' });
      const reply = allProcessed(request, index);
      if (++healthyAnswered === 3) setImmediate(releaseMissing);
      return reply;
    };
    pinterest.respond(responder);

    let report!: BatchReport;
    const response = await worker({ onReport: (r) => (report = r) })({ Records: records });
    clearTimeout(fallback);
    expect(gaveUpWaiting).toBe(false);

    // Healthy: all 2,500 sent in 3 requests (1000 + 1000 + 500), all answered, all delivered.
    const healthyRequests = pinterest.requests.filter((r) => r.adAccountId === ACCOUNTS.healthy);
    expect(healthyRequests.map((r) => r.events.length).sort()).toEqual([1000, 1000, 500].sort());
    expect(new Set(healthyRequests.flatMap((r) => r.events.map((e) => e.event_id))).size).toBe(2500);
    const outcomes = (prefix: string) => report.records.filter((r) => r.messageId.startsWith(`${prefix}-`));
    expect(outcomes('healthy').every((r) => r.outcome.kind === 'delivered' && !r.failed)).toBe(true);

    // Missing settings: dead-lettered, never sent. Revoked: paused after one 401 per request (the
    // requests went out together), held back for the hold period, not dead-lettered.
    // Limited: handed back to SQS, hidden for at least X-RateLimit-Reset (too long to wait here).
    expect(outcomes('missing').every((r) => r.outcome.reason === 'settings_missing' && !r.failed)).toBe(true);
    expect(outcomes('revoked').every((r) => r.outcome.kind === 'retry' && r.outcome.cause === 'auth_paused' && r.failed && (r.retryDelaySeconds ?? 0) >= 300)).toBe(true);
    expect(outcomes('limited').every((r) => r.outcome.kind === 'retry' && r.failed && (r.retryDelaySeconds ?? 0) >= 120)).toBe(true);
    expect(pinterest.requests.filter((r) => r.adAccountId === ACCOUNTS.revoked)).toHaveLength(3);
    expect(pinterest.requests.filter((r) => r.adAccountId === ACCOUNTS.limited)).toHaveLength(3);
    expect(pinterest.requests).toHaveLength(9);

    // SQS sees exactly that: the limited and the paused source's records, and only those, for redelivery.
    expect(response.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual([...outcomes('limited'), ...outcomes('revoked')].map((r) => r.messageId).sort());
    const letters = deadLetters();
    expect(letters).toHaveLength(2500);
    expect(letters.every((l) => l.sourceId === 'missing' && l.reason === 'settings_missing')).toBe(true);
    // One delay per failed request: 3 requests per source, so at most 3 distinct delays each.
    const delays = visibility();
    expect(new Set(outcomes('limited').map((r) => delays.get(`rh-${r.messageId}`)))).toEqual(new Set([120]));
    expect(new Set(outcomes('revoked').map((r) => delays.get(`rh-${r.messageId}`))).size).toBeLessThanOrEqual(3);
    expect(delays.size).toBe(5000);

    // One error line for the revoked source, not 2,500.
    expect(logs.filter((l) => l.message.startsWith('Pinterest refused the credentials'))).toEqual([
      expect.objectContaining({ level: 'error', extra: expect.objectContaining({ sourceId: 'revoked', events: 2500 }) }),
    ]);
  }, 60_000);
});

describe('the function timeout', () => {
  /** A Lambda clock that Pinterest's answers move forward: each request "takes" `costMs`. */
  function budget(startMs: number, costMs: number) {
    let remaining = startMs;
    const responder: Responder = (request, index) => {
      remaining -= costMs;
      return allProcessed(request, index);
    };
    return { responder, context: { getRemainingTimeInMillis: () => remaining } };
  }

  it('stops starting requests when the time left cannot cover one more, and hands the unsent records back for immediate redelivery', async () => {
    ssm.on(GetParametersCommand).callsFake(getParametersFromFolders(async () => settingsFor('healthy')));
    // 5 requests of 1000 are needed; each costs 1 s; a request needs timeout (1 s) + reserve (3 s) left.
    const { responder, context } = budget(6_500, 1_000);
    pinterest.respond(responder);
    const records = Array.from({ length: 5000 }, (_, i) => sqsRecord(`r-${i}`, JSON.stringify(trackEvent(`r-${i}`)), { sourceId: 'healthy' }));
    let report!: BatchReport;
    // The client's own timeout is generous (a loaded CI machine must not turn a slow answer into a
    // transient failure); the worker budgets with requestTimeoutMs.
    const sender = createPinterestClient({ baseUrl: pinterest.url, timeoutMs: 60_000 });
    const response = await worker({ sender, concurrency: 1, requestTimeoutMs: 1_000, onReport: (r) => (report = r) })({ Records: records }, context);

    // Started at 6.5 s, 5.5 s and 4.5 s left; at 3.5 s the worker stops. The third request, started
    // with enough time, completed: nothing is cut off mid-request.
    expect(pinterest.requests).toHaveLength(3);
    const sent = new Set(pinterest.requests.flatMap((r) => r.events.map((e) => String(e.event_id))));
    expect(sent.size).toBe(3000);
    expect(report.notSent).toBe(2000);
    for (const r of report.records) {
      if (sent.has(r.messageId)) expect([r.outcome.kind, r.failed]).toEqual(['delivered', false]);
      else expect([r.outcome.kind, r.failed, r.retryDelaySeconds]).toEqual(['retry', true, 0]);
    }
    expect(response.batchItemFailures).toHaveLength(2000);
    expect([...visibility().values()].every((s) => s === 0)).toBe(true);
    // Unsent records are not attempts that failed: nothing was dead-lettered.
    expect(deadLetters()).toHaveLength(0);
  });

  it('when the time is already short, sends nothing and returns every record untouched', async () => {
    ssm.on(GetParametersCommand).callsFake(getParametersFromFolders(async () => settingsFor('healthy')));
    const { responder, context } = budget(3_999, 1_000);
    pinterest.respond(responder);
    const records = Array.from({ length: 1200 }, (_, i) => sqsRecord(`s-${i}`, JSON.stringify(trackEvent(`s-${i}`)), { sourceId: 'healthy' }));
    const response = await worker({ requestTimeoutMs: 1_000 })({ Records: records }, context);
    expect(pinterest.requests).toHaveLength(0);
    expect(response.batchItemFailures).toHaveLength(1200);
  });
});
