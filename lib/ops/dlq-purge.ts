import { deleteMessages } from '../queue/batch-actions';
import type { DlqFilter } from './dlq-message';
import { scanDlq, type ScanOptions, type StopReason } from './dlq-scan';

/**
 * Delete dead-letter messages of one reason (and optionally one source) for good. Only matching
 * messages are deleted; every other message is made visible again untouched. Asking the operator
 * first is the caller's job (the CLI prompts; see bin/).
 */
export interface PurgeOptions extends ScanOptions {
  filter: DlqFilter & { reason: string };
}

export interface PurgeSummary {
  scanned: number;
  matched: number;
  deleted: number;
  deleteFailed: number;
  stoppedBy: StopReason;
  released: number;
  releaseFailed: number;
}

export async function dlqPurge(options: PurgeOptions): Promise<PurgeSummary> {
  if (!options.filter?.reason) throw new Error('purge needs a reason: it never deletes everything');
  let deleted = 0;
  let deleteFailed = 0;
  const scan = await scanDlq(options, async (batch) => {
    const result = await deleteMessages(options.sqs, options.dlqUrl, batch.map((m) => m.receiptHandle));
    deleted += result.succeeded.length;
    deleteFailed += result.failed.length;
    const failed = new Set(result.failed.map((f) => f.receiptHandle));
    return batch.filter((m) => failed.has(m.receiptHandle));
  });
  return {
    scanned: scan.scanned,
    matched: scan.matched,
    deleted,
    deleteFailed,
    stoppedBy: scan.stoppedBy,
    released: scan.released,
    releaseFailed: scan.releaseFailed.length,
  };
}
