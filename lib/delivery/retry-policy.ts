import { createHash } from 'node:crypto';
import { deadLetter, type Outcome } from './outcome';
import { MAX_VISIBILITY_TIMEOUT_SECONDS as MAX_VISIBILITY_SECONDS } from '../queue/visibility';

/**
 * How long to keep trying, and how long to wait: pure functions, so every rule has a unit test.
 *
 * - Inside an invocation a request that failed transiently is sent again after a jittered
 *   exponential backoff (`invocationBackoffMs`), never sooner than X-RateLimit-Reset.
 * - An event's budget is time, not receive counts: it is retried until `horizonMs` after it
 *   entered the main queue (SQS's SentTimestamp, which a visibility return keeps), then it is
 *   dead-lettered as `retries_exhausted`. Receives in which it was held back or never sent cost
 *   nothing but time. A source whose credentials Pinterest refuses is paused for `authPauseMs`
 *   before its events become `pinterest_auth`.
 * - The receive count is only a backstop far above normal use (`maxReceiveCount`), so the worker,
 *   not SQS's redrive, writes the reason even if something loops.
 */
export interface InvocationBackoff {
  /** First wait. */
  baseMs: number;
  /** Longest single wait. */
  capMs: number;
  /** Sends of one request per invocation, the first included. */
  maxAttempts: number;
  /** A longer wait (a far X-RateLimit-Reset) is left to SQS's visibility timeout instead. Default 15 s. */
  maxWaitMs?: number;
}

export const DEFAULT_INVOCATION_BACKOFF: InvocationBackoff = { baseMs: 500, capMs: 8_000, maxAttempts: 6, maxWaitMs: 15_000 };

/** Wait before attempt `attempt + 1`: base × 2^(attempt − 1), capped, "equal jitter" (50–100 %), at least `minMs`. */
export function invocationBackoffMs(attempt: number, backoff: InvocationBackoff, random: () => number, minMs = 0): number {
  const nominal = Math.min(backoff.baseMs * 2 ** Math.max(0, Math.min(attempt - 1, 30)), backoff.capMs);
  return Math.max(Math.round(nominal * (0.5 + 0.5 * random())), Math.ceil(minMs));
}

/** Per-request jitter of a hold, in seconds: small, so records held at once still return in one batching window. */
export const HOLD_JITTER_SECONDS = 3;

/**
 * Seconds to hold back records of an account in outage mode (or a paused source). Holds end on a
 * grid of `periodSeconds` offset per account, so everything held for one account, whenever it
 * failed, comes back together and fills whole requests; between half a period and one and a half.
 */
export function holdDelaySeconds(nowMs: number, periodSeconds: number, key: string, random: () => number): number {
  const period = Math.max(1, periodSeconds);
  const offset = createHash('sha256').update(key).digest().readUInt32BE(0) % period;
  const now = nowMs / 1000;
  let end = Math.ceil((now - offset) / period) * period + offset;
  while (end - now < period / 2) end += period;
  const seconds = Math.round(end - now + random() * HOLD_JITTER_SECONDS);
  return Math.max(1, Math.min(seconds, MAX_VISIBILITY_SECONDS));
}

export interface RetryBudget {
  /** Transient failures are retried this long after the record entered the main queue. */
  horizonMs: number;
  /** 401/403: the source is paused this long before its events are dead-lettered as pinterest_auth. */
  authPauseMs: number;
  /** Backstop: on this receive a still-undecided record is dead-lettered, whatever the clock says. */
  maxReceiveCount: number;
}

export interface RecordAge {
  /** When this message entered the main queue (SentTimestamp). */
  queuedAtMs: number;
  receiveCount: number;
}

const hours = (ms: number): string => `${Math.round((ms / 3_600_000) * 10) / 10} h`;

/**
 * A retry past its budget becomes a dead letter with the last error, so the record reaches the DLQ
 * with a reason instead of being moved there by the queue's redrive policy without one.
 */
export function applyRetryBudget(outcome: Outcome, record: RecordAge, budget: RetryBudget, nowMs: number): Outcome {
  if (outcome.kind !== 'retry') return outcome;
  const age = Number.isFinite(record.queuedAtMs) ? Math.max(0, nowMs - record.queuedAtMs) : 0;
  // Never sent in this invocation: no answer about the event, so no verdict; the next receive decides.
  if (outcome.cause === 'not_sent') {
    // (the backstop below still applies)
  } else if (outcome.cause === 'auth_paused') {
    if (age >= budget.authPauseMs) {
      return deadLetter('pinterest_auth', `Pinterest refused the credentials for ${hours(age)} (pause limit ${hours(budget.authPauseMs)}); last answer: ${outcome.detail}`);
    }
  } else if (age >= budget.horizonMs) {
    return deadLetter('retries_exhausted', `gave up after ${hours(age)} of retries (horizon ${hours(budget.horizonMs)}, ${record.receiveCount} receives); last error: ${outcome.detail}`);
  }
  if (record.receiveCount >= budget.maxReceiveCount) {
    return deadLetter('retries_exhausted', `gave up after ${record.receiveCount} receives (backstop); last error: ${outcome.detail}`);
  }
  return outcome;
}
