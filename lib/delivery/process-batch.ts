import type { SQSClient } from '@aws-sdk/client-sqs';
import type { SQSRecord } from 'aws-lambda';
import { WORKER_DEFAULTS } from '../config/worker';
import type { PinterestSender } from '../pinterest/client';
import type { QueueRecord } from '../queue/record';
import type { SettingsProvider } from '../settings/provider';
import { createLimiter, sleep as realSleep, type Limiter } from '../util/concurrency';
import { countByReason, reasonSummary } from './batch-log';
import { BreakerBoard } from './breaker';
import { FateMemory } from './fate-memory';
import { retry, type Outcome } from './outcome';
import { readRecords, shareWithCopies, type BatchRecords } from './read-records';
import { applyRetryBudget, DEFAULT_INVOCATION_BACKOFF, type InvocationBackoff, type RetryBudget } from './retry-policy';
import { settleOutcomes, UNKNOWN_SOURCE, type SettleResult } from './settle';
import { deliverSource, errorText, type BatchRun, type LoggerLike, type Translate } from './source-pipeline';
import { BatchStats } from './stats';

export type { LoggerLike, Translate } from './source-pipeline';
export { LOG_SAMPLES } from './source-pipeline';

/**
 * One worker invocation over a whole SQS batch, as a list of stages:
 *
 *   read records → per source (settings → translate → plan → send) → decide → settle → report
 *
 * Reading collapses copies of one event and applies verdicts already known. Each source runs its
 * own pipeline concurrently with the others, with request slots per ad account; sending retries
 * transient failures inside the invocation and consults the account's breaker. Deciding gives
 * copies their event's outcome and turns retries past their time budget into dead letters.
 * Settling writes dead letters and sets one redelivery delay per failed request. At the end every
 * record has exactly one outcome, and the records SQS must deliver again are returned.
 */
export interface BatchDeps {
  settings: SettingsProvider;
  sender: PinterestSender;
  translate: Translate;
  sqs: SQSClient;
  queueUrl: string;
  deadLetterQueueUrl: string;
  /** Backstop: on this receive (ApproximateReceiveCount) a still-undecided record is dead-lettered. */
  maxReceiveCount: number;
  /** SQS backoff base for records that still fail when the invocation's time runs out. */
  retryBaseSeconds: number;
  /** Pinterest requests in flight at once per ad account. */
  concurrency: number;
  /** Pinterest request timeout: a request is only started when it can finish in time. */
  requestTimeoutMs: number;
  /** Retry horizon (default 24 h) and credentials pause (default 24 h), from the record's entry into the queue. */
  retryHorizonHours?: number;
  authPauseHours?: number;
  /** Hold period of an ad account in outage mode or a paused source. Default 600 s. */
  outageHoldSeconds?: number;
  backoff?: InvocationBackoff;
  /** Events in a probe request of an account in outage mode. Default 1. */
  probeEvents?: number;
  /** State kept for the life of a warm container: breakers per ad account, proven rejections. */
  breakers?: BreakerBoard;
  fateMemory?: FateMemory;
  /** Time kept for dead-letter writes and visibility changes after the last request. Default 3,000 ms. */
  reserveMs?: number;
  logger?: LoggerLike;
  now?: () => number;
  random?: () => number;
  /** In-invocation backoff waits (tests move a virtual clock). */
  sleep?: (ms: number) => Promise<void>;
  /** Settings warnings already logged (kept across warm invocations by the caller). */
  loggedSettingsWarnings?: Set<string>;
  /** Passed to the dead-letter sender (tests skip its backoff waits). */
  sendWait?: (ms: number) => Promise<void>;
}

export interface RecordReport {
  messageId: string;
  sourceId?: string;
  outcome: Outcome;
  /** Reported in batchItemFailures: SQS delivers it again. */
  failed: boolean;
  /** Its dead-letter write failed, so it was re-sent to the main queue carrying the decided reason. */
  resent?: boolean;
  /** Seconds until redelivery, for retried records. */
  retryDelaySeconds?: number;
}

