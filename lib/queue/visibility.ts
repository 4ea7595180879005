import { ChangeMessageVisibilityBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { inBatches } from './batch-actions';

/**
 * Hide messages for a while before SQS redelivers them (the retry backoff), each for its own time,
 * with ChangeMessageVisibilityBatch in calls of 10 (lib/queue/batch-actions.ts does the bookkeeping). A failed change is not fatal: the message simply
 * comes back after the queue's own visibility timeout, so failures are returned, not thrown.
 */
export interface VisibilityChange {
  receiptHandle: string;
  /** Seconds from now, 0 to 43,200. */
  visibilityTimeout: number;
}

export interface VisibilityResult {
  changed: number[];
  failed: { index: number; code: string; message: string }[];
  calls: number;
}

export const MAX_VISIBILITY_TIMEOUT_SECONDS = 43_200;

export async function changeVisibility(
  changes: readonly VisibilityChange[],
  options: { client: SQSClient; queueUrl: string; concurrency?: number },
): Promise<VisibilityResult> {
  const indexes = changes.map((_, index) => index);
  const result = await inBatches(
    indexes,
    (chunk) =>
      options.client.send(
        new ChangeMessageVisibilityBatchCommand({
          QueueUrl: options.queueUrl,
          Entries: chunk.map((index, id) => {
            const change = changes[index] as VisibilityChange;
            const seconds = Math.max(0, Math.min(Math.round(change.visibilityTimeout), MAX_VISIBILITY_TIMEOUT_SECONDS));
            return { Id: String(id), ReceiptHandle: change.receiptHandle, VisibilityTimeout: seconds };
          }),
        }),
      ),
    options.concurrency ?? 10,
  );
  return {
    changed: result.succeeded.sort((a, b) => a - b),
    failed: result.failed.map(({ item, code, message }) => ({ index: item, code, message })).sort((a, b) => a.index - b.index),
    calls: result.calls,
  };
}
