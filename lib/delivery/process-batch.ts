import type { SQSClient } from '@aws-sdk/client-sqs';
import type { SQSRecord } from 'aws-lambda';
import { parseJson } from '../util/parse-json';
import type { PinterestSender } from '../pinterest/client';
import type { TranslateResult } from '../pinterest/types';
import { readQueueRecord, type QueueRecord } from '../queue/record';
import { isIntentionalSkip } from '../reasons';
import type { SettingsProvider } from '../settings/provider';
import type { SourceSettings } from '../settings/schema';
import { createLimiter, type Limiter } from '../util/concurrency';
import { deliverChunks } from './deliver';
import { deadLetter, exhaustRetries, retry, skipped, type Outcome } from './outcome';
import { planRequests, type Destination, type PlannedEvent } from './plan';
import { settleOutcomes, UNKNOWN_SOURCE } from './settle';
import { BatchStats } from './stats';

/**
 * One worker invocation over a whole SQS batch: records are grouped by source, and each source
 * runs its own pipeline (settings → translate → plan → send) concurrently with the others, with
 * request slots per ad account. So one source's slow settings, bad credentials or rejected
 * events never hold up or drop another source's events. At the end every record has exactly one
 * outcome, dead letters are written and retries delayed, and the records SQS must deliver again
 * are returned.
 */
export type Translate = (event: unknown, settings: SourceSettings, nowMs: number) => TranslateResult;

/** The subset of the Powertools Logger used here. Never give it tokens, event bodies or user data. */
export interface LoggerLike {
  info(message: string, ...extra: Record<string, unknown>[]): void;
  warn(message: string, ...extra: Record<string, unknown>[]): void;
  error(message: string, ...extra: Record<string, unknown>[]): void;
}

export interface BatchDeps {
  settings: SettingsProvider;
  sender: PinterestSender;
  translate: Translate;
  sqs: SQSClient;
  queueUrl: string;
  deadLetterQueueUrl: string;
  /** The attempt (ApproximateReceiveCount) on which a still-failing record is dead-lettered. */
  maxReceiveCount: number;
  retryBaseSeconds: number;
  /** Pinterest requests in flight at once per ad account. */
  concurrency: number;
  /** Pinterest request timeout: a request is only started when it can finish in time. */
  requestTimeoutMs: number;
  /** Time kept for dead-letter writes and visibility changes after the last request. Default 3,000 ms. */
  reserveMs?: number;
  logger?: LoggerLike;
  now?: () => number;
  random?: () => number;
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
  /** Seconds until redelivery, for retried records. */
  retryDelaySeconds?: number;
}

export interface BatchReport {
  records: RecordReport[];
  batchItemFailures: { itemIdentifier: string }[];
  requests: number;
  splits: number;
  notSent: number;
  stats: BatchStats;
}

/** How many Pinterest warnings and rejections per source and invocation go into the logs. */
export const LOG_SAMPLES = 3;
export const DEFAULT_RESERVE_MS = 3000;

const noLogger: LoggerLike = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** `Name: message` of the innermost cause (Powertools wraps SDK errors such as ThrottlingException). */
function errorText(error: unknown): string {
  let err: unknown = error;
  while (err instanceof Error && err.cause instanceof Error) err = err.cause;
  return err instanceof Error ? `${err.name}: ${err.message}` : String(error);
}

