import { GetParametersCommand, SSMClient, type GetParametersByPathCommandInput, type GetParametersCommandInput } from '@aws-sdk/client-ssm';
import { getParametersFromFolders, ingestOrWorkerReads } from '../support/ssm-folders';
import type { SQSRecord } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { createHandler } from '../../functions/ingest';
import type { BatchReport, RecordReport } from '../../lib/delivery/process-batch';
import { BreakerBoard } from '../../lib/delivery/breaker';
import { FateMemory } from '../../lib/delivery/fate-memory';
import { createWorker } from '../../lib/delivery/worker';
import { WORKER_DEFAULTS } from '../../lib/config/worker';
import type { AcceptedBody } from '../../lib/ingest/handle-ingest';
import { logger } from '../../lib/observability/logger';
import { metrics } from '../../lib/observability/metrics';
import { createPinterestClient } from '../../lib/pinterest/client';
import { ATTR } from '../../lib/queue/attributes';
import { REASONS } from '../../lib/reasons';
import { SsmSettingsProvider } from '../../lib/settings/ssm-provider';
import { apiGatewayEvent } from '../support/api-gateway';
import { captureOutput } from '../support/capture-output';
import { MemorySqs, type StoredMessage } from '../support/memory-sqs';
import { errorReply, perEvent, startPinterestDouble, type PinterestDouble, type Reply, type RecordedRequest } from '../support/pinterest-double';
import { ISSUE_FAULT_MIX, runScenario, summarize } from '../support/fault-scenarios';
import { chance, prng } from '../support/seeded';
import { MAX_EVENT_BYTES, NOW_MS, SOURCES, TrafficGenerator, type GeneratedEvent, type GeneratedRequest, type SourceId } from './traffic';

/**
 * The promise, tested end to end: every event Segment hands over is delivered, skipped and counted,
 * dead-lettered with its reason, or rejected at ingest (4xx + DLQ), and nothing is lost, while
 * every dependency misbehaves. Ingest (functions/ingest createHandler) → in-memory SQS with a
 * virtual clock (test/support/memory-sqs.ts: Lambda's poller, visibility, redrive) → worker
 * (createWorker) → a Pinterest double on 127.0.0.1 that injects faults chosen by a seeded hash of
 * each request's content, so the run is the same whatever order concurrent requests arrive in.
 *
 * Faults: Pinterest 500/503, 429 with X-RateLimit-Reset, hangs (client timeouts), dropped
 * connections, 200 and 422 with some failed events, a whole-request 400 caused by one poison
 * event, 401 for a revoked token; SQS SendMessageBatch entries reported Failed and whole calls
 * throttled (ingest and dead-letter writes), failed visibility changes; SSM throttling (ingest's
 * webhook secret, worker settings); worker invocations that run short of time.
 */

const SEED = 20_261_128;
const EVENTS = 5_200;
const PREFIX = '/pinterest-tag/reliability';
const MAIN = 'https://sqs.us-east-1.amazonaws.com/123456789012/pinterest-tag-main';
const DLQ = 'https://sqs.us-east-1.amazonaws.com/123456789012/pinterest-tag-dlq';
/** The deploy defaults: the worker's receive-count backstop, and the queue's redrive above it (a safety net that must never fire). */
const MAX_RECEIVE_COUNT = WORKER_DEFAULTS.maxReceiveCount;
const REDRIVE_MAX_RECEIVE_COUNT = 1000;
const BATCH_SIZE = 500;
const TIMEOUT_MS = 800;
const BATCHING_WINDOW_MS = 5_000;

const faults = {
  pinterest500: 0,
  pinterest429: 0,
  pinterestTimeout: 0,
  pinterestDropped: 0,
  pinterest401: 0,
  pinterest400Poison: 0,
  pinterest200WithFailed: 0,
  pinterest422WithFailed: 0,
  processedButAnswerLost: 0,
  sqsFailedEntries: 0,
  sqsThrottledCalls: 0,
  visibilityFailures: 0,
  ssmSecretThrottles: 0,
  ssmSettingsThrottles: 0,
  ingest503: 0,
  deadLetterWritesFailedAfterRetries: 0,
  invocationsShortOfTime: 0,
};

