import type { DropReason, Reason } from '../reasons';

/**
 * The fate of one SQS record (one Segment event) after an invocation. Every record ends as exactly
 * one of these; nothing is lost silently.
 * - delivered: Pinterest answered `processed` (a warning, if any, is kept for counting and logs).
 * - skipped: an intentional drop (see isIntentionalSkip), counted only.
 * - deadLetter: a permanent failure; the record goes to the dead-letter queue with `reason`.
 * - retry: a transient failure; SQS redelivers the record after a backoff delay.
 */
export type Outcome =
  | { kind: 'delivered'; reason?: undefined; detail?: string }
  | { kind: 'skipped'; reason: DropReason; detail?: string }
  | { kind: 'deadLetter'; reason: Reason; detail: string }
  | {
      kind: 'retry';
      reason?: undefined;
      /** The error, kept as `detail` of a later `retries_exhausted`. */
      detail: string;
      /** Wait at least this long (429 with X-RateLimit-Reset). */
      minDelaySeconds?: number;
      /** Redeliver without backoff: the record was never tried (time budget ran out). */
      immediate?: boolean;
    };

export type OutcomeKind = Outcome['kind'];

export const delivered = (warning?: string): Outcome => (warning ? { kind: 'delivered', detail: warning } : { kind: 'delivered' });
export const skipped = (reason: DropReason, detail?: string): Outcome => ({ kind: 'skipped', reason, ...(detail ? { detail } : {}) });
export const deadLetter = (reason: Reason, detail: string): Outcome => ({ kind: 'deadLetter', reason, detail });
export const retry = (detail: string, extra: { minDelaySeconds?: number; immediate?: boolean } = {}): Outcome => ({
  kind: 'retry',
  detail,
  ...extra,
});

/**
 * On the last allowed attempt a retry becomes a dead letter with `retries_exhausted` and the last
 * error, so the record reaches the DLQ with a reason instead of being moved there by the queue's
 * redrive policy without one.
 */
export function exhaustRetries(outcome: Outcome, receiveCount: number, maxReceiveCount: number): Outcome {
  if (outcome.kind !== 'retry' || receiveCount < maxReceiveCount) return outcome;
  return deadLetter('retries_exhausted', `gave up after ${receiveCount} attempts; last error: ${outcome.detail}`);
}
