import { runScenario, summarize, SCENARIO_START_MS } from './test/support/fault-scenarios';
import { logger } from './lib/observability/logger';
async function main() {
  logger.setLogLevel('SILENT' as never);
  const H = 3600_000;
  const hours = Number(process.argv[2] ?? 12);
  const until = SCENARIO_START_MS + hours * H;
  const r = await runScenario({ seed: 7, events: 4000, sources: 2, arrivalMs: 20 * 60_000, outage: { fromMs: SCENARIO_START_MS, untilMs: until, status: 503 }, redriveMaxReceiveCount: 1000, worker: { maxReceiveCount: 500 } });
  console.log(JSON.stringify(summarize(r)));
  const during = r.requests.filter((q) => q.atMs < until);
  const perMin = new Map<string, number>();
  for (const q of during) { const k = q.adAccountId + '@' + Math.floor(q.atMs / 60000); perMin.set(k, (perMin.get(k) ?? 0) + 1); }
  console.log('during', during.length, 'max per account-minute', Math.max(...perMin.values()), 'sizes>1', during.filter(q=>q.events>1).map(q=>q.events).slice(0,20));
  const after = r.requests.filter((q) => q.atMs >= until);
  console.log('after', after.map((q) => [Math.round((q.atMs - until) / 1000), q.adAccountId, q.events, q.status]));
  const last = Math.max(...[...r.deliveredAtMs.values()]);
  console.log('all delivered', (last - until) / 60000, 'min after recovery');
}
main();
