import type { SQSRecord } from 'aws-lambda';
import type { BatchReport } from '../../lib/delivery/process-batch';
import { DEFAULT_BREAKER_POLICY } from '../../lib/delivery/breaker';
import { createWorker, type WorkerDeps } from '../../lib/delivery/worker';
import { createPinterestClient } from '../../lib/pinterest/client';
import { ATTR, mainQueueAttributes } from '../../lib/queue/attributes';
import { FileSettingsProvider } from '../../lib/settings/file-provider';
import { trackEvent } from './delivery-events';
import { MemorySqs } from './memory-sqs';
import { errorReply, perEvent, startPinterestDouble, type RecordedRequest, type Reply } from './pinterest-double';
import { chance, prng } from './seeded';

/**
 * Delivery scenarios on a virtual clock, shared by the reliability tests and `npm run bench`:
 * seeded Segment events from a few sources go into an in-memory SQS (test/support/memory-sqs.ts:
 * Lambda's poller, visibility, redrive), one warm worker (createWorker, the production code)
 * drains it, and a Pinterest double on 127.0.0.1 answers. Faults are drawn from a hash of each
 * request's content and its repeat number, so a run does not depend on the order in which
 * concurrent requests arrive; outages and revoked tokens follow the virtual clock. Waits inside
 * the worker (its in-invocation backoff) advance the virtual clock instead of real time.
 */
export const SCENARIO_START_MS = Date.parse('2026-11-28T12:00:00.000Z');
const MAIN = 'https://sqs.us-east-1.amazonaws.com/123456789012/scenario-main';
const DLQ = 'https://sqs.us-east-1.amazonaws.com/123456789012/scenario-dlq';
const MINUTE = 60_000;

export interface FaultMix {
  /** Shares of requests answered 500, 429 (with X-RateLimit-Reset) and by a reset connection. */
  http500: number;
  http429: number;
  reset: number;
}

export const ISSUE_FAULT_MIX: FaultMix = { http500: 0.15, http429: 0.1, reset: 0.05 };

export interface ScenarioOptions {
  seed: number;
  events: number;
  sources?: number;
  /** Every n-th event is poison: Pinterest answers 400 for any request that contains it. */
  poisonEvery?: number;
  /** Share of events enqueued twice (a webhook retried after a 503, an enqueue that timed out but succeeded). */
  duplicateShare?: number;
  faults?: FaultMix;
  /** Pinterest answers `status` to every request in [fromMs, untilMs) (virtual time). */
  outage?: { fromMs: number; untilMs: number; status: number };
  /** Pinterest answers 401 to every request in [fromMs, untilMs). */
  revokedToken?: { fromMs: number; untilMs: number };
  /** Events arrive spread over this long (virtual ms). Default 60 s. */
  arrivalMs?: number;
  /** SQS redrive maxReceiveCount on the main queue (the crash backstop). */
  redriveMaxReceiveCount: number;
  /** Worker dependencies that differ from the defaults here. */
  worker: Partial<WorkerDeps> & Record<string, unknown>;
  batchSize?: number;
  /** Stop after this much virtual time even if the queue is not empty (the result says so). */
  maxVirtualMs?: number;
  /** Share of dead-letter writes (per entry and attempt) that SQS reports Failed. */
  deadLetterWriteFailures?: number;
}

export interface EventFate {
  key: string;
  sourceId: string;
  poison: boolean;
  delivered: boolean;
  /** Reasons of every dead letter written for any copy of the event. */
  deadLetters: string[];
}

export interface ScenarioResult {
  events: number;
  goodEvents: number;
  poisonEvents: number;
  goodDeadLettered: number;
  goodDeadLetteredByReason: Record<string, number>;
  poisonRejected: number;
  poisonOther: number;
  /** Events with no final outcome (neither delivered nor dead-lettered) when the run ended. */
  unresolved: number;
  /** Events both delivered and dead-lettered (any copy). */
  deliveredAndDeadLettered: number;
  /** Messages SQS's redrive policy moved without a reason. */
  redriven: number;
  pinterestRequests: number;
  requestsPer1000Events: number;
  /** Worker invocations. */
  rounds: number;
  virtualMinutes: number;
  requests: { atMs: number; adAccountId: string; events: number; status: number | 'reset' }[];
  /** Virtual time of the first and last dead letter written. */
  deadLetteredFromMs?: number;
  deadLetteredUntilMs?: number;
  /** Records re-sent with their decided reason because a dead-letter write failed. */
  resent: number;
  /** Per event key: when it was delivered (virtual ms), for the latency after an outage. */
  deliveredAtMs: Map<string, number>;
  fates: Map<string, EventFate>;
  reports: BatchReport[];
}

