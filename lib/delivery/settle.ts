import type { SQSClient } from '@aws-sdk/client-sqs';
import { deadLetterAttributes, decidedAttributes, mainQueueAttributes } from '../queue/attributes';
import type { QueueRecord } from '../queue/record';
import { sendMessages, type QueueEntry, type SendFailure } from '../queue/send-batch';
import { changeVisibility } from '../queue/visibility';
import type { Outcome } from './outcome';
import { retryDelaySeconds } from './retry-schedule';

/**
 * Make the outcomes true in SQS: write dead letters, delay retries. A record is reported done
 * only once its dead letter is in the DLQ. When that write fails (after its own retries), the
 * record is re-sent to the main queue carrying the decided reason (decidedReason/decidedDetail),
 * so the verdict is applied when it comes back; only if that fails too is the record reported as
 * a batch item failure, and SQS delivers it again. It is never lost.
 *
 * Retries get one delay per group (the records of one failed request): one jitter draw per
 * request, so records that failed together come back together and fill one request again.
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
  /** Dead-letter writes that failed (index = record index). */
  deadLetterFailures: SendFailure[];
  /** Of those, records re-sent to the main queue with their decided reason (reported done). */
  resent: number[];
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

/** Seconds until each retried record is redelivered: per group one draw, else per record. */
export function retryDelays(
  records: readonly QueueRecord[],
  outcomes: readonly Outcome[],
  retryBaseSeconds: number,
  random: () => number,
): Map<number, number> {
  const byGroup = new Map<string, number[]>();
  const delays = new Map<number, number>();
  outcomes.forEach((outcome, index) => {
    if (outcome.kind !== 'retry') return;
    const group = outcome.group ?? `record:${index}`;
    byGroup.set(group, [...(byGroup.get(group) ?? []), index]);
  });
  for (const indexes of byGroup.values()) {
    const first = outcomes[indexes[0] as number] as Extract<Outcome, { kind: 'retry' }>;
    const attempt = Math.max(...indexes.map((i) => (records[i] as QueueRecord).receiveCount));
    const seconds = first.immediate
      ? 0
      : first.delaySeconds ?? retryDelaySeconds({ attempt, baseSeconds: retryBaseSeconds, minSeconds: first.minDelaySeconds, random });
    for (const i of indexes) delays.set(i, seconds);
  }
  return delays;
}

export async function settleOutcomes(
  records: readonly QueueRecord[],
  outcomes: readonly Outcome[],
  options: SettleOptions,
): Promise<SettleResult> {
  const random = options.random ?? Math.random;
  const wait = options.sendWait ? { wait: options.sendWait } : {};
  const letters: { index: number; entry: QueueEntry }[] = [];
  outcomes.forEach((outcome, index) => {
    if (outcome.kind === 'deadLetter') letters.push({ index, entry: deadLetterEntry(records[index] as QueueRecord, outcome) });
  });
  const delays = retryDelays(records, outcomes, options.retryBaseSeconds, random);
  const retries = [...delays].map(([index, seconds]) => ({ index, seconds }));

  const [sent, visibility] = await Promise.all([
    letters.length > 0 ? sendMessages(letters.map((l) => l.entry), { client: options.sqs, queueUrl: options.deadLetterQueueUrl, ...wait }) : undefined,
    retries.length > 0
      ? changeVisibility(
          retries.map((r) => ({ receiptHandle: (records[r.index] as QueueRecord).receiptHandle, visibilityTimeout: r.seconds })),
          { client: options.sqs, queueUrl: options.queueUrl },
        )
      : undefined,
  ]);

  const deadLetterFailures = (sent?.failed ?? []).map((f) => ({ ...f, index: (letters[f.index] as { index: number }).index }));
  // The verdict travels with the record: a copy in the main queue that says what to do with it.
  const forwards = deadLetterFailures.map((f) => {
    const record = records[f.index] as QueueRecord;
    const outcome = outcomes[f.index] as Extract<Outcome, { kind: 'deadLetter' }>;
    const base = mainQueueAttributes(record.sourceId ?? UNKNOWN_SOURCE, record.firstReceivedAt, record.replays);
    return { index: f.index, entry: { body: record.body, attributes: decidedAttributes(base, outcome.reason, outcome.detail) } };
  });
  const forwarded = forwards.length > 0 ? await sendMessages(forwards.map((f) => f.entry), { client: options.sqs, queueUrl: options.queueUrl, ...wait }) : undefined;
  const resent = (forwarded?.sent ?? []).map((i) => (forwards[i] as { index: number }).index);
  const resentSet = new Set(resent);

  const failed = [...retries.map((r) => r.index), ...deadLetterFailures.map((f) => f.index).filter((i) => !resentSet.has(i))].sort((a, b) => a - b);
  return {
    failed,
    deadLetterFailures,
    resent: resent.sort((a, b) => a - b),
    retryDelays: delays,
    visibilityFailures: visibility?.failed.length ?? 0,
  };
}
