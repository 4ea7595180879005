import { ChangeMessageVisibilityBatchCommand, SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { getParametersFromFolders } from '../support/ssm-folders';
import { GetParametersCommand, SSMClient } from '@aws-sdk/client-ssm';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import type { BatchReport, LoggerLike } from '../../lib/delivery/process-batch';
import type { MetricsSink } from '../../lib/delivery/stats';
import { createWorker, type WorkerDeps } from '../../lib/delivery/worker';
import { createPinterestClient } from '../../lib/pinterest/client';
import { FileSettingsProvider } from '../../lib/settings/file-provider';
import { SsmSettingsProvider } from '../../lib/settings/ssm-provider';
import type { SettingsProvider } from '../../lib/settings/provider';
import { errorReply, perEvent, startPinterestDouble, type PinterestDouble, type Responder } from '../support/pinterest-double';
import { EMAIL, identifyEvent, NOW, trackEvent } from '../support/delivery-events';
import { sqsRecord } from '../support/sqs-records';

const sqs = mockClient(SQSClient);
const ssm = mockClient(SSMClient);
const QUEUE = 'https://sqs.us-east-1.amazonaws.com/123456789012/main';
const DLQ = 'https://sqs.us-east-1.amazonaws.com/123456789012/dlq';
const TOKENS = { web: 'pina_WEB_SECRET_TOKEN', app: 'pina_APP_SECRET_TOKEN', locked: 'pina_LOCKED_SECRET', busy: 'pina_BUSY_SECRET', flaky: 'pina_FLAKY_SECRET' };

const doc = (adAccountId: string, conversionToken?: string, extra: Record<string, unknown> = {}) => ({
  tagId: '2614759966035',
  adAccountId,
  ...(conversionToken ? { conversionToken } : {}),
  ...extra,
});
const fileSettings = () =>
  new FileSettingsProvider({
    sources: {
      web: doc('111', TOKENS.web),
      app: doc('222', TOKENS.app, { testMode: true }),
      bad: { tagId: 'x' },
      notoken: doc('333'),
      locked: doc('401', TOKENS.locked),
      busy: doc('429', TOKENS.busy),
      flaky: doc('500', TOKENS.flaky),
    },
  });

/** Answers by ad account: the sources above each meet a different Pinterest. */
const byAccount: Responder = (req) => {
  switch (req.adAccountId) {
    case '111':
      return perEvent(req, (e) =>
        e.event_id === 'w2'
          ? { status: 'failed', error_message: 'Invalid currency', warning_message: '' }
          : e.event_id === 'w3'
            ? { status: 'processed', error_message: null, warning_message: "event_name is labeled as an 'Unknown' event" }
            : 'processed',
      );
    case '401':
      return errorReply(401, 2, 'Authentication failed.');
    case '429':
      return errorReply(429, 8, 'Rate limit exceeded', { 'X-RateLimit-Reset': '90' });
    case '500':
      return errorReply(500, 1, 'Internal error');
    default:
      return perEvent(req, () => 'processed');
  }
};

let pinterest: PinterestDouble;
let logs: { level: string; message: string; extra: Record<string, unknown>[] }[];
let reports: BatchReport[];
let metricDocs: { dimensions: Record<string, string>; metrics: [string, number][] }[];

const logger: LoggerLike = {
  info: (message, ...extra) => logs.push({ level: 'info', message, extra }),
  warn: (message, ...extra) => logs.push({ level: 'warn', message, extra }),
  error: (message, ...extra) => logs.push({ level: 'error', message, extra }),
};
function metricsSink(): MetricsSink {
  let current = { dimensions: {} as Record<string, string>, metrics: [] as [string, number][] };
  return {
    addDimension: (n, v) => (current.dimensions[n] = v),
    addMetric: (n, _u, v) => current.metrics.push([n, v]),
    publishStoredMetrics: () => {
      metricDocs.push(current);
      current = { dimensions: {}, metrics: [] };
    },
  };
}

function worker(overrides: Partial<WorkerDeps> = {}) {
  return createWorker({
    settings: fileSettings(),
    sender: createPinterestClient({ baseUrl: pinterest.url, timeoutMs: 2000 }),
    sqs: new SQSClient({}),
    queueUrl: QUEUE,
    deadLetterQueueUrl: DLQ,
    maxReceiveCount: 5,
    retryBaseSeconds: 30,
    concurrency: 4,
    requestTimeoutMs: 2000,
    now: () => NOW,
    random: () => 0.5,
    sendWait: async () => undefined,
    // In-invocation backoff waits are skipped; what they are is tested in retry-policy.test.ts.
    sleep: async () => undefined,
    logger,
    metrics: metricsSink(),
    onReport: (r) => reports.push(r),
    ...overrides,
  });
}

type SendInput = { QueueUrl?: string; Entries?: { MessageBody?: string; MessageAttributes?: Record<string, { StringValue?: string }> }[] };
type VisInput = { Entries?: { Id?: string; ReceiptHandle?: string; VisibilityTimeout?: number }[] };

/** Every dead letter written, as {body, attributes}. */
function deadLetters() {
  return sqs
    .commandCalls(SendMessageBatchCommand)
    .flatMap((c) => (c.args[0].input as SendInput).Entries ?? [])
    .map((e) => ({
      body: e.MessageBody,
      ...Object.fromEntries(Object.entries(e.MessageAttributes ?? {}).map(([k, v]) => [k, v.StringValue])),
    }));
}
const visibility = () =>
  Object.fromEntries(
    sqs.commandCalls(ChangeMessageVisibilityBatchCommand).flatMap((c) => ((c.args[0].input as VisInput).Entries ?? []).map((e) => [e.ReceiptHandle, e.VisibilityTimeout])),
  );

const rec = (id: string, sourceId: string | undefined, body: unknown, receiveCount = 1): SQSRecord =>
  sqsRecord(id, typeof body === 'string' ? body : JSON.stringify(body), { ...(sourceId ? { sourceId } : {}), receiveCount });
const batch = (...records: SQSRecord[]): SQSEvent => ({ Records: records });

beforeEach(async () => {
  sqs.reset();
  ssm.reset();
  sqs.on(SendMessageBatchCommand).callsFake((input: { Entries?: { Id?: string }[] }) => ({ Successful: (input.Entries ?? []).map((e) => ({ Id: e.Id })) }));
  sqs.on(ChangeMessageVisibilityBatchCommand).callsFake((input: VisInput) => ({ Successful: (input.Entries ?? []).map((e) => ({ Id: e.Id })) }));
  pinterest = await startPinterestDouble(byAccount);
  logs = [];
  reports = [];
  metricDocs = [];
});
afterEach(() => pinterest.close());

describe('worker: a full batch of mixed events', () => {
  const records = [
    rec('w1', 'web', trackEvent('w1')),
    rec('w2', 'web', trackEvent('w2')),
    rec('w3', 'web', trackEvent('w3', { event: 'Something Else' })),
    rec('w4', 'web', identifyEvent('w4')),
    rec('w5', 'web', trackEvent('w5', { timestamp: '2026-11-01T00:00:00.000Z' })),
    rec('w6', 'web', trackEvent('w6', { context: {} })),
    rec('x1', 'web', '{"type": "track", oops'),
    rec('a1', 'app', trackEvent('a1')),
    rec('a2', 'app', trackEvent('a2', { type: 'page', name: 'Home' })),
    rec('b1', 'bad', trackEvent('b1')),
    rec('n1', 'notoken', trackEvent('n1')),
    rec('n2', 'notoken', identifyEvent('n2')),
    rec('g1', 'ghost', trackEvent('g1')),
    rec('l1', 'locked', trackEvent('l1')),
    rec('l2', 'locked', trackEvent('l2')),
    rec('r1', 'busy', trackEvent('r1')),
    rec('f1', 'flaky', trackEvent('f1')),
    rec('f2', 'flaky', trackEvent('f2'), 5),
    rec('u1', undefined, trackEvent('u1')),
  ];

  it('gives every record exactly one outcome, with the fewest requests and exact dead letters', async () => {
    const response = await worker()(batch(...records), { getRemainingTimeInMillis: () => 60_000 });

    // Only what is not decided goes back to SQS: the paused source, the rate-limited and the failing account.
    expect(response).toEqual({ batchItemFailures: ['l1', 'l2', 'r1', 'f1'].map((itemIdentifier) => ({ itemIdentifier })) });

    const outcomes = Object.fromEntries((reports[0]?.records ?? []).map((r) => [r.messageId, [r.outcome.kind, r.outcome.reason ?? r.outcome.detail ?? '']]));
    expect(outcomes).toEqual({
      w1: ['delivered', ''],
      w2: ['deadLetter', 'pinterest_rejected'],
      w3: ['delivered', "event_name is labeled as an 'Unknown' event"],
      w4: ['skipped', 'unsupported_type'],
      w5: ['deadLetter', 'event_too_old'],
      w6: ['deadLetter', 'missing_identifier'],
      x1: ['deadLetter', 'invalid_event'],
      a1: ['delivered', ''],
      a2: ['delivered', ''],
      b1: ['deadLetter', 'settings_invalid'],
      n1: ['deadLetter', 'settings_missing'],
      n2: ['skipped', 'unsupported_type'],
      g1: ['deadLetter', 'settings_missing'],
      // 401: the source is paused (a token may be mid-rotation), not dead-lettered at once.
      l1: ['retry', 'Pinterest 401 (code 2): Authentication failed.'],
      l2: ['retry', 'Pinterest 401 (code 2): Authentication failed.'],
      r1: ['retry', 'Pinterest 429 (code 8): Rate limit exceeded'],
      f1: ['retry', 'Pinterest 500 (code 1): Internal error'],
      f2: ['deadLetter', 'retries_exhausted'],
      u1: ['deadLetter', 'settings_missing'],
    });

    // One request per destination: web (3 events), app in test mode, locked, busy (its reset is
    // longer than the invocation); flaky is retried in the invocation until its breaker opens (5).
    const requests = pinterest.requests.map((r) => [r.url, r.authorization, r.events.map((e) => e.event_id)]).sort();
    expect(requests).toEqual(
      [
        ['/v5/ad_accounts/111/events', `Bearer ${TOKENS.web}`, ['w1', 'w2', 'w3']],
        ['/v5/ad_accounts/222/events?test=true', `Bearer ${TOKENS.app}`, ['a1', 'a2']],
        ['/v5/ad_accounts/401/events', `Bearer ${TOKENS.locked}`, ['l1', 'l2']],
        ['/v5/ad_accounts/429/events', `Bearer ${TOKENS.busy}`, ['r1']],
        ...Array.from({ length: 5 }, () => ['/v5/ad_accounts/500/events', `Bearer ${TOKENS.flaky}`, ['f1', 'f2']]),
      ].sort(),
    );
    const outcome = (id: string) => reports[0]?.records.find((r) => r.messageId === id)?.outcome;
    expect(outcome('l1')).toMatchObject({ cause: 'auth_paused' });
    expect(outcome('r1')).toMatchObject({ cause: 'rate_limited', minDelaySeconds: 90 });
    expect(outcome('f1')).toMatchObject({ cause: 'outage_hold' });

    const base = { firstReceivedAt: '2026-11-28T12:00:00.000Z', attempts: '1' };
    const body = (r: SQSRecord) => r.body;
    const byId = Object.fromEntries(records.map((r) => [r.messageId, r]));
    const letters = deadLetters();
    expect(letters).toHaveLength(9);
    expect(letters).toEqual(
      expect.arrayContaining([
        { body: body(byId.w2!), sourceId: 'web', reason: 'pinterest_rejected', detail: 'Invalid currency', ...base },
        {
          body: body(byId.w5!),
          sourceId: 'web',
          reason: 'event_too_old',
          detail: 'event time 2026-11-01T00:00:00.000Z is 27.5 days old; Pinterest rejects events older than 7 days',
          ...base,
        },
        { body: body(byId.w6!), sourceId: 'web', reason: 'missing_identifier', detail: expect.any(String), ...base },
        {
          body: '{"type": "track", oops',
          sourceId: 'web',
          reason: 'invalid_event',
          // The position only: V8's message would quote the body, which may hold personal data.
          detail: "body is not JSON: invalid JSON at position 18 (line 1, column 19): expected a double-quoted property name, found 'o'",
          ...base,
        },
        { body: body(byId.b1!), sourceId: 'bad', reason: 'settings_invalid', detail: 'tagId must be digits only, like 2614759966035', ...base },
        { body: body(byId.n1!), sourceId: 'notoken', reason: 'settings_missing', detail: 'source "notoken" has no conversion token', ...base },
        { body: body(byId.g1!), sourceId: 'ghost', reason: 'settings_missing', detail: 'no settings for source "ghost"', ...base },
        {
          body: body(byId.f2!),
          sourceId: 'flaky',
          reason: 'retries_exhausted',
          // Receive 5 of 5: the backstop, whatever the retry horizon says.
          detail: 'gave up after 5 receives (backstop); last error: Pinterest 500 (code 1): Internal error',
          firstReceivedAt: base.firstReceivedAt,
          attempts: '5',
        },
        { body: body(byId.u1!), sourceId: 'unknown', reason: 'settings_missing', detail: 'the message has no sourceId attribute', ...base },
      ]),
    );
    expect(sqs.commandCalls(SendMessageBatchCommand).every((c) => (c.args[0].input as SendInput).QueueUrl === DLQ)).toBe(true);

    // The 429 waits for X-RateLimit-Reset (90 s); held and paused records wait for the account's
    // hold grid (5 to 15 minutes), both records of one request for the same time.
    const delays = visibility();
    expect(delays['rh-r1']).toBe(90);
    for (const id of ['f1', 'l1']) expect(delays[`rh-${id}`]).toBeGreaterThanOrEqual(300);
    for (const id of ['f1', 'l1']) expect(delays[`rh-${id}`]).toBeLessThan(900 + 4);
    expect(delays['rh-l2']).toBe(delays['rh-l1']);

    // Refused credentials are an ERROR once per source and invocation, every invocation, not once per event.
    const authLogs = logs.filter((l) => l.level === 'error' && l.message.startsWith('Pinterest refused'));
    expect(authLogs).toHaveLength(1);
    expect(authLogs[0]?.extra[0]).toMatchObject({ sourceId: 'locked', events: 2, detail: 'Pinterest 401 (code 2): Authentication failed.' });
    expect(metricDocs.find((d) => d.dimensions.sourceId === 'locked')?.metrics).toContainEqual(['PinterestAuthRefused', 2]);

    // The batch line carries the counts per reason and the first detail of each kind.
    const line = logs.find((l) => l.message === 'batch processed')?.extra[0] as { byReason: Record<string, unknown>; summary: string };
    expect(line.byReason['deadLettered.pinterest_rejected']).toEqual({ count: 1, firstDetail: 'Invalid currency' });
    expect(line.byReason['retried.auth_paused']).toEqual({ count: 2, firstDetail: 'Pinterest 401 (code 2): Authentication failed.' });
    expect(line.summary).toContain('deadLettered.pinterest_rejected: 1 (Invalid currency)');
    expect(logs.some((l) => l.message === 'Pinterest warning' && l.extra[0]?.sourceId === 'web')).toBe(true);

    // No token and no raw email in any log line.
    const logText = JSON.stringify(logs);
    for (const token of Object.values(TOKENS)) expect(logText).not.toContain(token);
    expect(logText).not.toContain(EMAIL);

    const web = metricDocs.find((d) => d.dimensions.sourceId === 'web');
    expect(Object.fromEntries(web?.metrics.filter(([n]) => n !== 'PinterestRequestLatency') ?? [])).toEqual({
      EventsDelivered: 2,
      EventsRejectedByPinterest: 1,
      EventsRetried: 0,
      EventsDeadLettered: 4,
      'EventsDeadLettered.pinterest_rejected': 1,
      'EventsDeadLettered.event_too_old': 1,
      'EventsDeadLettered.missing_identifier': 1,
      'EventsDeadLettered.invalid_event': 1,
      EventsSkipped: 1,
      'EventsSkipped.unsupported_type': 1,
      PinterestWarnings: 1,
      PinterestRequests: 1,
      EventsPerRequest: 3,
    });
  });
});

describe('worker: batching and Pinterest answers', () => {
  it('sends 2,500 events of one account in 3 requests and reports no failures', async () => {
    const records = Array.from({ length: 2500 }, (_, i) => rec(`m${i}`, 'web', trackEvent(`m${i}`)));
    const response = await worker()(batch(...records));
    expect(response).toEqual({ batchItemFailures: [] });
    expect(pinterest.requests.map((r) => r.events.length).sort()).toEqual([1000, 1000, 500]);
    expect(new Set(pinterest.requests.flatMap((r) => r.events.map((e) => e.event_id))).size).toBe(2500);
    expect(sqs.commandCalls(SendMessageBatchCommand)).toHaveLength(0);
    expect(reports[0]?.records.every((r) => r.outcome.kind === 'delivered')).toBe(true);
  });

  it('isolates a malformed event when Pinterest rejects the whole request with 400', async () => {
    pinterest.respond((req) =>
      req.events.some((e) => e.event_id === 'm2') ? errorReply(400, 4196, 'Invalid request: Additional properties are not allowed') : perEvent(req, () => 'processed'),
    );
    const response = await worker()(batch(...['m0', 'm1', 'm2', 'm3'].map((id) => rec(id, 'web', trackEvent(id)))));
    expect(response).toEqual({ batchItemFailures: [] });
    // [m0..m3] → [m0,m1] ok, [m2,m3] → [m2] rejected, [m3] ok
    expect(pinterest.requests.map((r) => r.events.map((e) => e.event_id))).toEqual([['m0', 'm1', 'm2', 'm3'], ['m0', 'm1'], ['m2', 'm3'], ['m2'], ['m3']]);
    expect(deadLetters()).toEqual([
      expect.objectContaining({ sourceId: 'web', reason: 'pinterest_rejected', detail: 'Pinterest 400 (code 4196): Invalid request: Additional properties are not allowed' }),
    ]);
    expect(reports[0]?.splits).toBe(2);
  });

  it('reads a 422 with per-event details: failed events dead-lettered, the rest delivered', async () => {
    pinterest.respond((req) => perEvent(req, (e) => (e.event_id === 'm1' ? { status: 'failed', error_message: 'Given timestamp is in the past' } : 'processed'), 422));
    const response = await worker()(batch(rec('m0', 'web', trackEvent('m0')), rec('m1', 'web', trackEvent('m1'))));
    expect(response).toEqual({ batchItemFailures: [] });
    expect(deadLetters()).toEqual([expect.objectContaining({ reason: 'pinterest_rejected', detail: 'Given timestamp is in the past' })]);
  });

  it('retries a request that fails transiently inside the invocation, so a flaky answer costs no redelivery', async () => {
    let calls = 0;
    pinterest.respond((req) => (++calls <= 2 ? (calls === 1 ? 'drop' : errorReply(503, 4197, 'ramped down')) : perEvent(req, () => 'processed')));
    const waits: number[] = [];
    const response = await worker({ sleep: async (ms) => void waits.push(ms) })(batch(rec('m0', 'web', trackEvent('m0')), rec('m1', 'web', trackEvent('m1'))));
    expect(response).toEqual({ batchItemFailures: [] });
    expect(pinterest.requests.map((r) => r.events.length)).toEqual([2, 2, 2]);
    // Jittered exponential backoff (random 0.5 → 75 % of 500 ms, then of 1 s).
    expect(waits).toEqual([375, 750]);
    expect(reports[0]?.retriedInInvocation).toBe(2);
  });

  it('waits at least X-RateLimit-Reset before sending a 429ed request again', async () => {
    let calls = 0;
    pinterest.respond((req) => (++calls === 1 ? errorReply(429, 8, 'Rate limit exceeded', { 'X-RateLimit-Reset': '4' }) : perEvent(req, () => 'processed')));
    const waits: number[] = [];
    const response = await worker({ sleep: async (ms) => void waits.push(ms) })(batch(rec('m0', 'web', trackEvent('m0'))), { getRemainingTimeInMillis: () => 60_000 });
    expect(response).toEqual({ batchItemFailures: [] });
    expect(waits).toEqual([4000]);
  });

  it('gives a still-failing request back to SQS when the time left cannot cover a wait and another request', async () => {
    let left = 20_000;
    pinterest.respond(() => errorReply(500, 1, 'Internal error'));
    const response = await worker({ sleep: async (ms) => void (left -= ms) })(batch(rec('m0', 'web', trackEvent('m0'), 3)), {
      getRemainingTimeInMillis: () => (left -= 2_000),
    });
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'm0' }] });
    expect(pinterest.requests.length).toBeGreaterThan(1);
    expect(pinterest.requests.length).toBeLessThan(5);
    expect(reports[0]?.records[0]?.outcome).toMatchObject({ kind: 'retry', cause: 'pinterest_unavailable', detail: 'Pinterest 500 (code 1): Internal error' });
    // SQS backoff by receive count: 30 s × 2^(3 − 1).
    expect(visibility()).toEqual({ 'rh-m0': 120 });
  });

  it('holds an account back once it fails persistently: the breaker opens and the records wait without a request', async () => {
    pinterest.respond(() => 'hang');
    const response = await worker({ sender: createPinterestClient({ baseUrl: pinterest.url, timeoutMs: 100 }) })(batch(rec('m0', 'web', trackEvent('m0'), 3)));
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'm0' }] });
    expect(pinterest.requests).toHaveLength(5);
    expect(reports[0]?.records[0]?.outcome).toMatchObject({ kind: 'retry', cause: 'outage_hold', detail: 'Pinterest request timed out' });
  });
});

