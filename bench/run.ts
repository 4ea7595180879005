import './env';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { build } from 'esbuild';
import { buildBundles, deployBuildOptions, emptyModule, importMs, OUT_DIR, type BundleInfo } from './bundles';
import { costPerMillion, deployedSizes, PRICES, ASSUMED, type CostModel } from './cost';
import { deliveryFigures } from './delivery';
import { hardFailures, round, table, toJson, type Figure } from './figures';
import { REPO_ROOT } from './fixtures';
import { BATCH_SIZE, ingestFigures, type IngestMeasurement } from './ingest';
import { measure } from './measure';
import { startBenchDouble } from './pinterest-double';
import { translateFigures } from './translate';
import { benchWorker, runBatch, sqsEvent } from './worker';

/**
 * `npm run bench [-- --quick] [-- --only translate,ingest,worker,delivery,rss,bundles]`: every figure of
 * docs/performance.md as a table, then one JSON line per figure. Exit code 1 only when a
 * machine-independent budget fails (requests and SQS calls per 1,000 events, bundle sizes); timings
 * never fail a run. Progress goes to stderr.
 */
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const onlyArg = args.find((a) => a.startsWith('--only'));
const only = onlyArg ? new Set((onlyArg.includes('=') ? onlyArg.split('=')[1] : args[args.indexOf(onlyArg) + 1])?.split(',')) : undefined;
const wants = (section: string) => !only || only.has(section);
const log = (message: string) => process.stderr.write(`bench: ${message}\n`);

const PLAN = quick
  ? { translateEvents: 2000, ingestEvents: 1000, timeMs: 300, workerTimeMs: 1000, rounds: 1, rssRecords: 10_000, importRuns: 10 }
  : { translateEvents: 10_000, ingestEvents: 5000, timeMs: 2000, workerTimeMs: 3000, rounds: 3, rssRecords: 10_000, importRuns: 10 };

/** Bundle budgets from the issue, enforced in CI for the bundles as deployed. */
const BUNDLE_BUDGET_KB = { ingest: 350, worker: 500 } as const;

interface WorkerMeasurement {
  figures: Figure[];
  usPerEvent: number;
  sqsCallsPer1000: number;
  requestsPer1000: number;
  messageBytes: number;
}

async function workerFigures(): Promise<WorkerMeasurement> {
  const double = await startBenchDouble();
  try {
    const { worker, sqsCalls } = benchWorker(double.url);
    const event = sqsEvent(1000);
    await runBatch(worker, event); // warm: settings parsed, connection open, code compiled
    const before = double.requests.length;
    sqsCalls.length = 0;
    await runBatch(worker, event);
    const requestsPer1000 = double.requests.length - before;
    const sqsCallsPer1000 = sqsCalls.length;
    const ms = await measure([{ name: 'worker', fn: () => runBatch(worker, event) }], { timeMs: PLAN.workerTimeMs, rounds: PLAN.rounds, iterations: 5 });
    const usPerEvent = ((ms.get('worker') as number) * 1000) / event.Records.length;
    const messageBytes = event.Records.reduce((n, r) => n + Buffer.byteLength(r.body), 0) / event.Records.length;
    return {
      usPerEvent,
      sqsCallsPer1000,
      requestsPer1000,
      messageBytes,
      figures: [
        { figure: 'worker_us_per_event', value: usPerEvent, unit: 'µs/event', budget: null, note: '1,000-record SQS batch, real worker, Pinterest double on 127.0.0.1' },
        { figure: 'pinterest_requests_per_1000_events', value: requestsPer1000, unit: 'requests', budget: 1, compare: 'exact', machineIndependent: true, note: 'one ad account, counted on the double' },
      ],
    };
  } finally {
    await double.close();
  }
}

async function rssFigure(): Promise<Figure> {
  const child = join(OUT_DIR, 'worker-rss-child.js');
  await build({ ...deployBuildOptions().options, entryPoints: [join(REPO_ROOT, 'bench', 'worker-rss-child.ts')], outfile: child, logLevel: 'error' });
  const double = await startBenchDouble();
  try {
    const output = await new Promise<string>((resolve, reject) => {
      const proc = spawn(process.execPath, [child, double.url, String(PLAN.rssRecords)], { cwd: REPO_ROOT, env: { ...process.env, BENCH_REPO_ROOT: REPO_ROOT }, stdio: ['ignore', 'pipe', 'inherit'] });
      let text = '';
      proc.stdout.on('data', (c: Buffer) => (text += c.toString()));
      proc.on('error', reject);
      proc.on('exit', (code) => (code === 0 ? resolve(text) : reject(new Error(`worker RSS child exited ${code}`))));
    });
    const result = JSON.parse(output) as { records: number; beforeMb: number; peakMb: number };
    return {
      figure: 'worker_peak_rss_mb',
      value: result.peakMb,
      unit: 'MB',
      budget: 256,
      compare: 'max',
      note: `${result.records.toLocaleString('en')}-record batch in a child node process (${round(result.beforeMb)} MB before the batch)`,
    };
  } finally {
    await double.close();
  }
}

