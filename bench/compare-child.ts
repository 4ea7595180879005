import './env';
import { ingestHandler, ingestWorkload } from './ingest';
import { measure } from './measure';
import { startBenchDouble } from './pinterest-double';
import { floorPass, translatePass, translateWorkload } from './translate';
import { benchWorker, runBatch, sqsEvent } from './worker';

/**
 * One side of `bench/compare.ts`, run in its own process against the lib/ next to this file, so
 * neither tree's JIT state or heap touches the other's. Prints one JSON line of timings.
 */
async function main(): Promise<void> {
  const timeMs = Number(process.argv[2] ?? 1000);
  const opts = { timeMs, rounds: 1 };
  const w = translateWorkload(5000);
  const t = await measure(
    [
      { name: 'translate', fn: () => translatePass(w) },
      { name: 'floor', fn: () => floorPass(w) },
    ],
    { ...opts, rounds: 2 },
  );
  const iw = ingestWorkload(1000);
  const { handler } = ingestHandler();
  const all = async (reqs: typeof iw.singles) => {
    for (const r of reqs) await handler(r);
  };
  const i = await measure(
    [
      { name: 'single', fn: () => all(iw.singles) },
      { name: 'batch', fn: () => all(iw.batches) },
    ],
    opts,
  );
  const double = await startBenchDouble();
  const { worker } = benchWorker(double.url);
  const event = sqsEvent(1000);
  await runBatch(worker, event);
  const wk = await measure([{ name: 'worker', fn: () => runBatch(worker, event) }], { ...opts, timeMs: timeMs * 2 });
  await double.close();
  const result = {
    translateEventsPerS: (w.texts.length / (t.get('translate') as number)) * 1000,
    translateRatio: (t.get('floor') as number) / (t.get('translate') as number),
    ingestSingleUs: ((i.get('single') as number) * 1000) / iw.singles.length,
    ingestBatchUs: ((i.get('batch') as number) * 1000) / iw.singles.length,
    workerUs: wk.get('worker') as number,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