describe('worker: fairness between ad accounts', () => {
  it('gives each ad account its own request slots, so a hanging account never queues another behind it', async () => {
    // Concurrency 1: with one shared slot, web's request would wait for app's hanging request to time out.
    pinterest.respond((req) => (req.adAccountId === '222' ? 'hang' : perEvent(req, () => 'processed')));
    const answeredAt: Record<string, number> = {};
    const client = createPinterestClient({ baseUrl: pinterest.url, timeoutMs: 1500 });
    const sender = {
      send: async (request: Parameters<typeof client.send>[0]) => {
        const response = await client.send(request);
        answeredAt[request.adAccountId] = Date.now();
        return response;
      },
    };
    const records = [rec('a1', 'app', trackEvent('a1')), ...Array.from({ length: 3 }, (_, i) => rec(`w${i}`, 'web', trackEvent(`w${i}`)))];
    const response = await worker({ sender, concurrency: 1, requestTimeoutMs: 1500, backoff: { baseMs: 1, capMs: 1, maxAttempts: 1 } })(batch(...records));
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'a1' }] });
    // web was answered while app's request was still hanging, not after its timeout.
    expect(answeredAt['111']).toBeLessThan(answeredAt['222'] as number);
    expect(reports[0]?.records.filter((r) => r.sourceId === 'web').every((r) => r.outcome.kind === 'delivered')).toBe(true);
  });
});