function bundleFigures(bundles: BundleInfo[], sdkExternalDeployed: boolean): Figure[] {
  const figures: Figure[] = [];
  const kb = (bytes: number) => bytes / 1024;
  for (const name of ['ingest', 'worker'] as const) {
    const deployed = bundles.find((b) => b.name === name && b.sdkExternal === sdkExternalDeployed) as BundleInfo;
    const other = bundles.find((b) => b.name === name && b.sdkExternal !== sdkExternalDeployed) as BundleInfo;
    const how = sdkExternalDeployed ? 'AWS SDK external (as deployed)' : 'AWS SDK bundled (as deployed)';
    figures.push({
      figure: `bundle_${name}_kb`,
      value: kb(deployed.bytes),
      unit: 'KiB',
      budget: BUNDLE_BUDGET_KB[name],
      compare: 'max',
      machineIndependent: true,
      note: `minified, ${how}`,
    });
    figures.push({ figure: `bundle_${name}_gzip_kb`, value: kb(deployed.gzipBytes), unit: 'KiB', budget: null, note: `gzip of the same` });
    figures.push({
      figure: `bundle_${name}_${other.sdkExternal ? 'sdk_external' : 'sdk_bundled'}_kb`,
      value: kb(other.bytes),
      unit: 'KiB',
      budget: null,
      note: `the other way (gzip ${round(kb(other.gzipBytes))} KiB)`,
    });
  }
  return figures;
}

function coldStartFigures(bundles: BundleInfo[], sdkExternalDeployed: boolean): Figure[] {
  const runs = PLAN.importRuns;
  const empty = importMs(emptyModule(), runs);
  const figures: Figure[] = [];
  for (const name of ['ingest', 'worker'] as const) {
    for (const b of bundles.filter((x) => x.name === name)) {
      const deployed = b.sdkExternal === sdkExternalDeployed;
      figures.push({
        figure: deployed ? `cold_start_${name}_ms` : `cold_start_${name}_${b.sdkExternal ? 'sdk_external' : 'sdk_bundled'}_ms`,
        value: importMs(b.path, runs),
        unit: 'ms',
        budget: null,
        note: `require() in a fresh node, median of ${runs}${deployed ? ' (as deployed)' : b.sdkExternal ? ' (SDK from node_modules)' : ''}`,
      });
    }
  }
  figures.push({ figure: 'cold_start_empty_ms', value: empty, unit: 'ms', budget: null, note: `require() of an empty module, median of ${runs}` });
  return figures;
}

function costFigures(ingest: IngestMeasurement, worker: WorkerMeasurement): { figures: Figure[]; models: [string, CostModel][] } {
  const sizes = deployedSizes(REPO_ROOT);
  const billed = (calls: IngestMeasurement['batchedCalls']) => calls.reduce((n, c) => n + Math.max(1, Math.ceil(c.bytes / PRICES.sqsChunkBytes)), 0);
  const us = (name: string) => ingest.figures.find((f) => f.figure === name)?.value as number;
  const common = { ...sizes, workerUsPerEvent: worker.usPerEvent, messageBytes: worker.messageBytes, workerSqsCallsPer1000: worker.sqsCallsPer1000, pinterestRequestsPer1000: worker.requestsPer1000 };
  const single = costPerMillion({ ...common, ingestUsPerEvent: us('ingest_us_per_event_single'), eventsPerRequest: 1, requestBodyBytes: worker.messageBytes, ingestSqsBilledPer1000: billed(ingest.singleCalls) });
  const batchedInputs = { ...common, ingestUsPerEvent: us('ingest_us_per_event_batch100'), eventsPerRequest: BATCH_SIZE, requestBodyBytes: worker.messageBytes * BATCH_SIZE, ingestSqsBilledPer1000: billed(ingest.batchedCalls) };
  const batched = costPerMillion(batchedInputs);
  const singleUrl = costPerMillion({ ...common, endpoint: 'functionUrl', ingestUsPerEvent: us('ingest_us_per_event_single'), eventsPerRequest: 1, requestBodyBytes: worker.messageBytes, ingestSqsBilledPer1000: billed(ingest.singleCalls) });
  const batchedUrl = costPerMillion({ ...batchedInputs, endpoint: 'functionUrl' });
  const memory = `ingest ${sizes.ingestMemoryMb} MB, worker ${sizes.workerMemoryMb} MB arm64 (${sizes.source})`;
  return {
    models: [
      ['single-event webhooks', single],
      ['100-event batches', batched],
      ['single-event webhooks, ingestEndpoint: functionUrl', singleUrl],
      ['100-event batches, ingestEndpoint: functionUrl', batchedUrl],
    ],
    figures: [
      { figure: 'cost_per_million_single_usd', value: single.usdPerMillion, unit: 'USD', budget: null, note: `one event per webhook; ${memory}` },
      { figure: 'cost_per_million_batched_usd', value: batched.usdPerMillion, unit: 'USD', budget: null, note: '100-event webhook bodies' },
      { figure: 'cost_per_million_single_function_url_usd', value: singleUrl.usdPerMillion, unit: 'USD', budget: null, note: 'one event per webhook, ingestEndpoint: functionUrl' },
      { figure: 'cost_per_million_batched_function_url_usd', value: batchedUrl.usdPerMillion, unit: 'USD', budget: null, note: '100-event bodies, ingestEndpoint: functionUrl' },
      { figure: 'pinterest_requests_per_million_events', value: single.pinterestRequestsPerMillion, unit: 'requests', budget: null, note: 'from pinterest_requests_per_1000_events' },
    ],
  };
}