export interface BatchReport {
  records: RecordReport[];
  batchItemFailures: { itemIdentifier: string }[];
  requests: number;
  splits: number;
  notSent: number;
  retriedInInvocation: number;
  probes: number;
  heldBack: number;
  stats: BatchStats;
}

export const DEFAULT_RESERVE_MS = 3000;
export const DEFAULT_PROBE_EVENTS = 1;
const HOUR_MS = 3_600_000;

const noLogger: LoggerLike = { info: () => undefined, warn: () => undefined, error: () => undefined };

export async function processBatch(sqsRecords: readonly SQSRecord[], deps: BatchDeps, remainingMs?: () => number): Promise<BatchReport> {
  const run = startRun(deps, remainingMs);
  const memory = deps.fateMemory ?? new FateMemory();
  const batch = readRecords(sqsRecords, memory);
  await deliverSources(run, batch);
  const final = decideOutcomes(run, batch, deps, memory);
  const settled = await settleOutcomes(batch.records, final, {
    sqs: deps.sqs,
    queueUrl: deps.queueUrl,
    deadLetterQueueUrl: deps.deadLetterQueueUrl,
    retryBaseSeconds: deps.retryBaseSeconds,
    random: run.random,
    ...(deps.sendWait ? { sendWait: deps.sendWait } : {}),
  });
  return report(run, batch.records, final, settled);
}

/** The invocation's shared context: clock, time budget, request slots per account, counters. */
function startRun(deps: BatchDeps, remainingMs?: () => number): BatchRun {
  const reserve = deps.reserveMs ?? DEFAULT_RESERVE_MS;
  const limiters = new Map<string, Limiter>();
  let groups = 0;
  return {
    settings: deps.settings,
    sender: deps.sender,
    translate: deps.translate,
    logger: deps.logger ?? noLogger,
    stats: new BatchStats(),
    breakers: deps.breakers ?? new BreakerBoard(),
    now: deps.now ?? Date.now,
    random: deps.random ?? Math.random,
    sleep: deps.sleep ?? realSleep,
    canStart: remainingMs ? () => remainingMs() > deps.requestTimeoutMs + reserve : () => true,
    canWait: remainingMs ? (ms) => remainingMs() - ms > deps.requestTimeoutMs + reserve : () => true,
    backoff: deps.backoff ?? DEFAULT_INVOCATION_BACKOFF,
    outageHoldSeconds: deps.outageHoldSeconds ?? WORKER_DEFAULTS.outageHoldSeconds,
    authHoldSeconds: deps.outageHoldSeconds ?? WORKER_DEFAULTS.outageHoldSeconds,
    authPauseHours: deps.authPauseHours ?? WORKER_DEFAULTS.authPauseHours,
    probeEvents: Math.max(1, deps.probeEvents ?? DEFAULT_PROBE_EVENTS),
    // Pinterest rate-limits per account, and an account whose requests hang must not hold the
    // slots other accounts' requests wait for.
    limiterFor: (adAccountId) => {
      let limiter = limiters.get(adAccountId);
      if (!limiter) limiters.set(adAccountId, (limiter = createLimiter(deps.concurrency)));
      return limiter;
    },
    nextGroup: () => `request-${++groups}`,
    ...(deps.loggedSettingsWarnings ? { loggedSettingsWarnings: deps.loggedSettingsWarnings } : {}),
    totals: { requests: 0, splits: 0, retriedInInvocation: 0, probes: 0, heldBack: 0, notSent: 0 },
  };
}

/** Stages 2–5 for every source at once; a source that throws has its events retried. */
async function deliverSources(run: BatchRun, batch: BatchRecords): Promise<void> {
  await Promise.all(
    [...batch.bySource].map(async ([sourceId, indexes]) => {
      try {
        await deliverSource(run, sourceId, indexes, batch.events, batch.outcomes);
      } catch (error) {
        run.logger.error('unexpected error while processing a source; its events will be retried', { sourceId, error: errorText(error) });
        for (const i of indexes) batch.outcomes[i] ??= retry(`worker error: ${errorText(error)}`, { cause: 'worker_error' });
      }
    }),
  );
}

