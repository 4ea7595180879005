import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageBatchCommand,
  type BatchResultErrorEntry,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { mapWithConcurrency } from '../util/concurrency';
import { SQS_MAX_BATCH_ENTRIES } from './send-batch';

/**
 * DeleteMessageBatch and ChangeMessageVisibilityBatch over any number of receipt handles, in
 * chunks of 10, with the exact outcome per handle: callers must know which messages are gone and
 * which are still in the queue. A call that throws counts all its entries as failed (never retried
 * here: a failed delete leaves the message in the queue, a failed release only delays it until its
 * visibility timeout ends, so both are safe to report and leave).
 */
export interface HandleFailure {
  receiptHandle: string;
  code: string;
  message: string;
}

export interface BatchActionResult {
  succeeded: string[];
  failed: HandleFailure[];
}

type Action = (entries: { Id: string; ReceiptHandle: string }[]) => Promise<{
  Successful?: { Id?: string }[];
  Failed?: BatchResultErrorEntry[];
}>;

async function inBatches(handles: readonly string[], action: Action, concurrency: number): Promise<BatchActionResult> {
  const chunks: string[][] = [];
  for (let i = 0; i < handles.length; i += SQS_MAX_BATCH_ENTRIES) chunks.push(handles.slice(i, i + SQS_MAX_BATCH_ENTRIES));
  const result: BatchActionResult = { succeeded: [], failed: [] };
  await mapWithConcurrency(chunks, concurrency, async (chunk) => {
    try {
      const response = await action(chunk.map((ReceiptHandle, i) => ({ Id: String(i), ReceiptHandle })));
      const answered = new Set<number>();
      for (const ok of response.Successful ?? []) {
        const i = Number(ok.Id);
        if (chunk[i] === undefined || answered.has(i)) continue;
        answered.add(i);
        result.succeeded.push(chunk[i]);
      }
      for (const failed of response.Failed ?? []) {
        const i = Number(failed.Id);
        if (chunk[i] === undefined || answered.has(i)) continue;
        answered.add(i);
        result.failed.push({ receiptHandle: chunk[i], code: failed.Code ?? 'Unknown', message: failed.Message ?? '' });
      }
      chunk.forEach((receiptHandle, i) => {
        if (!answered.has(i)) result.failed.push({ receiptHandle, code: 'NoAnswer', message: 'SQS did not report this entry' });
      });
    } catch (error) {
      const err = error as Error;
      for (const receiptHandle of chunk) result.failed.push({ receiptHandle, code: err.name || 'Error', message: err.message });
    }
  });
  return result;
}

export function deleteMessages(
  client: SQSClient,
  queueUrl: string,
  receiptHandles: readonly string[],
  concurrency = 5,
): Promise<BatchActionResult> {
  return inBatches(
    receiptHandles,
    (Entries) => client.send(new DeleteMessageBatchCommand({ QueueUrl: queueUrl, Entries })),
    concurrency,
  );
}

export function changeVisibility(
  client: SQSClient,
  queueUrl: string,
  receiptHandles: readonly string[],
  visibilityTimeoutSeconds: number,
  concurrency = 5,
): Promise<BatchActionResult> {
  return inBatches(
    receiptHandles,
    (entries) =>
      client.send(
        new ChangeMessageVisibilityBatchCommand({
          QueueUrl: queueUrl,
          Entries: entries.map((e) => ({ ...e, VisibilityTimeout: visibilityTimeoutSeconds })),
        }),
      ),
    concurrency,
  );
}
