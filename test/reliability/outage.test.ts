import { maxRequestsPerMinuteInOutageMode, runScenario, SCENARIO_START_MS, smallestFullRequestAfter, summarize, type ScenarioResult } from '../support/fault-scenarios';

/**
 * Long failures on a virtual clock (test/support/fault-scenarios.ts: in-memory SQS with Lambda's
 * poller semantics, one warm worker, a Pinterest double on 127.0.0.1): a 12-hour Pinterest outage,
 * one longer than the 24-hour retry horizon, a revoked token that is fixed after 2 hours and one
 * that never is, and copies of events whose dead-letter writes fail. Budgets from the issue.
 */
const HOUR = 3_600_000;
const MINUTE = 60_000;
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
const deploy = { redriveMaxReceiveCount: 1000, worker: { maxReceiveCount: 500, logger: quiet } };

function print(name: string, result: ScenarioResult, extra: Record<string, unknown> = {}): void {
  process.stdout.write(`\n${name}: ${JSON.stringify({ ...summarize(result), ...extra })}\n`);
}

describe('a Pinterest outage', () => {
  it('of 12 hours: nothing dead-lettered, at most 1 probe per account and minute, everything delivered within 15 minutes of recovery in full requests', async () => {
    const recovery = SCENARIO_START_MS + 12 * HOUR;
    const result = await runScenario({ ...deploy, seed: 12, events: 2000, sources: 2, arrivalMs: 10 * MINUTE, outage: { fromMs: SCENARIO_START_MS, untilMs: recovery, status: 503 } });
    const lastDelivery = Math.max(...result.deliveredAtMs.values());
    const during = result.requests.filter((r) => r.atMs < recovery);
    const after = result.requests.filter((r) => r.atMs >= recovery);
    print('12 h outage', result, { requestsDuringOutage: during.length, minutesToDeliverAfterRecovery: (lastDelivery - recovery) / MINUTE, requestSizesAfterRecovery: after.map((r) => r.events) });

    expect(result.goodDeadLettered).toBe(0);
    expect(result.unresolved).toBe(0);
    expect(result.redriven).toBe(0);
    expect(result.deliveredAtMs.size).toBe(2000);
    expect(lastDelivery - recovery).toBeLessThanOrEqual(15 * MINUTE);
    // Once an account is known to be down (its breaker opened): at most one (probe) request a minute.
    expect(maxRequestsPerMinuteInOutageMode(result, recovery)).toBe(1);
    expect(during.length).toBeLessThan(2 * 12 * 60 + 20);
    // After recovery: full requests wherever ≥ 900 events of the account were waiting (a 1-event probe aside).
    const smallest = smallestFullRequestAfter(result, recovery);
    expect(smallest).toBeGreaterThanOrEqual(900);
    expect(smallest).toBeLessThan(Infinity);
    expect(after.filter((r) => r.events === 1).length).toBeLessThanOrEqual(2);
  }, 180_000);

  it('of 30 hours: retried until the 24-hour horizon, then dead-lettered as retries_exhausted, each event once', async () => {
    const result = await runScenario({ ...deploy, seed: 30, events: 600, sources: 2, outage: { fromMs: SCENARIO_START_MS, untilMs: SCENARIO_START_MS + 30 * HOUR, status: 503 } });
    print('30 h outage', result, { firstDeadLetterAfterHours: ((result.deadLetteredFromMs ?? 0) - SCENARIO_START_MS) / HOUR });
    expect(result.goodDeadLetteredByReason).toEqual({ retries_exhausted: 600 });
    expect([...result.fates.values()].every((f) => f.deadLetters.length === 1)).toBe(true);
    expect((result.deadLetteredFromMs ?? 0) - SCENARIO_START_MS).toBeGreaterThanOrEqual(24 * HOUR);
    expect((result.deadLetteredUntilMs ?? 0) - SCENARIO_START_MS).toBeLessThan(25 * HOUR);
    expect(result.redriven).toBe(0);
  }, 180_000);
});

describe('a revoked conversion token', () => {
  it('fixed after 2 hours: the source is paused, nothing dead-lettered, everything delivered', async () => {
    const fixedAt = SCENARIO_START_MS + 2 * HOUR;
    const result = await runScenario({ ...deploy, seed: 2, events: 900, sources: 3, revokedToken: { fromMs: SCENARIO_START_MS, untilMs: fixedAt } });
    print('token revoked 2 h', result, { minutesToDeliverAfterFix: (Math.max(...result.deliveredAtMs.values()) - fixedAt) / MINUTE });
    expect(result.goodDeadLettered).toBe(0);
    expect(result.deliveredAtMs.size).toBe(900);
    expect(Math.max(...result.deliveredAtMs.values()) - fixedAt).toBeLessThanOrEqual(15 * MINUTE);
    expect(result.requests.filter((r) => r.status === 401).length).toBeLessThan(3 * 2 * 60);
  }, 180_000);

  it('for longer than the 24-hour pause limit: every event dead-lettered as pinterest_auth, exactly once', async () => {
    const result = await runScenario({ ...deploy, seed: 3, events: 300, sources: 3, revokedToken: { fromMs: SCENARIO_START_MS, untilMs: SCENARIO_START_MS + 40 * HOUR } });
    print('token revoked 40 h', result);
    expect(result.goodDeadLetteredByReason).toEqual({ pinterest_auth: 300 });
    expect([...result.fates.values()].every((f) => f.deadLetters.length === 1 && !f.delivered)).toBe(true);
    expect((result.deadLetteredFromMs ?? 0) - SCENARIO_START_MS).toBeGreaterThanOrEqual(24 * HOUR);
  }, 180_000);
});

describe('copies of one event', () => {
  it('share one fate: none both delivered and dead-lettered, even when dead-letter writes fail and faults hit', async () => {
    const result = await runScenario({
      ...deploy,
      seed: 4,
      events: 600,
      poisonEvery: 20,
      duplicateShare: 0.5,
      arrivalMs: 1000,
      faults: { http500: 0.1, http429: 0.05, reset: 0.05 },
      deadLetterWriteFailures: 0.6,
    });
    print('duplicates with failing dead-letter writes', result);
    expect(result.deliveredAndDeadLettered).toBe(0);
    expect(result.goodDeadLettered).toBe(0);
    // The decided reason travelled with the re-sent records: every poison event pinterest_rejected.
    expect(result.resent).toBeGreaterThan(0);
    expect(result.poisonRejected).toBe(result.poisonEvents);
    expect(result.unresolved).toBe(0);
  }, 180_000);
});