/** Stage 6: copies share their event's outcome; retries past their time budget become dead letters. */
function decideOutcomes(run: BatchRun, batch: BatchRecords, deps: BatchDeps, memory: FateMemory): Outcome[] {
  shareWithCopies(batch, batch.outcomes);
  const budget: RetryBudget = {
    horizonMs: (deps.retryHorizonHours ?? WORKER_DEFAULTS.retryHorizonHours) * HOUR_MS,
    authPauseMs: (deps.authPauseHours ?? WORKER_DEFAULTS.authPauseHours) * HOUR_MS,
    maxReceiveCount: deps.maxReceiveCount,
  };
  const nowMs = run.now();
  return batch.records.map((record, i) => {
    const outcome = applyRetryBudget(batch.outcomes[i] ?? retry('no outcome was decided', { cause: 'worker_error' }), record, budget, nowMs);
    const key = batch.keys[i];
    if (key) memory.remember(key, outcome);
    return outcome;
  });
}

/** Stage 8: counts (after settling: a dead letter whose write failed is, in fact, a retry), logs, the report. */
function report(run: BatchRun, records: readonly QueueRecord[], final: readonly Outcome[], settled: SettleResult): BatchReport {
  const { logger, stats } = run;
  const unwritten = new Set(settled.deadLetterFailures.map((failure) => failure.index));
  const resent = new Set(settled.resent);
  const counted = final.map((outcome, i) =>
    unwritten.has(i) ? retry(`dead-letter write failed (${outcome.reason ?? 'unknown'})`, { cause: 'dead_letter_write_failed' }) : outcome,
  );
  counted.forEach((outcome, i) => {
    const sourceId = records[i]?.sourceId ?? UNKNOWN_SOURCE;
    if (unwritten.has(i)) stats.of(sourceId).deadLetterWriteFailures++;
    stats.countOutcome(sourceId, outcome);
  });
  if (settled.deadLetterFailures.length > 0) {
    const first = settled.deadLetterFailures[0] as { code: string; message: string };
    logger.error('dead-letter writes failed; those records were re-sent with their reason or will be delivered again', {
      records: settled.deadLetterFailures.length,
      resentWithReason: resent.size,
      code: first.code,
      error: first.message,
    });
  }
  if (settled.visibilityFailures > 0) {
    logger.warn('could not delay some retries; they return after the queue visibility timeout', { records: settled.visibilityFailures });
  }

  const failedSet = new Set(settled.failed);
  const reports = records.map((record, i): RecordReport => {
    const delay = settled.retryDelays.get(i);
    return {
      messageId: record.messageId,
      ...(record.sourceId ? { sourceId: record.sourceId } : {}),
      outcome: final[i] as Outcome,
      failed: failedSet.has(i),
      ...(resent.has(i) ? { resent: true } : {}),
      ...(delay !== undefined ? { retryDelaySeconds: delay } : {}),
    };
  });
  const byReason = countByReason(counted);
  const { totals } = run;
  logger.info('batch processed', {
    records: records.length,
    requests: totals.requests,
    delivered: counted.filter((o) => o.kind === 'delivered').length,
    skipped: counted.filter((o) => o.kind === 'skipped').length,
    deadLettered: counted.filter((o) => o.kind === 'deadLetter').length,
    retried: counted.filter((o) => o.kind === 'retry').length,
    notSent: totals.notSent,
    retriedInInvocation: totals.retriedInInvocation,
    heldBack: totals.heldBack,
    probes: totals.probes,
    byReason,
    summary: reasonSummary(byReason),
  });
  return {
    records: reports,
    batchItemFailures: reports.filter((r) => r.failed).map((r) => ({ itemIdentifier: r.messageId })),
    requests: totals.requests,
    splits: totals.splits,
    notSent: totals.notSent,
    retriedInInvocation: totals.retriedInInvocation,
    probes: totals.probes,
    heldBack: totals.heldBack,
    stats,
  };
}