async function main(): Promise<void> {
  const started = Date.now();
  const figures: Figure[] = [];
  let ingest: IngestMeasurement | undefined;
  let worker: WorkerMeasurement | undefined;

  if (wants('translate')) {
    log('translate vs floor …');
    figures.push(...(await translateFigures({ events: PLAN.translateEvents, timeMs: PLAN.timeMs, rounds: PLAN.rounds })));
  }
  if (wants('ingest') || wants('worker')) {
    log('ingest handler …');
    ingest = await ingestFigures({ events: PLAN.ingestEvents, timeMs: PLAN.timeMs, rounds: PLAN.rounds });
    figures.push(...ingest.figures);
  }
  if (wants('worker')) {
    log('worker against the Pinterest double …');
    worker = await workerFigures();
    figures.push(...worker.figures);
  }
  if (wants('delivery')) {
    log('delivery under faults and a 12 h outage (virtual clock) …');
    figures.push(...(await deliveryFigures({ quick })));
  }
  if (ingest && worker) {
    const sendCalls = ingest.batchedCalls.length;
    figures.push({
      figure: 'sqs_calls_per_1000_events',
      value: sendCalls + worker.sqsCallsPer1000,
      unit: 'calls',
      budget: 100,
      compare: 'max',
      machineIndependent: true,
      note: `ingest SendMessageBatch ${sendCalls} (100-event bodies) + worker ${worker.sqsCallsPer1000}; single-event bodies: ${ingest.singleCalls.length}`,
    });
  }
  if (wants('rss')) {
    log(`worker peak RSS, ${PLAN.rssRecords} records in a child process …`);
    figures.push(await rssFigure());
  }
  if (wants('bundles')) {
    log('bundles (SDK bundled and external) and cold starts …');
    const { sdkExternal, source } = deployBuildOptions();
    log(`deploy bundles the AWS SDK ${sdkExternal ? 'external' : 'inside'} (${source})`);
    const bundles = await buildBundles();
    figures.push(...bundleFigures(bundles, sdkExternal));
    figures.push(...coldStartFigures(bundles, sdkExternal));
  }
  let models: [string, CostModel][] = [];
  if (ingest && worker) {
    const cost = costFigures(ingest, worker);
    figures.push(...cost.figures);
    models = cost.models;
  }

  process.stdout.write(`${table(figures)}\n\n`);
  for (const [name, model] of models) {
    process.stdout.write(`AWS cost per million events, ${name} (us-east-1, arm64; assumed: SQS round trip ${ASSUMED.sqsRoundTripMs} ms, Pinterest request ${ASSUMED.pinterestRequestMs} ms):\n`);
    for (const line of model.lines) process.stdout.write(`  ${line.item.padEnd(24)} $${line.usd.toFixed(4).padStart(8)}  = ${line.formula}\n`);
    process.stdout.write(`  ${'total'.padEnd(24)} $${model.usdPerMillion.toFixed(4).padStart(8)}\n\n`);
  }
  for (const f of figures) process.stdout.write(`${JSON.stringify(toJson(f))}\n`);

  const failures = hardFailures(figures);
  log(`done in ${((Date.now() - started) / 1000).toFixed(1)} s${quick ? ' (quick)' : ''}`);
  if (failures.length > 0) {
    log(`machine-independent budgets failed: ${failures.map((f) => `${f.figure}=${round(f.value)} (budget ${f.budget})`).join(', ')}`);
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 2;
});
