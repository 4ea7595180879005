/**
 * One time budget shared by every call a request makes: each call gets what is left (through the
 * abort signal, which the AWS SDK v3 honours per command) instead of a fixed timeout of its own, so
 * N calls can never add up past the budget, and nothing keeps running once the caller has answered.
 */
export interface Deadline {
  /** Aborts when the budget is spent (reason: a `DeadlineExceeded` error). */
  readonly signal: AbortSignal;
  /** Milliseconds left, never negative. */
  remainingMs(): number;
  /** Is there time for a call that needs `minMs` to finish? False once aborted. */
  allows(minMs: number): boolean;
  /** Stop the timer (the signal stays as it is). */
  dispose(): void;
}

export class DeadlineExceededError extends Error {
  override readonly name = 'DeadlineExceeded';
}

export function startDeadline(budgetMs: number, now: () => number = Date.now): Deadline {
  const endsAt = now() + Math.max(0, budgetMs);
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new DeadlineExceededError(`the ${budgetMs} ms deadline passed`)), Math.max(0, budgetMs));
  timer.unref?.();
  const remainingMs = () => Math.max(0, endsAt - now());
  return {
    signal: controller.signal,
    remainingMs,
    allows: (minMs) => !controller.signal.aborted && remainingMs() >= minMs,
    dispose: () => clearTimeout(timer),
  };
}