type Settings = Record<string, unknown>;
const SETTINGS: Record<Exclude<SourceId, 'orphan'>, Settings> = {
  'web-shop': { tagId: '2614759966035', adAccountId: SOURCES['web-shop'].adAccountId, customProperties: ['merchandising.contentBrand'], eventMapping: { 'signed up': 'lead' } },
  'mobile-app': { tagId: '2614759966036', adAccountId: SOURCES['mobile-app'].adAccountId },
  blog: { tagId: '2614759966037', adAccountId: SOURCES.blog.adAccountId, unmappedEvents: 'drop', eventMapping: { 'Signed Up': 'Signup' } },
  legacy: { tagId: '2614759966038', adAccountId: SOURCES.legacy.adAccountId },
};

/** Which simulated call is running, so SSM faults are drawn per (request, attempt) and (invocation, source). */
let currentIngest = '';
let currentInvocation = 0;

function ssmDouble(): SSMClient {
  const client = new SSMClient({ region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  const throttle = () => Promise.reject(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException', $fault: 'client' }));
  const mock = mockClient(client);
  // Ingest's lookup: webhook secret and settings (the traffic signs arrays the Webhooks Actions way, so every source lists array-signature).
  const ingestReads = (input: GetParametersCommandInput) => {
    const secretName = (input.Names ?? []).find((name) => name.endsWith('/webhook-secret')) ?? '';
    const sourceId = /\/sources\/([^/]+)\/webhook-secret$/.exec(secretName)?.[1] as SourceId;
    if (chance(SEED, 'ssm-secret', currentIngest) < 0.05) {
      faults.ssmSecretThrottles++;
      return throttle();
    }
    const auth = JSON.stringify({ auth: ['signature', 'array-signature', 'bearer', 'basic'] });
    return Promise.resolve({
      Parameters: [
        { Name: secretName, Value: SOURCES[sourceId].secret },
        { Name: secretName.replace(/webhook-secret$/, 'settings'), Value: auth },
      ],
    });
  };
  mock.on(GetParametersCommand).callsFake(ingestOrWorkerReads(ingestReads, getParametersFromFolders((input: GetParametersByPathCommandInput) => {
    const sourceId = /\/sources\/([^/]+)$/.exec(input.Path ?? '')?.[1] as SourceId;
    if (chance(SEED, 'ssm-settings', currentInvocation, sourceId) < 0.08) {
      faults.ssmSettingsThrottles++;
      return throttle();
    }
    const path = `${PREFIX}/sources/${sourceId}`;
    const parameters: { Name: string; Value: string }[] = [{ Name: `${path}/webhook-secret`, Value: SOURCES[sourceId].secret }];
    if (sourceId !== 'orphan') {
      parameters.push({ Name: `${path}/settings`, Value: JSON.stringify(SETTINGS[sourceId]) });
      parameters.push({ Name: `${path}/conversion-token`, Value: SOURCES[sourceId].token });
    }
    return Promise.resolve({ Parameters: parameters });
  })));
  return client;
}

/** The generated event behind a stored body or a Pinterest event_id. */
function keyOf(body: string): string | undefined {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (typeof value === 'string') return value.startsWith('junk:') ? value.slice(5) : undefined;
  if (Array.isArray(value)) return typeof value[0] === 'string' ? value[0] : undefined;
  if (typeof value !== 'object' || value === null) return undefined;
  const event = value as { messageId?: unknown; context?: { traceId?: unknown } };
  if (typeof event.messageId === 'string') return event.messageId;
  return typeof event.context?.traceId === 'string' ? event.context.traceId : undefined;
}

interface PinterestLedger {
  /** event_id → the event JSON Pinterest received (every repeat must be identical). */
  received: Map<string, string>;
  /** event_ids Pinterest answered `processed` to. */
  answeredProcessed: Set<string>;
  /** event_id → times Pinterest processed it (answered or not): above 1 is what event_id dedup is for. */
  processedTimes: Map<string, number>;
  /** event_ids Pinterest processed without the answer arriving (timeout or dropped connection after processing). */
  processedSilently: Set<string>;
  /** event_ids that came back with different content. */
  changed: string[];
}

function pinterestResponder(byKey: Map<string, GeneratedEvent>, ledger: PinterestLedger) {
  const seen = new Map<string, number>();
  const accountOf = (sourceId: SourceId) => SOURCES[sourceId].adAccountId;
  return (request: RecordedRequest): Reply => {
    const ids = request.events.map((e) => String(e.event_id));
    for (const [i, id] of ids.entries()) {
      const json = JSON.stringify(request.events[i]);
      if ((ledger.received.get(id) ?? json) !== json) ledger.changed.push(id);
      ledger.received.set(id, json);
    }
    const label = `${request.adAccountId}|${ids.join(',')}`;
    const attempt = (seen.get(label) ?? 0) + 1;
    seen.set(label, attempt);
    const roll = chance(SEED, 'pinterest', label, attempt);
    const second = chance(SEED, 'pinterest-detail', label, attempt);
    const generated = ids.map((id) => byKey.get(id));
    const wouldProcess = (i: number) => {
      const kind = generated[i]?.kind;
      return request.adAccountId !== accountOf('legacy') && kind !== 'bad' && kind !== 'poison' && !generated.some((g) => g?.kind === 'poison');
    };
    const processed = (id: string) => ledger.processedTimes.set(id, (ledger.processedTimes.get(id) ?? 0) + 1);
    const silently = () => {
      if (second >= 0.5) return;
      faults.processedButAnswerLost++;
      ids.forEach((id, i) => wouldProcess(i) && ledger.processedSilently.add(id) && processed(id));
    };

    if (roll < 0.07) {
      faults.pinterest500++;
      return second < 0.5 ? errorReply(500, 1, 'Internal error') : errorReply(503, 4197, 'The endpoint has been ramped down');
    }
    if (roll < 0.13) {
      faults.pinterest429++;
      return errorReply(429, 8, 'Rate limit exceeded', { 'X-RateLimit-Reset': String(1 + Math.floor(second * 60)) });
    }
    if (roll < 0.15) {
      faults.pinterestTimeout++;
      silently();
      return 'hang';
    }
    if (roll < 0.18) {
      faults.pinterestDropped++;
      silently();
      return 'drop';
    }
    if (request.adAccountId === accountOf('legacy')) {
      faults.pinterest401++;
      return errorReply(401, 2, 'Authentication failed.');
    }
    if (generated.some((g) => g?.kind === 'poison')) {
      faults.pinterest400Poison++;
      return errorReply(400, 4196, "Invalid request: Additional properties are not allowed ('x' was unexpected)");
    }
    const failed = generated.some((g) => g?.kind === 'bad');
    const as422 = failed && second < 0.5;
    if (failed) faults[as422 ? 'pinterest422WithFailed' : 'pinterest200WithFailed']++;
    ids.forEach((id, i) => wouldProcess(i) && ledger.answeredProcessed.add(id) && processed(id));
    return perEvent(
      request,
      (_event, i) => (generated[i]?.kind === 'bad' ? { status: 'failed', error_message: 'Invalid parameter: custom_data.currency', warning_message: null } : 'processed'),
      as422 ? 422 : 200,
    );
  };
}

/** Segment: POST, and retry on 5xx (it retries for hours); a 2xx or 4xx is final. */
async function deliverToIngest(requests: readonly GeneratedRequest[], memory: MemorySqs, ssm: SSMClient) {
  const answers = new Map<number, { status: number; body: AcceptedBody & { message?: string }; attempts: number }>();
  for (const request of requests) {
    for (let attempt = 1; ; attempt++) {
      currentIngest = `${request.index}:${attempt}`;
      memory.now += 20;
      // A cold start per request: no secret cached, so every request meets SSM.
      const handler = createHandler({
        settings: new SsmSettingsProvider({ prefix: PREFIX, client: ssm, maxAgeSeconds: 0 }),
        sqs: memory.client,
        queueUrl: MAIN,
        deadLetterQueueUrl: DLQ,
        limits: { maxBodyBytes: 1_048_576, maxEventBytes: MAX_EVENT_BYTES },
        send: { maxAttempts: 3, baseDelayMs: 50, wait: async () => undefined },
      });
      const response = await handler(apiGatewayEvent(request.sourceId, request.body, request.headers, { timeEpoch: memory.now }));
      if (response.statusCode !== undefined && response.statusCode >= 500) {
        faults.ingest503++;
        if (attempt < 30) continue;
      }
      answers.set(request.index, { status: response.statusCode ?? 0, body: JSON.parse(response.body as string), attempts: attempt });
      break;
    }
  }
  return answers;
}

/** Lambda's SQS event source: poll, invoke, delete what succeeded; the clock jumps to the next visible message. */
async function drainQueue(memory: MemorySqs, ssm: SSMClient, pinterestUrl: string): Promise<{ reports: BatchReport[]; invocations: number }> {
  const reports: BatchReport[] = [];
  const sender = createPinterestClient({ baseUrl: pinterestUrl, timeoutMs: TIMEOUT_MS });
  const random = prng(SEED + 1);
  // Two warm containers (the deploy's maximumConcurrency), taking turns: breakers and remembered
  // rejections live per container.
  const containers = [0, 1].map(() => ({ breakers: new BreakerBoard(), fateMemory: new FateMemory() }));
  let invocations = 0;
  while (memory.queue(MAIN).size > 0) {
    if (memory.visibleCount(MAIN) === 0) {
      // Nothing to do until the next retry is due; then Lambda's batching window gathers more.
      memory.advanceToNextVisible(MAIN);
      memory.now += BATCHING_WINDOW_MS;
    }
    const records: SQSRecord[] = memory.receive(MAIN, BATCH_SIZE);
    if (records.length === 0) continue;
    currentInvocation = ++invocations;
    if (invocations > 3000) throw new Error(`the queue does not drain: ${memory.queue(MAIN).size} left, receive counts ${[...memory.queue(MAIN).messages.values()].slice(0, 5).map((m) => m.receiveCount)}`);
    const worker = createWorker({
      settings: new SsmSettingsProvider({ prefix: PREFIX, client: ssm, maxAgeSeconds: 0 }),
      sender,
      sqs: memory.client,
      queueUrl: MAIN,
      deadLetterQueueUrl: DLQ,
      maxReceiveCount: MAX_RECEIVE_COUNT,
      retryBaseSeconds: 30,
      concurrency: 4,
      requestTimeoutMs: TIMEOUT_MS,
      now: () => memory.now,
      random,
      sendWait: async () => undefined,
      // In-invocation backoff moves the virtual clock.
      sleep: async (ms) => void (memory.now += ms),
      ...(containers[invocations % 2] as (typeof containers)[number]),
      logger,
      metrics,
      onReport: (report) => reports.push(report),
    });
    // Some invocations run short of time after their first k request starts (k < concurrency, so
    // which requests go out does not depend on answer timing).
    let asked = 0;
    const short = chance(SEED, 'budget', invocations) < 0.1;
    const allowed = Math.floor(chance(SEED, 'budget-k', invocations) * 3);
    if (short) faults.invocationsShortOfTime++;
    const context = { getRemainingTimeInMillis: () => (!short || asked++ < allowed ? 60_000 : 1_000) };
    const response = await worker({ Records: records }, context);
    memory.deleteAllBut(MAIN, records, new Set(response.batchItemFailures.map((f) => f.itemIdentifier)));
    memory.now += 100;
  }
  return { reports, invocations };
}

type Category = 'delivered' | 'skipped' | 'deadLettered' | 'rejected';

let pinterest: PinterestDouble;
afterAll(() => pinterest?.close());

describe('no loss under faults', () => {
  it(`accounts for every one of ${EVENTS}+ events exactly once, each dead letter with its correct reason`, async () => {
    const traffic = new TrafficGenerator(SEED);
    const requests = traffic.requests(EVENTS);
    const events = requests.flatMap((r) => r.events);
    const byKey = new Map(events.map((e) => [e.key, e]));
    expect(byKey.size).toBe(events.length);

    const ledger: PinterestLedger = { received: new Map(), answeredProcessed: new Set(), processedTimes: new Map(), processedSilently: new Set(), changed: [] };
    pinterest = await startPinterestDouble(pinterestResponder(byKey, ledger));
    // The first fetch in a process loads undici: do it before request timeouts matter.
    await fetch(`${pinterest.url}/warm-up`).then((r) => r.text());
    pinterest.requests.length = 0;

    const memory = new MemorySqs(NOW_MS);
    const main = memory.createQueue(MAIN, { visibilityTimeoutSeconds: 60, redrive: { deadLetterUrl: DLQ, maxReceiveCount: REDRIVE_MAX_RECEIVE_COUNT } });
    const dlq = memory.createQueue(DLQ, { visibilityTimeoutSeconds: 30 });
    memory.sendFault = ({ body, attempt, queueUrl }) => {
      // The dead-letter queue is made flakier, so some dead-letter writes fail even after retries.
      const roll = chance(SEED, 'sqs', queueUrl, body, attempt) * (queueUrl === DLQ ? 0.25 : 1);
      if (roll < 0.005) {
        faults.sqsThrottledCalls++;
        return 'throw';
      }
      if (roll < 0.045) {
        faults.sqsFailedEntries++;
        return { code: roll < 0.025 ? 'InternalError' : 'ServiceUnavailable' };
      }
      return undefined;
    };
    memory.visibilityFault = (receipt) => {
      const failed = chance(SEED, 'visibility', receipt) < 0.03;
      if (failed) faults.visibilityFailures++;
      return failed;
    };
    const ssm = ssmDouble();

    logger.setLogLevel('DEBUG');
    let answers!: Awaited<ReturnType<typeof deliverToIngest>>;
    let drained!: Awaited<ReturnType<typeof drainQueue>>;
    const output = await captureOutput(async () => {
      answers = await deliverToIngest(requests, memory, ssm);
      drained = await drainQueue(memory, ssm, pinterest.url);
    });
    logger.setLogLevel('INFO');

    // --- Ingest: every request got its final answer, and the answer names exactly the right events.
    const categories = new Map<string, Set<Category>>(events.map((e) => [e.key, new Set<Category>()]));
    const add = (key: string | undefined, category: Category) => {
      const set = key === undefined ? undefined : categories.get(key);
      if (!set) throw new Error(`an outcome for an event nobody sent: ${key}`);
      set.add(category);
    };
    for (const request of requests) {
      const answer = answers.get(request.index);
      expect({ index: request.index, status: answer?.status }).toEqual({ index: request.index, status: request.expectedStatus });
      const body = answer?.body as AcceptedBody;
      const rejected = request.events.flatMap((e, i) => (e.fate.kind === 'rejected' ? [i] : []));
      expect(body.rejected.map((r) => r.index)).toEqual(rejected);
      expect(body.ignored).toBe(request.events.filter((e) => e.fate.kind === 'skipped' && e.fate.where === 'ingest').length);
      expect(body.accepted).toBe(request.events.filter((e) => e.reachesWorker).length);
      for (const i of rejected) add(request.events[i]?.key, 'rejected');
      for (const e of request.events) if (e.fate.kind === 'skipped' && e.fate.where === 'ingest') add(e.key, 'skipped');
    }

    // --- The queue: drained, nothing moved by the redrive policy, every message ended exactly once.
    expect(main.size).toBe(0);
    expect(main.redriven).toEqual([]);
    const terminal = new Map<string, RecordReport[]>();
    const allReports = drained.reports.flatMap((r) => r.records);
    for (const report of allReports) {
      if (report.failed) continue;
      terminal.set(report.messageId, [...(terminal.get(report.messageId) ?? []), report]);
    }
    const stored = new Map<string, StoredMessage>(main.history.map((m) => [m.messageId, m]));
    for (const message of main.history) expect({ id: message.messageId, ends: terminal.get(message.messageId)?.length }).toEqual({ id: message.messageId, ends: 1 });
    expect(terminal.size).toBe(main.history.length);
    for (const report of allReports) {
      // Nothing is received again after its terminal outcome.
      const end = terminal.get(report.messageId)?.[0];
      if (report.failed) expect(end).not.toBe(report);
      if (report.outcome.kind === 'retry') expect(report.failed).toBe(true);
    }

    // --- Worker outcomes by event.
    const copies = new Map<string, number>();
    for (const message of main.history) {
      const key = keyOf(message.body);
      copies.set(key as string, (copies.get(key as string) ?? 0) + 1);
      const report = terminal.get(message.messageId)?.[0] as RecordReport;
      const event = byKey.get(key as string) as GeneratedEvent;
      expect(event?.reachesWorker).toBe(true);
      expect(report.sourceId).toBe(event.sourceId);
      if (report.outcome.kind === 'delivered') add(key, 'delivered');
      else if (report.outcome.kind === 'skipped') {
        add(key, 'skipped');
        expect({ key, reason: report.outcome.reason }).toEqual({ key, reason: event.fate.kind === 'skipped' ? event.fate.reason : 'not a skip' });
      }
    }

    // --- The dead-letter queue: one entry per dead-lettered record, each with the right reason and attributes.
    const attr = (m: StoredMessage, name: string) => m.attributes[name]?.StringValue;
    // A record whose dead-letter write failed was re-sent with its reason: that copy ends in the DLQ.
    const deadLetteredReports = [...terminal.values()].flat().filter((r) => r.outcome.kind === 'deadLetter' && !r.resent);
    const workerLetters = dlq.history.filter((m) => attr(m, ATTR.attempts) !== '0');
    expect(workerLetters).toHaveLength(deadLetteredReports.length);
    const reasons = new Map<string, number>();
    let exhausted = 0;
    for (const letter of dlq.history) {
      const key = keyOf(letter.body);
      const event = byKey.get(key as string) as GeneratedEvent;
      expect(event).toBeDefined();
      const reason = attr(letter, ATTR.reason) as string;
      expect(REASONS).toContain(reason);
      expect(attr(letter, ATTR.sourceId)).toBe(event.sourceId);
      expect(attr(letter, ATTR.firstReceivedAt)).toMatch(/^2026-11-28T\d\d:\d\d:\d\d\.\d{3}Z$/);
      expect((attr(letter, ATTR.detail) ?? '').length).toBeGreaterThan(0);
      reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
      if (attr(letter, ATTR.attempts) === '0') {
        // Rejected at ingest: invalid_event, never in the main queue.
        expect({ key, reason }).toEqual({ key, reason: 'invalid_event' });
        expect(event.fate.kind).toBe('rejected');
        continue;
      }
      add(key, 'deadLettered');
      if (reason === 'retries_exhausted') {
        exhausted++;
        expect(event.reachesWorker).toBe(true);
        expect(attr(letter, ATTR.detail)).toMatch(/^gave up after \S+ h of retries \(horizon 24 h, \d+ receives\); last error: \S/);
      } else {
        expect({ key, reason }).toEqual({ key, reason: event.fate.kind === 'deadLetter' ? event.fate.reason : `(expected ${event.fate.kind})` });
      }
    }
    expect(dlq.history.filter((m) => attr(m, ATTR.attempts) === '0').every((m) => stored.get(m.messageId) === undefined)).toBe(true);
    // Transient faults (18 % of Pinterest requests, SSM throttling) are ridden out: none outlasts the 24 h horizon.
    expect(exhausted).toBe(0);

    // --- Every event: at least one category; exactly one unless Segment's retry of a 503 enqueued it twice.
    const resolved: Record<Category, number> = { delivered: 0, skipped: 0, deadLettered: 0, rejected: 0 };
    let duplicated = 0;
    for (const event of events) {
      const found = categories.get(event.key) as Set<Category>;
      const expected: Category = event.fate.kind === 'deadLetter' ? 'deadLettered' : event.fate.kind;
      expect({ key: event.key, some: found.size > 0 }).toEqual({ key: event.key, some: true });
      if ((copies.get(event.key) ?? 0) > 1) duplicated++;
      else expect({ key: event.key, categories: found.size }).toEqual({ key: event.key, categories: 1 });
      // Anything but the expected category is only allowed as retries_exhausted (checked above).
      for (const category of found) if (category !== expected) expect({ key: event.key, category }).toEqual({ key: event.key, category: 'deadLettered' });
      const final: Category = found.has(expected) ? expected : 'deadLettered';
      resolved[final]++;
    }
    expect(resolved.delivered + resolved.skipped + resolved.deadLettered + resolved.rejected).toBe(events.length);

    // --- Pinterest's side: only deliverable events, repeats identical (same event_id, same content),
    // every delivered event answered `processed`.
    expect(ledger.changed).toEqual([]);
    for (const id of ledger.received.keys()) {
      const fate = byKey.get(id)?.fate;
      const sendable = fate?.kind === 'delivered' || (fate?.kind === 'deadLetter' && ['pinterest_rejected', 'pinterest_auth'].includes(fate.reason));
      expect({ id, sendable }).toEqual({ id, sendable: true });
    }
    for (const [key, found] of categories) if (found.has('delivered')) expect({ key, processed: ledger.answeredProcessed.has(key) }).toEqual({ key, processed: true });

    // --- The faults really happened.
    faults.deadLetterWritesFailedAfterRetries = drained.reports.reduce((n, r) => n + [...r.stats.sources.values()].reduce((m, s) => m + s.deadLetterWriteFailures, 0), 0);
    for (const [fault, count] of Object.entries(faults)) expect({ fault, happened: count > 0 }).toEqual({ fault, happened: true });
    expect(drained.reports.reduce((n, r) => n + r.notSent, 0)).toBeGreaterThan(0);
    expect(drained.reports.reduce((n, r) => n + r.splits, 0)).toBeGreaterThan(0);

    // --- Secrets and personal data never reached a log line or a metric (DEBUG level).
    const secrets = Object.values(SOURCES).flatMap((s) => [s.token, s.secret]).filter(Boolean);
    for (const secret of secrets) expect(output.includes(secret)).toBe(false);
    for (const person of traffic.people.slice(0, 60)) {
      for (const value of [person.email, person.phone, person.street]) expect({ value, logged: output.includes(value) }).toEqual({ value, logged: false });
    }

    const processedTwice = [...ledger.processedTimes.values()].filter((n) => n > 1).length;
    const invalidLetters = dlq.history.filter((m) => attr(m, ATTR.attempts) === '0');
    const tally = {
      events: events.length,
      requests: requests.length,
      delivered: resolved.delivered,
      skipped: resolved.skipped,
      deadLettered: resolved.deadLettered,
      rejectedAtIngest: resolved.rejected,
      sum: resolved.delivered + resolved.skipped + resolved.deadLettered + resolved.rejected,
      dlqByReason: Object.fromEntries([...reasons].sort()),
      retriesExhausted: exhausted,
      enqueuedTwiceBySegmentRetry: duplicated,
      invalidEventsDeadLetteredTwiceBySegmentRetry: invalidLetters.length - new Set(invalidLetters.map((m) => keyOf(m.body))).size,
      processedByPinterestMoreThanOnce: processedTwice,
      processedByPinterestButAnswerLost: ledger.processedSilently.size,
      queueMessages: main.history.length,
      workerInvocations: drained.invocations,
      pinterestRequests: pinterest.requests.length,
      virtualMinutes: Math.round((memory.now - NOW_MS) / 60_000),
      faults,
    };
    process.stdout.write(`\nno-loss tally (seed ${SEED}):\n${JSON.stringify(tally, null, 2)}\n`);
  }, 120_000);

  /**
   * The fault mix the worker used to dead-letter good events under (20–26 % with 5 receives):
   * 600 events from 3 sources, one in 100 poison (Pinterest answers 400 for any request holding
   * it), 5 % delivered twice, and 30 % of requests failing transiently (15 % HTTP 500, 10 % 429
   * with X-RateLimit-Reset, 5 % connection reset). test/support/fault-scenarios.ts, virtual clock.
   */
  it.each([
    [1, 5],
    [2, 8],
    [3, WORKER_DEFAULTS.maxReceiveCount],
  ])('at 30 %% transient faults with poison events and duplicates (seed %i, MAX_RECEIVE_COUNT %i): no good event dead-lettered, every poison event pinterest_rejected', async (seed, maxReceiveCount) => {
    const result = await runScenario({
      seed,
      events: 600,
      poisonEvery: 100,
      duplicateShare: 0.05,
      arrivalMs: 1000,
      faults: ISSUE_FAULT_MIX,
      redriveMaxReceiveCount: maxReceiveCount + 2,
      worker: { maxReceiveCount, logger: { info: () => undefined, warn: () => undefined, error: () => undefined } },
    });
    process.stdout.write(`\nfault mix, seed ${seed}, MAX_RECEIVE_COUNT ${maxReceiveCount}: ${JSON.stringify(summarize(result))}\n`);
    expect(result.goodEvents).toBe(594);
    expect(result.goodDeadLettered).toBe(0);
    expect(result.poisonRejected).toBe(result.poisonEvents);
    expect(result.poisonOther).toBe(0);
    expect(result.unresolved).toBe(0);
    expect(result.deliveredAndDeadLettered).toBe(0);
    expect(result.redriven).toBe(0);
    // The faults really happened, and the requests stay few: retried in the invocation, not by SQS.
    const statuses = new Set(result.requests.map((r) => r.status));
    for (const status of [500, 429, 'reset', 400, 200] as const) expect(statuses.has(status)).toBe(true);
    expect(result.requestsPer1000Events).toBeLessThan(300);
    expect(result.rounds).toBeLessThanOrEqual(6);
  });
});
