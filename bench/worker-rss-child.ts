import './env';
import { benchWorker, runBatch, sqsEvent } from './worker';

/**
 * Child process for `worker_peak_rss_mb`: one SQS batch of N records (argv[3], default 10,000)
 * through the worker against the double at argv[2]. Runs bundled with plain `node` (as on Lambda),
 * so the figure holds the worker, the batch and Node, and nothing of the bench harness.
 * Prints one JSON line: peak RSS, and the RSS before the batch existed.
 */
async function main(): Promise<void> {
  const url = process.argv[2] as string;
  const records = Number(process.argv[3] ?? 10_000);
  const { worker } = benchWorker(url);
  const beforeMb = process.resourceUsage().maxRSS / 1024;
  const event = sqsEvent(records, 42);
  await runBatch(worker, event);
  const peakMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(`${JSON.stringify({ records, beforeMb, peakMb })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