interface Clock {
  now: number;
}

function sourceIdOf(i: number): string {
  return `source-${i + 1}`;
}

function adAccountOf(i: number): string {
  return String(700_001 + i);
}

export async function runScenario(options: ScenarioOptions): Promise<ScenarioResult> {
  const sourceCount = options.sources ?? 3;
  const poisonEvery = options.poisonEvery ?? 0;
  const faults = options.faults ?? { http500: 0, http429: 0, reset: 0 };
  const batchSize = options.batchSize ?? 1000;
  const random = prng(options.seed);
  const memory = new MemorySqs(SCENARIO_START_MS);
  const clock: Clock = memory;
  const main = memory.createQueue(MAIN, { visibilityTimeoutSeconds: 365, redrive: { deadLetterUrl: DLQ, maxReceiveCount: options.redriveMaxReceiveCount } });
  const dlq = memory.createQueue(DLQ, { visibilityTimeoutSeconds: 30 });
  const dlqFailures = options.deadLetterWriteFailures ?? 0;
  if (dlqFailures > 0) {
    memory.sendFault = ({ queueUrl, body, attempt }) => (queueUrl === DLQ && chance(options.seed, 'dlq', body, attempt) < dlqFailures ? { code: 'InternalError' } : undefined);
  }

  // --- Events: one key per event; poison events carry a marker the double recognises by event_id.
  const fates = new Map<string, EventFate>();
  const poisonIds = new Set<string>();
  const arrivals: { atMs: number; sourceIndex: number; body: string }[] = [];
  const arrivalMs = options.arrivalMs ?? MINUTE;
  for (let i = 0; i < options.events; i++) {
    const sourceIndex = i % sourceCount;
    const key = `evt-${options.seed}-${String(i).padStart(6, '0')}`;
    const poison = poisonEvery > 0 && i % poisonEvery === poisonEvery - 1;
    if (poison) poisonIds.add(key);
    fates.set(key, { key, sourceId: sourceIdOf(sourceIndex), poison, delivered: false, deadLetters: [] });
    const atMs = SCENARIO_START_MS + Math.floor((i / options.events) * arrivalMs);
    const body = JSON.stringify(trackEvent(key, { timestamp: new Date(atMs - 5_000).toISOString() }));
    arrivals.push({ atMs, sourceIndex, body });
    if (random() < (options.duplicateShare ?? 0)) arrivals.push({ atMs: atMs + Math.floor(random() * 2_000), sourceIndex, body });
  }
  arrivals.sort((a, b) => a.atMs - b.atMs);

  // --- Pinterest: faults by content hash and repeat number; outages and 401s by virtual time.
  const seen = new Map<string, number>();
  const requests: ScenarioResult['requests'] = [];
  const deliveredAtMs = new Map<string, number>();
  const responder = (request: RecordedRequest): Reply => {
    const ids = request.events.map((e) => String(e.event_id));
    const label = `${request.adAccountId}|${ids.join(',')}`;
    const attempt = (seen.get(label) ?? 0) + 1;
    seen.set(label, attempt);
    const record = (status: number | 'reset') => requests.push({ atMs: clock.now, adAccountId: request.adAccountId, events: ids.length, status });
    const { outage, revokedToken } = options;
    if (outage && clock.now >= outage.fromMs && clock.now < outage.untilMs) {
      record(outage.status);
      return errorReply(outage.status, 4197, 'The endpoint has been ramped down');
    }
    if (revokedToken && clock.now >= revokedToken.fromMs && clock.now < revokedToken.untilMs) {
      record(401);
      return errorReply(401, 2, 'Authentication failed.');
    }
    const roll = chance(options.seed, 'pinterest', label, attempt);
    if (roll < faults.http500) {
      record(500);
      return errorReply(500, 1, 'Internal error');
    }
    if (roll < faults.http500 + faults.http429) {
      record(429);
      return errorReply(429, 8, 'Rate limit exceeded', { 'X-RateLimit-Reset': String(1 + Math.floor(chance(options.seed, 'reset', label, attempt) * 10)) });
    }
    if (roll < faults.http500 + faults.http429 + faults.reset) {
      record('reset');
      return 'drop';
    }
    if (ids.some((id) => poisonIds.has(id))) {
      record(400);
      return errorReply(400, 4196, "Invalid request: Additional properties are not allowed ('x' was unexpected)");
    }
    record(200);
    for (const id of ids) if (!deliveredAtMs.has(id)) deliveredAtMs.set(id, clock.now);
    return perEvent(request, () => 'processed');
  };
  const double = await startPinterestDouble(responder);

  const sources: Record<string, unknown> = {};
  for (let i = 0; i < sourceCount; i++) {
    sources[sourceIdOf(i)] = { tagId: '2614759966035', adAccountId: adAccountOf(i), conversionToken: `pina_SCENARIO_${i}` };
  }
  const reports: BatchReport[] = [];
  const timeoutMs = 10_000;
  const worker = createWorker({
    settings: new FileSettingsProvider({ sources }),
    sender: createPinterestClient({ baseUrl: double.url, timeoutMs }),
    sqs: memory.client,
    queueUrl: MAIN,
    deadLetterQueueUrl: DLQ,
    maxReceiveCount: 5,
    retryBaseSeconds: 30,
    concurrency: 4,
    requestTimeoutMs: timeoutMs,
    now: () => clock.now,
    random: prng(options.seed + 1),
    sendWait: async () => undefined,
    // In-invocation waits move the virtual clock (concurrent waits overlap: the clock takes the latest end).
    sleep: async (ms: number) => {
      const until = clock.now + ms;
      await Promise.resolve();
      clock.now = Math.max(clock.now, until);
    },
    onReport: (report) => reports.push(report),
    ...options.worker,
  } as WorkerDeps);

  const send = (upTo: number) => {
    while (arrivals.length > 0 && (arrivals[0] as { atMs: number }).atMs <= upTo) {
      let n = 0;
      while (n < 10 && n < arrivals.length && (arrivals[n] as { atMs: number }).atMs <= upTo) n++;
      const next = arrivals.splice(0, n);
      memory.sendMessageBatch({
        QueueUrl: MAIN,
        Entries: next.map((a, i) => ({
          Id: String(i),
          MessageBody: a.body,
          MessageAttributes: mainQueueAttributes(sourceIdOf(a.sourceIndex), new Date(a.atMs).toISOString()),
        })),
      });
    }
  };

  let rounds = 0;
  const batchingWindowMs = 5_000;
  const maxVirtualMs = options.maxVirtualMs ?? 7 * 24 * 60 * MINUTE;
  try {
    while (arrivals.length > 0 || main.size > 0) {
      if (clock.now - SCENARIO_START_MS > maxVirtualMs) break;
      send(clock.now);
      if (memory.visibleCount(MAIN) === 0) {
        const nextArrival = arrivals[0]?.atMs ?? Infinity;
        const next = Math.min(nextArrival, ...[...main.messages.values()].map((m) => m.visibleAt));
        if (!Number.isFinite(next)) break;
        clock.now = Math.max(clock.now, next);
      }
      // Lambda's batching window: gather for up to 5 s unless the batch is full.
      if (memory.visibleCount(MAIN) < batchSize) {
        clock.now += batchingWindowMs;
        send(clock.now);
      }
      const records: SQSRecord[] = memory.receive(MAIN, batchSize);
      if (records.length === 0) continue;
      rounds++;
      const deadline = clock.now + 60_000;
      const response = await worker({ Records: records }, { getRemainingTimeInMillis: () => deadline - clock.now });
      memory.deleteAllBut(MAIN, records, new Set(response.batchItemFailures.map((f) => f.itemIdentifier)));
      clock.now += 100;
    }
  } finally {
    await double.close();
  }

  for (const letter of dlq.history) {
    const key = (JSON.parse(letter.body) as { messageId: string }).messageId;
    fates.get(key)?.deadLetters.push(letter.attributes[ATTR.reason]?.StringValue ?? '(redriven without a reason)');
  }
  for (const key of deliveredAtMs.keys()) {
    const fate = fates.get(key);
    if (fate) fate.delivered = true;
  }

  const all = [...fates.values()];
  const letterTimes = dlq.history.map((m) => m.sentAt);
  const good = all.filter((f) => !f.poison);
  const poison = all.filter((f) => f.poison);
  const goodDeadLetteredByReason: Record<string, number> = {};
  for (const f of good) for (const reason of new Set(f.deadLetters)) goodDeadLetteredByReason[reason] = (goodDeadLetteredByReason[reason] ?? 0) + 1;
  return {
    events: all.length,
    goodEvents: good.length,
    poisonEvents: poison.length,
    goodDeadLettered: good.filter((f) => f.deadLetters.length > 0).length,
    goodDeadLetteredByReason,
    poisonRejected: poison.filter((f) => f.deadLetters.length > 0 && f.deadLetters.every((r) => r === 'pinterest_rejected')).length,
    poisonOther: poison.filter((f) => f.deadLetters.some((r) => r !== 'pinterest_rejected')).length,
    unresolved: all.filter((f) => !f.delivered && f.deadLetters.length === 0).length,
    deliveredAndDeadLettered: all.filter((f) => f.delivered && f.deadLetters.length > 0).length,
    redriven: main.redriven.length,
    pinterestRequests: requests.length,
    requestsPer1000Events: (requests.length * 1000) / all.length,
    rounds,
    virtualMinutes: Math.round((clock.now - SCENARIO_START_MS) / MINUTE),
    requests,
    ...(letterTimes.length > 0 ? { deadLetteredFromMs: Math.min(...letterTimes), deadLetteredUntilMs: Math.max(...letterTimes) } : {}),
    resent: reports.reduce((n, r) => n + r.records.filter((x) => x.resent).length, 0),
    deliveredAtMs,
    fates,
    reports,
  };
}

