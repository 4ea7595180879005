/**
 * How long SQS hides a record before redelivering it: `baseSeconds × 2^(attempt − 1)`, capped at
 * 15 minutes, with ±20 % jitter so records that failed together do not return together; never
 * sooner than Pinterest's X-RateLimit-Reset after a 429. `attempt` is the record's
 * ApproximateReceiveCount (1 on the first delivery).
 */
export const MAX_RETRY_DELAY_SECONDS = 15 * 60;
export const JITTER = 0.2;

export interface RetryDelayInput {
  attempt: number;
  baseSeconds: number;
  /** A lower bound, e.g. X-RateLimit-Reset. */
  minSeconds?: number;
  /** In [0, 1). Default Math.random. */
  random?: () => number;
}

export function retryDelaySeconds({ attempt, baseSeconds, minSeconds = 0, random = Math.random }: RetryDelayInput): number {
  const exponent = Math.max(0, Math.floor(attempt) - 1);
  const nominal = Math.min(baseSeconds * 2 ** Math.min(exponent, 30), MAX_RETRY_DELAY_SECONDS);
  const jittered = nominal * (1 - JITTER + 2 * JITTER * random());
  const delay = Math.max(Math.round(jittered), Math.ceil(minSeconds));
  return Math.max(0, Math.min(delay, MAX_RETRY_DELAY_SECONDS));
}
