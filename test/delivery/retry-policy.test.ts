import { retry, deadLetter, delivered } from '../../lib/delivery/outcome';
import { applyRetryBudget, DEFAULT_INVOCATION_BACKOFF, holdDelaySeconds, invocationBackoffMs, type RetryBudget } from '../../lib/delivery/retry-policy';

const HOUR = 3_600_000;
const budget: RetryBudget = { horizonMs: 24 * HOUR, authPauseMs: 24 * HOUR, maxReceiveCount: 500 };
const T0 = Date.parse('2026-11-28T12:00:00.000Z');

describe('invocationBackoffMs', () => {
  it('doubles from the base, capped, with 50–100 % jitter', () => {
    const b = { baseMs: 500, capMs: 8000, maxAttempts: 6 };
    expect([1, 2, 3, 4, 5, 6].map((a) => invocationBackoffMs(a, b, () => 1))).toEqual([500, 1000, 2000, 4000, 8000, 8000]);
    expect(invocationBackoffMs(1, b, () => 0)).toBe(250);
    expect(invocationBackoffMs(3, b, () => 0.5)).toBe(1500);
  });

  it('never waits less than X-RateLimit-Reset', () => {
    expect(invocationBackoffMs(1, DEFAULT_INVOCATION_BACKOFF, () => 0, 7000)).toBe(7000);
    expect(invocationBackoffMs(5, DEFAULT_INVOCATION_BACKOFF, () => 1, 100)).toBe(8000);
  });
});

describe('holdDelaySeconds', () => {
  it('ends holds of one account on one grid, so records held at different times come back together', () => {
    const a = holdDelaySeconds(T0, 600, 'acct-1', () => 0);
    const b = holdDelaySeconds(T0 + 30_000, 600, 'acct-1', () => 0);
    expect(T0 / 1000 + a).toBe(T0 / 1000 + 30 + b);
    for (const d of [a, b]) {
      expect(d).toBeGreaterThanOrEqual(300);
      expect(d).toBeLessThan(900);
    }
  });

  it('adds at most a few seconds of jitter per request, and offsets accounts from each other', () => {
    expect(holdDelaySeconds(T0, 600, 'acct-1', () => 0.999) - holdDelaySeconds(T0, 600, 'acct-1', () => 0)).toBeLessThanOrEqual(3);
    const offsets = new Set(['a', 'b', 'c', 'd'].map((k) => holdDelaySeconds(T0, 600, k, () => 0)));
    expect(offsets.size).toBeGreaterThan(1);
  });
});

describe('applyRetryBudget', () => {
  const record = (ageHours: number, receiveCount = 3) => ({ queuedAtMs: T0 - ageHours * HOUR, receiveCount });

  it('keeps retrying inside the horizon, whatever the receive count below the backstop', () => {
    const r = retry('Pinterest 503', { cause: 'outage_hold' });
    expect(applyRetryBudget(r, record(23.9, 400), budget, T0)).toBe(r);
  });

  it('dead-letters as retries_exhausted with the last error once the horizon has passed', () => {
    expect(applyRetryBudget(retry('Pinterest 503 (code 4197): ramped down'), record(24), budget, T0)).toEqual(
      deadLetter('retries_exhausted', 'gave up after 24 h of retries (horizon 24 h, 3 receives); last error: Pinterest 503 (code 4197): ramped down'),
    );
  });

  it('pauses a source whose credentials were refused, then dead-letters as pinterest_auth', () => {
    const paused = retry('Pinterest 401 (code 2): Authentication failed.', { cause: 'auth_paused' });
    expect(applyRetryBudget(paused, record(2), budget, T0)).toBe(paused);
    expect(applyRetryBudget(paused, record(25), { ...budget, horizonMs: 48 * HOUR }, T0)).toMatchObject({ kind: 'deadLetter', reason: 'pinterest_auth' });
    expect(applyRetryBudget(paused, record(25), { ...budget, horizonMs: 48 * HOUR }, T0).detail).toMatch(/^Pinterest refused the credentials for 25 h \(pause limit 24 h\); last answer: Pinterest 401/);
  });

  it('dead-letters at the receive-count backstop, and leaves final outcomes alone', () => {
    expect(applyRetryBudget(retry('x'), record(1, 500), budget, T0)).toMatchObject({ reason: 'retries_exhausted', detail: 'gave up after 500 receives (backstop); last error: x' });
    const done = delivered();
    expect(applyRetryBudget(done, record(99, 999), budget, T0)).toBe(done);
  });

  it('never ends a record on the horizon in a receive in which it was not sent: the next receive decides', () => {
    const unsent = retry('out of time', { cause: 'not_sent', immediate: true });
    expect(applyRetryBudget(unsent, record(30), budget, T0)).toBe(unsent);
    expect(applyRetryBudget(unsent, record(30, 500), budget, T0).reason).toBe('retries_exhausted');
  });

  it('treats an unknown queue time as just queued', () => {
    const r = retry('x');
    expect(applyRetryBudget(r, { queuedAtMs: Number.NaN, receiveCount: 1 }, budget, T0)).toBe(r);
  });
});