/** The headline figures of a result, for printing. */
export function summarize(result: ScenarioResult): Record<string, unknown> {
  const figures = Object.fromEntries(Object.entries(result).filter(([, v]) => typeof v === 'number' || (typeof v === 'object' && !Array.isArray(v) && !(v instanceof Map))));
  return { ...figures, goodDeadLetteredShare: Number((result.goodDeadLettered / Math.max(1, result.goodEvents)).toFixed(4)) };
}

/** Requests per account and minute, from the time each account's breaker opened until `untilMs`. */
export function maxRequestsPerMinuteInOutageMode(result: ScenarioResult, untilMs: number): number {
  let max = 0;
  for (const account of new Set(result.requests.map((r) => r.adAccountId))) {
    const failed = result.requests.filter((r) => r.adAccountId === account && r.atMs < untilMs);
    const opened = failed[DEFAULT_BREAKER_POLICY.failureThreshold - 1]?.atMs ?? Infinity;
    const perMinute = new Map<number, number>();
    for (const r of failed.filter((q) => q.atMs > opened)) perMinute.set(Math.floor(r.atMs / MINUTE), (perMinute.get(Math.floor(r.atMs / MINUTE)) ?? 0) + 1);
    max = Math.max(max, ...perMinute.values());
  }
  return max;
}

/** Smallest request (probes of one event aside) sent after `fromMs` while ≥ 900 events of its account were waiting; Infinity if none. */
export function smallestFullRequestAfter(result: ScenarioResult, fromMs: number): number {
  const fates = [...result.fates.values()];
  let smallest = Infinity;
  for (const request of result.requests.filter((r) => r.atMs >= fromMs && r.events > 1)) {
    const sourceId = `source-${Number(request.adAccountId) - 700_000}`;
    const waiting = fates.filter((f) => f.sourceId === sourceId && (result.deliveredAtMs.get(f.key) ?? Infinity) >= request.atMs).length;
    if (waiting >= 900) smallest = Math.min(smallest, request.events);
  }
  return smallest;
}
