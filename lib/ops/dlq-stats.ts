import { GetQueueAttributesCommand, type QueueAttributeName, type SQSClient } from '@aws-sdk/client-sqs';
import type { DlqFilter, DlqMessage } from './dlq-message';
import { scanDlq, type ScanOptions, type StopReason } from './dlq-scan';

/**
 * Counts of the dead-letter queue by source and reason, and the oldest entries, read without
 * consuming anything: every message received is made visible again before this returns.
 */
export interface DlqGroup {
  sourceId: string;
  reason: string;
  count: number;
}

export interface DlqStats {
  /** Messages read by the scan. */
  total: number;
  bySource: Record<string, number>;
  byReason: Record<string, number>;
  /** One row per (source, reason), largest first. */
  groups: DlqGroup[];
  /** Age of the oldest event (from when ingest first received it), seconds. */
  oldestEventAgeSeconds?: number;
  oldestFirstReceivedAt?: string;
  /** Longest time a message has waited in the dead-letter queue, seconds. */
  oldestInQueueSeconds?: number;
  /** SQS's own approximate counts, read before the scan. */
  approximate: { visible: number; inFlight: number; delayed: number };
  stoppedBy: StopReason;
  /** The scan stopped before the queue was drained: counts are a lower bound. */
  truncated: boolean;
  /** Messages that could not be made visible again (they reappear after their visibility timeout). */
  releaseFailed: number;
}

export const NO_SOURCE = '(none)';

export interface StatsOptions extends Omit<ScanOptions, 'limit'> {
  filter?: DlqFilter;
  now?: () => number;
}

export async function approximateCounts(sqs: SQSClient, queueUrl: string): Promise<DlqStats['approximate']> {
  const response = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: queueUrl,
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible', 'ApproximateNumberOfMessagesDelayed'],
    }),
  );
  const n = (name: QueueAttributeName) => Number(response.Attributes?.[name] ?? 0) || 0;
  return {
    visible: n('ApproximateNumberOfMessages'),
    inFlight: n('ApproximateNumberOfMessagesNotVisible'),
    delayed: n('ApproximateNumberOfMessagesDelayed'),
  };
}

function increment(record: Record<string, number>, key: string): void {
  record[key] = (record[key] ?? 0) + 1;
}

export async function dlqStats(options: StatsOptions): Promise<DlqStats> {
  const now = options.now ?? Date.now;
  const approximate = await approximateCounts(options.sqs, options.dlqUrl);
  const bySource: Record<string, number> = {};
  const byReason: Record<string, number> = {};
  const groups = new Map<string, DlqGroup>();
  let total = 0;
  let oldestReceived: { ms: number; iso: string } | undefined;
  let oldestSent: number | undefined;

  const count = (message: DlqMessage): void => {
    total++;
    const sourceId = message.sourceId ?? NO_SOURCE;
    increment(bySource, sourceId);
    increment(byReason, message.reason);
    const key = JSON.stringify([sourceId, message.reason]);
    const group = groups.get(key) ?? { sourceId, reason: message.reason, count: 0 };
    group.count++;
    groups.set(key, group);
    const received = message.firstReceivedAt ? Date.parse(message.firstReceivedAt) : NaN;
    if (Number.isFinite(received) && (!oldestReceived || received < oldestReceived.ms)) {
      oldestReceived = { ms: received, iso: message.firstReceivedAt as string };
    }
    if (message.sentTimestamp !== undefined && (oldestSent === undefined || message.sentTimestamp < oldestSent)) {
      oldestSent = message.sentTimestamp;
    }
  };

  const scan = await scanDlq(options, async (batch) => {
    batch.forEach(count);
    return batch;
  });
  const at = now();
  return {
    total,
    bySource,
    byReason,
    groups: [...groups.values()].sort((a, b) => b.count - a.count || a.sourceId.localeCompare(b.sourceId) || a.reason.localeCompare(b.reason)),
    ...(oldestReceived
      ? { oldestEventAgeSeconds: Math.max(0, Math.round((at - oldestReceived.ms) / 1000)), oldestFirstReceivedAt: oldestReceived.iso }
      : {}),
    ...(oldestSent !== undefined ? { oldestInQueueSeconds: Math.max(0, Math.round((at - oldestSent) / 1000)) } : {}),
    approximate,
    stoppedBy: scan.stoppedBy,
    truncated: scan.stoppedBy !== 'drained',
    releaseFailed: scan.releaseFailed.length,
  };
}