describe('worker: settings and SQS failures', () => {
  const ssmSettings = (): SettingsProvider => new SsmSettingsProvider({ prefix: '/pinterest-tag/test', client: new SSMClient({}) });

  it('retries the events of a source whose settings SSM cannot read, and still delivers the other sources', async () => {
    ssm.on(GetParametersCommand).callsFake(
      getParametersFromFolders(({ Path }) => {
        if (Path === '/pinterest-tag/test/sources/app') throw Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
        return {
          Parameters: [
            { Name: '/pinterest-tag/test/sources/web/settings', Value: JSON.stringify(doc('111')) },
            { Name: '/pinterest-tag/test/sources/web/conversion-token', Value: TOKENS.web },
          ],
        };
      }),
    );
    const response = await worker({ settings: ssmSettings() })(batch(rec('w1', 'web', trackEvent('w1')), rec('a1', 'app', trackEvent('a1'))));
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'a1' }] });
    expect(reports[0]?.records.map((r) => [r.messageId, r.outcome.kind])).toEqual([['w1', 'delivered'], ['a1', 'retry']]);
    expect(reports[0]?.records[1]?.outcome.detail).toBe('settings unavailable: ThrottlingException: Rate exceeded');
    expect(pinterest.requests.map((r) => r.authorization)).toEqual([`Bearer ${TOKENS.web}`]);
    expect(deadLetters()).toEqual([]);
  });

  it('reports a record whose dead letter could not be written, so it is never lost', async () => {
    sqs.on(SendMessageBatchCommand).rejects(Object.assign(new Error('queue unavailable'), { name: 'ServiceUnavailable' }));
    const response = await worker()(batch(rec('g1', 'ghost', trackEvent('g1')), rec('w1', 'web', trackEvent('w1'))));
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'g1' }] });
    // sendMessages' own retries to the DLQ, then the same to re-send the record with its reason.
    const queues = sqs.commandCalls(SendMessageBatchCommand).map((c) => (c.args[0].input as SendInput).QueueUrl);
    expect(queues).toEqual([DLQ, DLQ, DLQ, QUEUE, QUEUE, QUEUE]);
    expect(logs.some((l) => l.level === 'error' && l.message.startsWith('dead-letter writes failed'))).toBe(true);
    // Metrics say what happened: retried, not dead-lettered.
    expect(reports[0]?.stats.of('ghost')).toMatchObject({ deadLettered: {}, retried: 1, deadLetterWriteFailures: 1 });
  });

  it('re-sends a record whose dead letter could not be written with its decided reason, which is applied when it comes back', async () => {
    sqs.on(SendMessageBatchCommand, { QueueUrl: DLQ }).rejects(Object.assign(new Error('queue unavailable'), { name: 'ServiceUnavailable' }));
    const w = worker();
    const response = await w(batch(rec('m2', 'web', trackEvent('w2'))));
    expect(pinterest.requests).toHaveLength(1);
    // Re-sent to the main queue: reported done, so SQS deletes this copy.
    expect(response).toEqual({ batchItemFailures: [] });
    expect(reports[0]?.records[0]).toMatchObject({ resent: true, outcome: { reason: 'pinterest_rejected' } });
    const forwarded = (sqs.commandCalls(SendMessageBatchCommand).map((c) => c.args[0].input as SendInput).find((i) => i.QueueUrl === QUEUE)?.Entries ?? [])[0];
    const attrs = Object.fromEntries(Object.entries(forwarded?.MessageAttributes ?? {}).map(([k, v]) => [k, v.StringValue]));
    expect(attrs).toEqual({ sourceId: 'web', receivedAt: '2026-11-28T12:00:00.000Z', decidedReason: 'pinterest_rejected', decidedDetail: 'Invalid currency' });

    // It comes back (to a cold container: nothing remembered) and is dead-lettered at once, unsent.
    sqs.reset();
    sqs.on(SendMessageBatchCommand).callsFake((input: { Entries?: { Id?: string }[] }) => ({ Successful: (input.Entries ?? []).map((e) => ({ Id: e.Id })) }));
    const back = sqsRecord('m2b', forwarded?.MessageBody as string, { sourceId: 'web' });
    back.messageAttributes.decidedReason = { dataType: 'String', stringValue: 'pinterest_rejected' };
    back.messageAttributes.decidedDetail = { dataType: 'String', stringValue: 'Invalid currency' };
    expect(await worker()(batch(back))).toEqual({ batchItemFailures: [] });
    expect(pinterest.requests).toHaveLength(1);
    expect(deadLetters()).toEqual([expect.objectContaining({ reason: 'pinterest_rejected', detail: 'Invalid currency', sourceId: 'web' })]);
  });

  it('starts no Pinterest request when the time budget is spent and hands every record back for immediate redelivery', async () => {
    const response = await worker({ requestTimeoutMs: 10_000 })(batch(rec('w1', 'web', trackEvent('w1')), rec('w2', 'web', trackEvent('w2'))), {
      getRemainingTimeInMillis: () => 5_000,
    });
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'w1' }, { itemIdentifier: 'w2' }] });
    expect(pinterest.requests).toHaveLength(0);
    expect(visibility()).toEqual({ 'rh-w1': 0, 'rh-w2': 0 });
    expect(reports[0]?.notSent).toBe(2);
  });
});