export async function processBatch(
  sqsRecords: readonly SQSRecord[],
  deps: BatchDeps,
  remainingMs?: () => number,
): Promise<BatchReport> {
  const logger = deps.logger ?? noLogger;
  const now = deps.now ?? Date.now;
  const reserve = deps.reserveMs ?? DEFAULT_RESERVE_MS;
  const canStart = remainingMs ? () => remainingMs() > deps.requestTimeoutMs + reserve : () => true;
  // Request slots per ad account: Pinterest rate-limits per account, and an account whose
  // requests hang must not hold the slots other accounts' requests wait for.
  const limiters = new Map<string, Limiter>();
  const limiterFor = (adAccountId: string): Limiter => {
    let limiter = limiters.get(adAccountId);
    if (!limiter) limiters.set(adAccountId, (limiter = createLimiter(deps.concurrency)));
    return limiter;
  };
  const stats = new BatchStats();
  let splits = 0;

  const records: QueueRecord[] = sqsRecords.map(readQueueRecord);
  const outcomes: (Outcome | undefined)[] = new Array(records.length);
  const events: unknown[] = new Array(records.length);
  const bySource = new Map<string, number[]>();

  records.forEach((record, index) => {
    // parseJson's message names the position only: V8's own may quote the body (personal data).
    const parsed = parseJson(record.body);
    if (!parsed.ok) {
      outcomes[index] = deadLetter('invalid_event', `body is not JSON: ${parsed.message}`);
      return;
    }
    events[index] = parsed.value;
    if (!record.sourceId) {
      outcomes[index] = deadLetter('settings_missing', 'the message has no sourceId attribute');
      return;
    }
    const list = bySource.get(record.sourceId) ?? [];
    list.push(index);
    bySource.set(record.sourceId, list);
  });

  const runSource = async (sourceId: string, indexes: number[]): Promise<void> => {
    const setAll = (outcome: Outcome): void => indexes.forEach((i) => (outcomes[i] = outcome));
    let lookup;
    try {
      lookup = await deps.settings.getSource(sourceId);
    } catch (error) {
      logger.warn('settings unavailable; events will be retried', { sourceId, events: indexes.length, error: errorText(error) });
      return setAll(retry(`settings unavailable: ${errorText(error)}`));
    }
    if (lookup.status !== 'ok') {
      const reason = lookup.status === 'missing' ? 'settings_missing' : 'settings_invalid';
      logger.warn('source settings unusable; events dead-lettered', { sourceId, reason, detail: lookup.message, events: indexes.length });
      return setAll(deadLetter(reason, lookup.message));
    }
    for (const warning of lookup.warnings) {
      const key = `${sourceId}\n${warning}`;
      if (deps.loggedSettingsWarnings?.has(key)) continue;
      deps.loggedSettingsWarnings?.add(key);
      logger.warn('settings warning', { sourceId, warning });
    }

    const { settings, conversionToken } = lookup;
    const nowMs = now();
    const planned: (PlannedEvent & { destination: Destination })[] = [];
    const missingCredentials = !settings.adAccountId
      ? `source "${sourceId}" has no adAccountId in its settings`
      : !conversionToken
        ? `source "${sourceId}" has no conversion token`
        : undefined;
    const destination: Destination | undefined =
      settings.adAccountId && conversionToken
        ? { adAccountId: settings.adAccountId, token: conversionToken, testMode: settings.testMode }
        : undefined;
    for (const index of indexes) {
      let result: TranslateResult;
      try {
        result = deps.translate(events[index], settings, nowMs);
      } catch (error) {
        outcomes[index] = deadLetter('invalid_event', `translation failed: ${errorText(error)}`);
        continue;
      }
      if (!result.ok) {
        const { reason, message } = result.drop;
        outcomes[index] = isIntentionalSkip(reason) ? skipped(reason, message) : deadLetter(reason, message);
      } else if (!destination) {
        outcomes[index] = deadLetter('settings_missing', missingCredentials ?? 'no credentials');
      } else {
        planned.push({ record: index, sourceId, event: result.event, destination });
      }
    }
    // Translation first: intentional skips stay skips even for a source without credentials.
    if (!destination && indexes.some((i) => outcomes[i]?.reason === 'settings_missing')) {
      logger.warn('source settings unusable; events dead-lettered', { sourceId, reason: 'settings_missing', detail: missingCredentials });
    }
    if (planned.length === 0 || !destination) return;

    const eventNames = new Map(planned.map((p) => [p.record, p.event.event_name]));
    const delivery = await deliverChunks(planRequests(planned), {
      sender: deps.sender,
      limiter: limiterFor(destination.adAccountId),
      canStart,
      onResponse: (chunk, response) => stats.countRequest(sourceId, response.latencyMs, chunk.items.length),
    });
    splits += delivery.splits;
    let warningsLogged = 0;
    let rejectionsLogged = 0;
    let auth: { detail: string; events: number } | undefined;
    for (const [index, outcome] of delivery.outcomes) {
      outcomes[index] = outcome;
      const eventName = eventNames.get(index);
      if (outcome.kind === 'delivered' && outcome.detail && warningsLogged++ < LOG_SAMPLES) {
        logger.warn('Pinterest warning', { sourceId, eventName, warning: outcome.detail });
      }
      if (outcome.reason === 'pinterest_rejected' && rejectionsLogged++ < LOG_SAMPLES) {
        logger.warn('Pinterest rejected an event', { sourceId, eventName, error: outcome.detail });
      }
      if (outcome.reason === 'pinterest_auth') auth = { detail: outcome.detail, events: (auth?.events ?? 0) + 1 };
    }
    // Once per source and invocation: these need an operator, not one log line per event.
    if (auth) logger.error('Pinterest refused the credentials of this source; fix them, then replay', { sourceId, ...auth });
  };

  await Promise.all(
    [...bySource].map(async ([sourceId, indexes]) => {
      try {
        await runSource(sourceId, indexes);
      } catch (error) {
        logger.error('unexpected error while processing a source; its events will be retried', { sourceId, error: errorText(error) });
        for (const i of indexes) outcomes[i] ??= retry(`worker error: ${errorText(error)}`);
      }
    }),
  );

  const final = records.map((record, i) => exhaustRetries(outcomes[i] ?? retry('no outcome was decided'), record.receiveCount, deps.maxReceiveCount));

  const settled = await settleOutcomes(records, final, {
    sqs: deps.sqs,
    queueUrl: deps.queueUrl,
    deadLetterQueueUrl: deps.deadLetterQueueUrl,
    retryBaseSeconds: deps.retryBaseSeconds,
    ...(deps.random ? { random: deps.random } : {}),
    ...(deps.sendWait ? { sendWait: deps.sendWait } : {}),
  });
  // Counted after settling: a dead letter whose write failed is, in fact, a retry.
  const unwritten = new Set(settled.deadLetterFailures.map((failure) => failure.index));
  final.forEach((outcome, i) => {
    const sourceId = records[i]?.sourceId ?? UNKNOWN_SOURCE;
    if (!unwritten.has(i)) return stats.countOutcome(sourceId, outcome);
    stats.of(sourceId).deadLetterWriteFailures++;
    stats.countOutcome(sourceId, retry(`dead-letter write failed (${outcome.reason ?? 'unknown'})`));
  });
  if (settled.deadLetterFailures.length > 0) {
    const first = settled.deadLetterFailures[0] as { code: string; message: string };
    logger.error('dead-letter writes failed; those records will be delivered again', {
      records: settled.deadLetterFailures.length,
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
      ...(delay !== undefined ? { retryDelaySeconds: delay } : {}),
    };
  });
  const requests = [...stats.sources.values()].reduce((n, s) => n + s.requestLatencyMs.length, 0);
  const notSent = final.filter((o) => o.kind === 'retry' && o.immediate).length;
  logger.info('batch processed', {
    records: records.length,
    requests,
    delivered: final.filter((o) => o.kind === 'delivered').length,
    skipped: final.filter((o) => o.kind === 'skipped').length,
    deadLettered: final.filter((o) => o.kind === 'deadLetter').length - settled.deadLetterFailures.length,
    retried: final.filter((o) => o.kind === 'retry').length,
    notSent,
  });
  return {
    records: reports,
    batchItemFailures: reports.filter((r) => r.failed).map((r) => ({ itemIdentifier: r.messageId })),
    requests,
    splits,
    notSent,
    stats,
  };
}
