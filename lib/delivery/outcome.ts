import type { DropReason, Reason } from '../reasons';

/**
 * The fate of one SQS record (one Segment event) after an invocation. Every record ends as exactly
 * one of these; nothing is lost silently.
 * - delivered: Pinterest answered `processed` (a warning, if any, is kept for counting and logs).
 * - skipped: an intentional drop (see isIntentionalSkip), counted only.
 * - deadLetter: a permanent failure; the record goes to the dead-letter queue with `reason`.
 * - retry: not decided yet; SQS redelivers the record later. `cause` says why (logs, metrics).
 */
export const RETRY_CAUSES = [
  /** 5xx, a network error or timeout, or an answer that cannot be trusted: outlasted this invocation. */
  'pinterest_unavailable',
  /** 429: Pinterest asked to wait longer than this invocation could. */
  'rate_limited',
  /** The ad account is in outage mode: held back without a request (see breaker.ts). */
  'outage_hold',
  /** 401/403: the source is paused until its credentials work again or the pause limit passes. */
  'auth_paused',
  /** The invocation ran out of time before the record was sent. */
  'not_sent',
  'settings_unavailable',
  /** Its dead letter could not be written; the decided reason travels with the record. */
  'dead_letter_write_failed',
  'worker_error',
] as const;
export type RetryCause = (typeof RETRY_CAUSES)[number];

export interface RetryOutcome {
  kind: 'retry';
  reason?: undefined;
  cause: RetryCause;
  /** The error, kept as `detail` of a later `retries_exhausted` / `pinterest_auth`. */
  detail: string;
  /** Wait at least this long (429 with X-RateLimit-Reset). */
  minDelaySeconds?: number;
  /** Redeliver without backoff: the record was never tried (time budget ran out). */
  immediate?: boolean;
  /** A delay decided by the policy (outage hold, credentials pause) instead of the backoff schedule. */
  delaySeconds?: number;
  /**
   * Records that failed together in one request share one delay (one jitter draw per request), so
   * they come back together and fill one request again.
   */
  group?: string;
}

export type Outcome =
  | { kind: 'delivered'; reason?: undefined; detail?: string }
  | { kind: 'skipped'; reason: DropReason; detail?: string }
  | { kind: 'deadLetter'; reason: Reason; detail: string }
  | RetryOutcome;

export type OutcomeKind = Outcome['kind'];
export type RetryExtra = Partial<Omit<RetryOutcome, 'kind' | 'reason' | 'detail'>>;

export const delivered = (warning?: string): Outcome => (warning ? { kind: 'delivered', detail: warning } : { kind: 'delivered' });
export const skipped = (reason: DropReason, detail?: string): Outcome => ({ kind: 'skipped', reason, ...(detail ? { detail } : {}) });
export const deadLetter = (reason: Reason, detail: string): Outcome => ({ kind: 'deadLetter', reason, detail });
export const retry = (detail: string, extra: RetryExtra = {}): RetryOutcome => ({ kind: 'retry', cause: 'pinterest_unavailable', detail, ...extra });
