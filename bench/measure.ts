import { Bench } from 'tinybench';

/**
 * Time several tasks side by side: `rounds` rounds, each a fresh tinybench run of every task in
 * turn, so a slow moment of the machine (other processes on 2 cores) hits all tasks alike. Each
 * task's figure is the median over rounds of its mean time per call.
 */
export interface Task {
  name: string;
  fn: () => unknown;
}

export interface MeasureOptions {
  /** Milliseconds per task per round. */
  timeMs: number;
  rounds: number;
  /** Minimum calls per task per round. */
  iterations?: number;
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

export { median };

/** Milliseconds per call of each task, by name. */
export async function measure(tasks: readonly Task[], options: MeasureOptions): Promise<Map<string, number>> {
  const periods = new Map<string, number[]>(tasks.map((t) => [t.name, []]));
  for (let round = 0; round < options.rounds; round++) {
    const bench = new Bench({ time: options.timeMs, iterations: options.iterations ?? 5, warmupTime: Math.min(200, options.timeMs / 4), warmupIterations: 2 });
    // Alternate the order between rounds: neither task always runs on a freshly warmed heap.
    const ordered = round % 2 === 0 ? tasks : [...tasks].reverse();
    for (const task of ordered) bench.add(task.name, task.fn);
    await bench.run();
    for (const task of bench.tasks) {
      const result = task.result;
      if (!('period' in result)) throw new Error(`bench task ${task.name} did not complete: ${result.state}${'error' in result ? `: ${String(result.error)}` : ''}`);
      periods.get(task.name)?.push(result.period);
    }
  }
  return new Map([...periods].map(([name, values]) => [name, median(values)]));
}
