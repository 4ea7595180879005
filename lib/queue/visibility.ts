import { ChangeMessageVisibilityBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { mapWithConcurrency } from '../util/concurrency';

/**
 * Hide messages for a while before SQS redelivers them (the retry backoff), with
 * ChangeMessageVisibilityBatch in calls of 10. A failed change is not fatal: the message simply
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
  const result: VisibilityResult = { changed: [], failed: [], calls: 0 };
  const chunks: number[][] = [];
  for (let i = 0; i < changes.length; i += 10) chunks.push(Array.from({ length: Math.min(10, changes.length - i) }, (_, k) => i + k));

  await mapWithConcurrency(chunks, options.concurrency ?? 10, async (chunk) => {
    result.calls++;
    try {
      const response = await options.client.send(
        new ChangeMessageVisibilityBatchCommand({
          QueueUrl: options.queueUrl,
          Entries: chunk.map((index) => {
            const change = changes[index] as VisibilityChange;
            const seconds = Math.max(0, Math.min(Math.round(change.visibilityTimeout), MAX_VISIBILITY_TIMEOUT_SECONDS));
            return { Id: String(index), ReceiptHandle: change.receiptHandle, VisibilityTimeout: seconds };
          }),
        }),
      );
      const answered = new Set<number>();
      for (const ok of response.Successful ?? []) {
        answered.add(Number(ok.Id));
        result.changed.push(Number(ok.Id));
      }
      for (const failed of response.Failed ?? []) {
        answered.add(Number(failed.Id));
        result.failed.push({ index: Number(failed.Id), code: failed.Code ?? 'Unknown', message: failed.Message ?? '' });
      }
      for (const index of chunk) {
        if (!answered.has(index)) result.failed.push({ index, code: 'NoAnswer', message: 'SQS did not report this entry' });
      }
    } catch (error) {
      const err = error as Error;
      for (const index of chunk) result.failed.push({ index, code: err.name || 'Error', message: err.message });
    }
  });
  result.changed.sort((a, b) => a - b);
  result.failed.sort((a, b) => a.index - b.index);
  return result;
}
