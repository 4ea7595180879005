import './env';
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { deployBuildOptions } from './bundles';
import { round, table, toJson, type Figure } from './figures';
import { REPO_ROOT } from './fixtures';
import { median } from './measure';
import { startBenchDouble } from './pinterest-double';

/**
 * Before/after in one run: `npm run bench:compare -- <git ref> [--quick]` extracts the ref's lib/
 * and functions/ into .scratch/baseline-<sha>/ next to today's bench/, test/support/ and events/,
 * then measures both trees alternately (before, after, after, before, …), each in a fresh child
 * process: in one process the tree loaded second ran up to 40 % slower whichever it was, so
 * sharing a process would measure load order, not code. Figures are medians over the children.
 */
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const ref = args.find((a) => !a.startsWith('--')) ?? 'main';
const log = (message: string) => process.stderr.write(`compare: ${message}\n`);

interface Timings {
  translateEventsPerS: number;
  translateRatio: number;
  ingestSingleUs: number;
  ingestBatchUs: number;
  workerUs: number;
  peakRssMb: number;
}

function baselineTree(): { dir: string; sha: string } {
  const sha = execFileSync('git', ['rev-parse', '--short', ref], { cwd: REPO_ROOT, encoding: 'utf8' }).trim();
  const dir = join(REPO_ROOT, '.scratch', `baseline-${sha}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  execFileSync('sh', ['-c', `git archive ${sha} lib functions | tar -x -C "${dir}"`], { cwd: REPO_ROOT });
  for (const path of ['bench', 'test/support', 'events', 'config']) cpSync(join(REPO_ROOT, path), join(dir, path), { recursive: true });
  return { dir, sha };
}

function run(command: string, argv: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const proc = spawn(command, argv, { cwd: REPO_ROOT, env: { ...process.env, BENCH_REPO_ROOT: REPO_ROOT }, stdio: ['ignore', 'pipe', 'inherit'] });
    let text = '';
    proc.stdout.on('data', (c: Buffer) => (text += c.toString()));
    proc.on('error', reject);
    proc.on('exit', (code) => (code === 0 ? resolve(text) : reject(new Error(`${argv.join(' ')} exited ${code}`))));
  });
}

/** The peak-RSS child of a tree, bundled once per run (never cached across runs: the tree changes). */
async function rssChild(tree: string, side: string): Promise<string> {
  const child = join(REPO_ROOT, '.scratch', 'bench', `rss-child-${side}.js`);
  await build({ ...deployBuildOptions().options, entryPoints: [join(tree, 'bench', 'worker-rss-child.ts')], outfile: child, logLevel: 'error' });
  return child;
}

async function measureTree(tree: string, child: string, url: string, timeMs: number): Promise<Timings> {
  const timings = JSON.parse(await run(process.execPath, ['--import', 'tsx', join(tree, 'bench', 'compare-child.ts'), String(timeMs)])) as Omit<Timings, 'peakRssMb'>;
  const rss = JSON.parse(await run(process.execPath, [child, url, '10000'])) as { peakMb: number };
  return { ...timings, peakRssMb: rss.peakMb };
}

function pair(name: string, unit: string, before: number, after: number, note: string, lowerIsBetter: boolean): Figure[] {
  return [
    { figure: `${name}_before`, value: before, unit, budget: null, note: `${note} (${ref})` },
    { figure: `${name}_after`, value: after, unit, budget: null, note: `${note} (working tree)` },
    { figure: `${name}_after_over_before`, value: after / before, unit: 'ratio', budget: null, note: lowerIsBetter ? 'below 1 is better' : 'above 1 is better' },
  ];
}

async function main(): Promise<void> {
  const { dir, sha } = baselineTree();
  log(`baseline ${ref} (${sha}) in ${dir}`);
  const rounds = quick ? 1 : 3;
  const timeMs = quick ? 400 : 1500;
  const samples: { before: Timings[]; after: Timings[] } = { before: [], after: [] };
  const children = { before: await rssChild(dir, 'before'), after: await rssChild(REPO_ROOT, 'after') };
  const double = await startBenchDouble();
  try {
    for (let r = 0; r < rounds; r++) {
      const order: ('before' | 'after')[] = r % 2 === 0 ? ['before', 'after'] : ['after', 'before'];
      for (const side of order) {
        log(`round ${r + 1}/${rounds}: ${side}`);
        samples[side].push(await measureTree(side === 'before' ? dir : REPO_ROOT, children[side], double.url, timeMs));
      }
    }
  } finally {
    await double.close();
  }
  const m = (side: 'before' | 'after', key: keyof Timings) => median(samples[side].map((s) => s[key]));
  const figures: Figure[] = [
    ...pair('translate_events_per_s', 'events/s', m('before', 'translateEventsPerS'), m('after', 'translateEventsPerS'), 'parse → translate → stringify', false),
    ...pair('translate_ratio', 'ratio', m('before', 'translateRatio'), m('after', 'translateRatio'), 'translate / floor', false),
    ...pair('ingest_us_per_event_single', 'µs/event', m('before', 'ingestSingleUs'), m('after', 'ingestSingleUs'), 'one event per request', true),
    ...pair('ingest_us_per_event_batch100', 'µs/event', m('before', 'ingestBatchUs'), m('after', 'ingestBatchUs'), '100-event bodies', true),
    ...pair('worker_us_per_event', 'µs/event', m('before', 'workerUs'), m('after', 'workerUs'), '1,000-record batch', true),
    ...pair('worker_peak_rss_mb', 'MB', m('before', 'peakRssMb'), m('after', 'peakRssMb'), '10,000-record batch', true),
  ];
  process.stdout.write(`${table(figures)}\n\n`);
  for (const f of figures) process.stdout.write(`${JSON.stringify(toJson(f))}\n`);
  log(`done; after/before: ${figures.filter((f) => f.figure.endsWith('_after_over_before')).map((f) => `${f.figure.replace('_after_over_before', '')} ×${round(f.value)}`).join(', ')}`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 2;
});
