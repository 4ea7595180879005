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

const isPosition = (i: number, chunk: readonly unknown[]): boolean => Number.isInteger(i) && i >= 0 && i < chunk.length;

type BatchResponse = { Successful?: { Id?: string }[]; Failed?: BatchResultErrorEntry[] };

/**
 * The chunking and per-entry bookkeeping every SQS batch action shares: `send` gets a chunk (entry
 * Ids are positions in it); each item ends in exactly one of `succeeded` or `failed`, including
 * entries SQS did not mention and every entry of a call that threw.
 */
export async function inBatches<T>(
  items: readonly T[],
  send: (chunk: T[]) => Promise<BatchResponse>,
  concurrency: number,
): Promise<{ succeeded: T[]; failed: { item: T; code: string; message: string }[]; calls: number }> {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += SQS_MAX_BATCH_ENTRIES) chunks.push(items.slice(i, i + SQS_MAX_BATCH_ENTRIES));
  const result = { succeeded: [] as T[], failed: [] as { item: T; code: string; message: string }[], calls: chunks.length };
  await mapWithConcurrency(chunks, concurrency, async (chunk) => {
    try {
      const response = await send(chunk);
      const answered = new Set<number>();
      for (const ok of response.Successful ?? []) {
        const i = Number(ok.Id);
        if (!isPosition(i, chunk) || answered.has(i)) continue;
        answered.add(i);
        result.succeeded.push(chunk[i] as T);
      }
      for (const failed of response.Failed ?? []) {
        const i = Number(failed.Id);
        if (!isPosition(i, chunk) || answered.has(i)) continue;
        answered.add(i);
        result.failed.push({ item: chunk[i] as T, code: failed.Code ?? 'Unknown', message: failed.Message ?? '' });
      }
      chunk.forEach((item, i) => {
        if (!answered.has(i)) result.failed.push({ item, code: 'NoAnswer', message: 'SQS did not report this entry' });
      });
    } catch (error) {
      const err = error as Error;
      for (const item of chunk) result.failed.push({ item, code: err.name || 'Error', message: err.message });
    }
  });
  return result;
}

async function byHandle(handles: readonly string[], send: (chunk: string[]) => Promise<BatchResponse>, concurrency: number): Promise<BatchActionResult> {
  const result = await inBatches(handles, send, concurrency);
  return { succeeded: result.succeeded, failed: result.failed.map(({ item, code, message }) => ({ receiptHandle: item, code, message })) };
}

export function deleteMessages(
  client: SQSClient,
  queueUrl: string,
  receiptHandles: readonly string[],
  concurrency = 5,
): Promise<BatchActionResult> {
  return byHandle(
    receiptHandles,
    (chunk) =>
      client.send(new DeleteMessageBatchCommand({ QueueUrl: queueUrl, Entries: chunk.map((ReceiptHandle, i) => ({ Id: String(i), ReceiptHandle })) })),
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
  return byHandle(
    receiptHandles,
    (chunk) =>
      client.send(
        new ChangeMessageVisibilityBatchCommand({
          QueueUrl: queueUrl,
          Entries: chunk.map((ReceiptHandle, i) => ({ Id: String(i), ReceiptHandle, VisibilityTimeout: visibilityTimeoutSeconds })),
        }),
      ),
    concurrency,
  );
}
