import type { SQSEvent } from 'aws-lambda';
import { createWorker as currentCreateWorker, type WorkerDeps, type WorkerHandler } from '../lib/delivery/worker';
import { createPinterestClient } from '../lib/pinterest/client';
import { FileSettingsProvider } from '../lib/settings/file-provider';
import { eventTexts, fakeSqs, NOW_MS, settingsDocument, SOURCE_ID, sqsRecords, type SqsCall } from './fixtures';

/**
 * The real worker (createWorker → processBatch → translate → plan → Pinterest client → settle)
 * over SQS batches of seeded events of one source, against a Pinterest double on 127.0.0.1 and a
 * fake SQS client. Shared by the in-process timing and the peak-RSS child.
 */
export type CreateWorker = (deps: WorkerDeps) => WorkerHandler;

export function benchWorker(pinterestUrl: string, create: CreateWorker = currentCreateWorker): { worker: WorkerHandler; sqsCalls: SqsCall[] } {
  const sqs = fakeSqs();
  const worker = create({
    settings: new FileSettingsProvider({ sources: { [SOURCE_ID]: settingsDocument() } }),
    sender: createPinterestClient({ baseUrl: pinterestUrl, timeoutMs: 30_000 }),
    sqs: sqs.client,
    queueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/main',
    deadLetterQueueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/dlq',
    maxReceiveCount: 8,
    retryBaseSeconds: 30,
    concurrency: 4,
    requestTimeoutMs: 30_000,
    now: () => NOW_MS,
  });
  return { worker, sqsCalls: sqs.calls };
}

export function sqsEvent(records: number, seed?: number): SQSEvent {
  return { Records: sqsRecords(eventTexts(records, seed)) };
}

/** Run one batch; throws unless every record was delivered (nothing to redeliver). */
export async function runBatch(worker: WorkerHandler, event: SQSEvent): Promise<void> {
  const response = await worker(event);
  if (response.batchItemFailures.length > 0) throw new Error(`worker left ${response.batchItemFailures.length} records for redelivery`);
}
