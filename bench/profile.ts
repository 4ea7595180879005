import './env';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { startBenchDouble } from './pinterest-double';
import { translatePass, translateWorkload } from './translate';
import { benchWorker, runBatch, sqsEvent } from './worker';

/**
 * A hot loop to profile, and a reader for the profile:
 *   node --cpu-prof --cpu-prof-dir=.scratch/prof --import tsx bench/profile.ts translate|worker [seconds]
 *   npx tsx bench/profile.ts summary .scratch/prof   (self time by function, newest profile)
 */
interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

function summary(dir: string, top = 30): void {
  const newest = readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .map((f) => join(dir, f))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0];
  if (!newest) throw new Error(`no .cpuprofile in ${dir}`);
  const profile = JSON.parse(readFileSync(newest, 'utf8')) as { nodes: ProfileNode[] };
  const self = new Map<string, number>();
  let total = 0;
  for (const node of profile.nodes) {
    const hits = node.hitCount ?? 0;
    total += hits;
    const { functionName, url, lineNumber } = node.callFrame;
    const where = url ? `${url.replace(/^.*\/(node_modules\/|lib\/|bench\/|functions\/)/, '$1')}:${lineNumber + 1}` : '';
    const key = `${functionName || '(anonymous)'} ${where}`;
    self.set(key, (self.get(key) ?? 0) + hits);
  }
  console.log(newest);
  for (const [key, hits] of [...self].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`${((hits / total) * 100).toFixed(1).padStart(5)}%  ${key}`);
  }
}

async function main(): Promise<void> {
  const [mode, arg] = process.argv.slice(2);
  if (mode === 'summary') return summary(arg ?? '.scratch/prof');
  const until = Date.now() + Number(arg ?? 5) * 1000;
  if (mode === 'translate') {
    const w = translateWorkload(5000);
    while (Date.now() < until) translatePass(w);
    return;
  }
  if (mode === 'worker') {
    const double = await startBenchDouble();
    const { worker } = benchWorker(double.url);
    const event = sqsEvent(1000);
    while (Date.now() < until) await runBatch(worker, event);
    await double.close();
    return;
  }
  throw new Error('usage: profile.ts translate|worker [seconds] | summary [dir]');
}

void main();
