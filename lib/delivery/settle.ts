import type { SQSClient } from '@aws-sdk/client-sqs';
import { deadLetterAttributes } from '../queue/attributes';
import type { QueueRecord } from '../queue/record';
import { sendMessages, type QueueEntry, type SendFailure } from '../queue/send-batch';
import { changeVisibility } from '../queue/visibility';
import type { Outcome } from './outcome';
import { retryDelaySeconds } from './retry-schedule';

/**
 * Make the outcomes true in SQS: write dead letters, delay retries. A record is reported done
 * only once its dead letter is in the DLQ; when that write fails the record is reported as a
 * batch item failure, so SQS delivers it again and it is never lost.
 */
export interface SettleOptions {
  sqs: SQSClient;
  queueUrl: string;
  deadLetterQueueUrl: string;
  retryBaseSeconds: number;
  random?: () => number;
  /** Passed to sendMessages (tests skip the waits). */
  sendWait?: (ms: number) => Promise<void>;
}

export interface SettleResult {
  /** Record indexes to report in batchItemFailures. */
  failed: number[];
  deadLetterFailures: SendFailure[];
  /** Record index → seconds until redelivery, for every retried record. */
  retryDelays: Map<number, number>;
  visibilityFailures: number;
}

export const UNKNOWN_SOURCE = 'unknown';

export function deadLetterEntry(record: QueueRecord, outcome: Extract<Outcome, { kind: 'deadLetter' }>): QueueEntry {
  return {
    body: record.body,
    attributes: deadLetterAttributes({
      sourceId: record.sourceId ?? UNKNOWN_SOURCE,
      reason: outcome.reason,
      detail: outcome.detail,
      firstReceivedAt: record.firstReceivedAt,
      attempts: record.receiveCount,
      replays: record.replays,
    }),
  };
}

export async function settleOutcomes(
  records: readonly QueueRecord[],
  outcomes: readonly Outcome[],
  options: SettleOptions,
): Promise<SettleResult> {
  const random = options.random ?? Math.random;
  const letters: { index: number; entry: QueueEntry }[] = [];
  const retries: { index: number; seconds: number }[] = [];
  outcomes.forEach((outcome, index) => {
    const record = records[index] as QueueRecord;
    if (outcome.kind === 'deadLetter') letters.push({ index, entry: deadLetterEntry(record, outcome) });
    if (outcome.kind === 'retry') {
      const seconds = outcome.immediate
        ? 0
        : retryDelaySeconds({ attempt: record.receiveCount, baseSeconds: options.retryBaseSeconds, minSeconds: outcome.minDelaySeconds, random });
      retries.push({ index, seconds });
    }
  });

  const [sent, visibility] = await Promise.all([
    letters.length > 0
      ? sendMessages(
          letters.map((l) => l.entry),
          { client: options.sqs, queueUrl: options.deadLetterQueueUrl, ...(options.sendWait ? { wait: options.sendWait } : {}) },
        )
      : undefined,
    retries.length > 0
      ? changeVisibility(
          retries.map((r) => ({ receiptHandle: (records[r.index] as QueueRecord).receiptHandle, visibilityTimeout: r.seconds })),
          { client: options.sqs, queueUrl: options.queueUrl },
        )
      : undefined,
  ]);

  const deadLetterFailures = (sent?.failed ?? []).map((f) => ({ ...f, index: (letters[f.index] as { index: number }).index }));
  const failed = [...retries.map((r) => r.index), ...deadLetterFailures.map((f) => f.index)].sort((a, b) => a - b);
  return {
    failed,
    deadLetterFailures,
    retryDelays: new Map(retries.map((r) => [r.index, r.seconds])),
    visibilityFailures: visibility?.failed.length ?? 0,
  };
}
