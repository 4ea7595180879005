import type { Figure } from './figures';
import { logger } from '../lib/observability/logger';
import { ISSUE_FAULT_MIX, maxRequestsPerMinuteInOutageMode, runScenario, SCENARIO_START_MS, smallestFullRequestAfter } from '../test/support/fault-scenarios';

/**
 * Delivery under faults, on a virtual clock (test/support/fault-scenarios.ts; the same scenarios as
 * test/reliability/no-loss.test.ts and outage.test.ts): the share of good events dead-lettered at
 * 30 % transient faults with poison events and duplicates, Pinterest requests per 1,000 events
 * there, and a 12-hour outage. Every figure is a count, so every budget may fail CI.
 */
const HOUR = 3_600_000;
const MINUTE = 60_000;
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

export async function deliveryFigures({ quick }: { quick: boolean }): Promise<Figure[]> {
  logger.setLogLevel('ERROR');
  const seeds = quick ? [1] : [1, 2, 3];
  let good = 0;
  let goodDead = 0;
  let poison = 0;
  let poisonRejected = 0;
  let requests = 0;
  let events = 0;
  let rounds = 0;
  for (const seed of seeds) {
    const r = await runScenario({ seed, events: 600, poisonEvery: 100, duplicateShare: 0.05, arrivalMs: 1000, faults: ISSUE_FAULT_MIX, redriveMaxReceiveCount: 1000, worker: { maxReceiveCount: 500, logger: quiet } });
    good += r.goodEvents;
    goodDead += r.goodDeadLettered;
    poison += r.poisonEvents;
    poisonRejected += r.poisonRejected;
    requests += r.pinterestRequests;
    events += r.events;
    rounds += r.rounds;
  }
  const recovery = SCENARIO_START_MS + 12 * HOUR;
  const outageEvents = quick ? 2000 : 4000;
  const outage = await runScenario({
    seed: 12,
    events: outageEvents,
    sources: 2,
    arrivalMs: 10 * MINUTE,
    outage: { fromMs: SCENARIO_START_MS, untilMs: recovery, status: 503 },
    redriveMaxReceiveCount: 1000,
    worker: { maxReceiveCount: 500, logger: quiet },
  });
  const lastDelivery = Math.max(...outage.deliveredAtMs.values());
  const mix = `600 events × ${seeds.length} seed(s), 3 sources, 1 % poison, 5 % duplicated, 15 % HTTP 500 + 10 % 429 + 5 % reset`;
  const counted = { machineIndependent: true } as const;
  return [
    { figure: 'delivery_good_dead_letter_share', value: goodDead / good, unit: 'share', budget: 0, compare: 'exact', ...counted, note: mix },
    { figure: 'delivery_poison_rejected_share', value: poisonRejected / poison, unit: 'share', budget: 1, compare: 'exact', ...counted, note: 'poison events dead-lettered as pinterest_rejected' },
    { figure: 'delivery_requests_per_1000_events_faults', value: (requests * 1000) / events, unit: 'requests', budget: 300, compare: 'max', ...counted, note: `same mix; ${rounds} worker invocations in all` },
    { figure: 'outage_12h_dead_lettered', value: outage.goodDeadLettered + outage.unresolved, unit: 'events', budget: 0, compare: 'exact', ...counted, note: `${outageEvents} events, 2 ad accounts, Pinterest 503 for 12 h` },
    { figure: 'outage_12h_minutes_to_deliver_after_recovery', value: (lastDelivery - recovery) / MINUTE, unit: 'min', budget: 15, compare: 'max', ...counted, note: 'virtual clock' },
    { figure: 'outage_12h_max_requests_per_account_minute', value: maxRequestsPerMinuteInOutageMode(outage, recovery), unit: 'requests', budget: 1, compare: 'max', ...counted, note: 'once the breaker is open: one 1-event probe a minute at most' },
    { figure: 'outage_12h_requests_during_outage', value: outage.requests.filter((r) => r.atMs < recovery).length, unit: 'requests', budget: null, note: '12 h × 2 accounts' },
    { figure: 'outage_12h_smallest_request_after_recovery', value: smallestFullRequestAfter(outage, recovery), unit: 'events', budget: 900, compare: 'min', ...counted, note: 'where ≥ 900 events were waiting (probes aside)' },
  ];
}
