import './env';
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { deployBuildOptions } from './bundles';
import { round, table, toJson, type Figure } from './figures';
import { REPO_ROOT } from './fixtures';
import { median, measure } from './measure';
import { startBenchDouble } from './pinterest-double';

/**
 * Before/after in one run: `npm run bench:compare -- <git ref> [--quick]` checks out the ref's
 * lib/ and functions/ into .scratch/baseline-<sha>/ next to today's bench/, test/support/ and
 * events/, then times both trees side by side (same process, same workload, rounds alternating)
 * and prints each figure before, after and the after/before ratio.
 */
type TranslateModule = typeof import('./translate');
type WorkerModule = typeof import('./worker');
type IngestModule = typeof import('./ingest');

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const ref = args.find((a) => !a.startsWith('--')) ?? 'main';
const log = (message: string) => process.stderr.write(`compare: ${message}\n`);

function baselineTree(): { dir: string; sha: string } {
  const sha = execFileSync('git', ['rev-parse', '--short', ref], { cwd: REPO_ROOT, encoding: 'utf8' }).trim();
  const dir = join(REPO_ROOT, '.scratch', `baseline-${sha}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  execFileSync('sh', ['-c', `git archive ${sha} lib functions | tar -x -C "${dir}"`], { cwd: REPO_ROOT });
  for (const path of ['bench', 'test/support', 'events']) cpSync(join(REPO_ROOT, path), join(dir, path), { recursive: true });
  return { dir, sha };
}

async function peakRss(tree: string, url: string, child: string): Promise<number> {
  if (!existsSync(child)) {
    await build({ ...deployBuildOptions().options, entryPoints: [join(tree, 'bench', 'worker-rss-child.ts')], outfile: child, logLevel: 'error' });
  }
  const out = await new Promise<string>((resolve, reject) => {
    const proc = spawn(process.execPath, [child, url, '10000'], { cwd: REPO_ROOT, env: { ...process.env, BENCH_REPO_ROOT: REPO_ROOT }, stdio: ['ignore', 'pipe', 'inherit'] });
    let text = '';
    proc.stdout.on('data', (c: Buffer) => (text += c.toString()));
    proc.on('error', reject);
    proc.on('exit', (code) => (code === 0 ? resolve(text) : reject(new Error(`RSS child exited ${code}`))));
  });
  return (JSON.parse(out) as { peakMb: number }).peakMb;
}

function pair(name: string, unit: string, before: number, after: number, note: string): Figure[] {
  return [
    { figure: `${name}_before`, value: before, unit, budget: null, note: `${note} (${ref})` },
    { figure: `${name}_after`, value: after, unit, budget: null, note: `${note} (working tree)` },
    { figure: `${name}_after_over_before`, value: after / before, unit: 'ratio', budget: null, note: unit.startsWith('µs') || unit === 'MB' ? 'below 1 is better' : 'above 1 is better' },
  ];
}

async function main(): Promise<void> {
  const { dir, sha } = baselineTree();
  log(`baseline ${ref} (${sha}) in ${dir}`);
  /* eslint-disable @typescript-eslint/no-require-imports -- two trees of the same modules, loaded side by side */
  const before = {
    translate: require(join(dir, 'bench', 'translate.ts')) as TranslateModule,
    worker: require(join(dir, 'bench', 'worker.ts')) as WorkerModule,
    ingest: require(join(dir, 'bench', 'ingest.ts')) as IngestModule,
  };
  const after = { translate: require('./translate') as TranslateModule, worker: require('./worker') as WorkerModule, ingest: require('./ingest') as IngestModule };
  /* eslint-enable @typescript-eslint/no-require-imports */
  const opts = quick ? { timeMs: 400, rounds: 2 } : { timeMs: 2000, rounds: 4 };
  const figures: Figure[] = [];

  log('translate …');
  const wb = before.translate.translateWorkload(quick ? 2000 : 5000);
  const wa = after.translate.translateWorkload(quick ? 2000 : 5000);
  const t = await measure(
    [
      { name: 'before', fn: () => before.translate.translatePass(wb) },
      { name: 'after', fn: () => after.translate.translatePass(wa) },
      { name: 'floor', fn: () => after.translate.floorPass(wa) },
    ],
    opts,
  );
  const perS = (ms: number) => (wa.texts.length / ms) * 1000;
  figures.push(...pair('translate_events_per_s', 'events/s', perS(t.get('before') as number), perS(t.get('after') as number), 'parse → translate → stringify'));
  figures.push(...pair('translate_ratio', 'ratio', (t.get('floor') as number) / (t.get('before') as number), (t.get('floor') as number) / (t.get('after') as number), 'translate / floor, same floor'));

  log('ingest …');
  const iw = after.ingest.ingestWorkload(quick ? 500 : 2000);
  const hb = before.ingest.ingestHandler().handler;
  const ha = after.ingest.ingestHandler().handler;
  const all = async (h: typeof ha, reqs: typeof iw.singles) => {
    for (const r of reqs) await h(r);
  };
  const i = await measure(
    [
      { name: 'single_before', fn: () => all(hb, iw.singles) },
      { name: 'single_after', fn: () => all(ha, iw.singles) },
      { name: 'batch_before', fn: () => all(hb, iw.batches) },
      { name: 'batch_after', fn: () => all(ha, iw.batches) },
    ],
    opts,
  );
  const us = (name: string) => ((i.get(name) as number) * 1000) / iw.singles.length;
  figures.push(...pair('ingest_us_per_event_single', 'µs/event', us('single_before'), us('single_after'), 'one event per request'));
  figures.push(...pair('ingest_us_per_event_batch100', 'µs/event', us('batch_before'), us('batch_after'), '100-event bodies'));

  log('worker …');
  const double = await startBenchDouble();
  try {
    const event = after.worker.sqsEvent(1000);
    const wkB = before.worker.benchWorker(double.url).worker;
    const wkA = after.worker.benchWorker(double.url).worker;
    await after.worker.runBatch(wkB, event);
    await after.worker.runBatch(wkA, event);
    const w = await measure(
      [
        { name: 'before', fn: () => after.worker.runBatch(wkB, event) },
        { name: 'after', fn: () => after.worker.runBatch(wkA, event) },
      ],
      { ...opts, timeMs: opts.timeMs * 1.5 },
    );
    // Milliseconds per 1,000-record batch are microseconds per event.
    figures.push(...pair('worker_us_per_event', 'µs/event', w.get('before') as number, w.get('after') as number, '1,000-record batch'));

    log('worker peak RSS (10,000 records, alternating children) …');
    const rss = { before: [] as number[], after: [] as number[] };
    for (let n = 0; n < (quick ? 1 : 3); n++) {
      rss.before.push(await peakRss(dir, double.url, join(dir, 'rss-child.js')));
      rss.after.push(await peakRss(REPO_ROOT, double.url, join(dir, 'rss-child-after.js')));
    }
    figures.push(...pair('worker_peak_rss_mb', 'MB', median(rss.before), median(rss.after), '10,000-record batch, child process'));
  } finally {
    await double.close();
  }

  process.stdout.write(`${table(figures)}\n\n`);
  for (const f of figures) process.stdout.write(`${JSON.stringify(toJson(f))}\n`);
  log(`done; ${figures.filter((f) => f.figure.endsWith('_after_over_before')).map((f) => `${f.figure.replace('_after_over_before', '')} ×${round(f.value)}`).join(', ')}`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 2;
});
