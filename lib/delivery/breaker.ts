/**
 * Outage mode per ad account (a circuit breaker). When requests to an account fail persistently
 * (5xx, network errors, timeouts, 429) or Pinterest refuses its credentials (401/403), the worker
 * stops spending requests on it: one small probe at a time, at most one per `probeIntervalMs`,
 * and every other record of the account is held back without a request. The first probe that
 * gets a real answer closes the breaker and delivery resumes in full.
 *
 * The transitions are pure (`admit`, `afterAnswer`); `BreakerBoard` keeps one state per key for
 * the life of a warm container. A cold container starts closed: it spends one full request to
 * learn that an account is down.
 */
export interface BreakerPolicy {
  /** Consecutive failed requests that open the breaker. */
  failureThreshold: number;
  /** Least time between two probes of an open account. */
  probeIntervalMs: number;
}

export const DEFAULT_BREAKER_POLICY: BreakerPolicy = { failureThreshold: 5, probeIntervalMs: 60_000 };

/** What failed: the account is unreachable, or its credentials were refused. */
export type OpenCause = 'outage' | 'auth';

export type BreakerState =
  | { mode: 'closed'; failures: number }
  | { mode: 'open'; cause: OpenCause; openedAtMs: number; lastProbeAtMs: number };

export const CLOSED: BreakerState = { mode: 'closed', failures: 0 };

/** send: a normal request; probe: one small request; hold: no request. */
export type Admission = 'send' | 'probe' | 'hold';

export function admit(state: BreakerState, nowMs: number, policy: BreakerPolicy): { admission: Admission; next: BreakerState } {
  if (state.mode === 'closed') return { admission: 'send', next: state };
  // A probe in flight counts from its start, so there is never a second one within the interval.
  if (nowMs - state.lastProbeAtMs < policy.probeIntervalMs) return { admission: 'hold', next: state };
  return { admission: 'probe', next: { ...state, lastProbeAtMs: nowMs } };
}

/** ok: any answer about the events (2xx, 4xx other than 401/403); failed: transient; auth: 401/403. */
export type AnswerKind = 'ok' | 'failed' | 'auth';

export function afterAnswer(state: BreakerState, answer: AnswerKind, nowMs: number, policy: BreakerPolicy, probe: boolean): BreakerState {
  // Any real answer about the events means the account is reachable and its credentials work.
  if (answer === 'ok') return CLOSED;
  const cause: OpenCause = answer === 'auth' ? 'auth' : 'outage';
  if (state.mode === 'open') return probe ? { ...state, cause, lastProbeAtMs: nowMs } : state;
  // Credentials refused: no point in a second full request.
  const failures = state.failures + 1;
  if (answer === 'auth' || failures >= policy.failureThreshold) return { mode: 'open', cause, openedAtMs: nowMs, lastProbeAtMs: nowMs };
  return { mode: 'closed', failures };
}

export class BreakerBoard {
  private readonly states = new Map<string, BreakerState>();

  constructor(readonly policy: BreakerPolicy = DEFAULT_BREAKER_POLICY) {}

  state(key: string): BreakerState {
    return this.states.get(key) ?? CLOSED;
  }

  admit(key: string, nowMs: number): Admission {
    const { admission, next } = admit(this.state(key), nowMs, this.policy);
    this.states.set(key, next);
    return admission;
  }

  record(key: string, answer: AnswerKind, nowMs: number, probe = false): BreakerState {
    const next = afterAnswer(this.state(key), answer, nowMs, this.policy, probe);
    if (next.mode === 'closed' && next.failures === 0) this.states.delete(key);
    else this.states.set(key, next);
    return next;
  }

  /** Accounts currently in outage mode or paused (for logs and tests). */
  openKeys(): string[] {
    return [...this.states].filter(([, s]) => s.mode === 'open').map(([k]) => k);
  }
}
