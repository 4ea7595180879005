import { ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { changeVisibility, type HandleFailure } from '../queue/batch-actions';
import { matchesFilter, toDlqMessage, type DlqFilter, type DlqMessage } from './dlq-message';

/**
 * Walk the dead-letter queue once. Every message received stays invisible (so the next receive
 * returns new ones) until the walk ends; then all messages the handler did not consume are made
 * visible again at once (visibility 0), untouched. That is how stats and peek read without
 * consuming, and how replay and purge leave non-matching messages where they were.
 *
 * The walk ends when the queue has nothing more to give (a long-poll receive returns no new
 * message), at `limit` matching messages, at `maxScan` messages, or when `signal` aborts (checked
 * between receives, so a batch being handled is always finished). A receive that returns only
 * messages already seen means their visibility expired during a long walk: the walk ends there
 * instead of handling anything twice.
 */
export interface ScanOptions {
  sqs: SQSClient;
  dlqUrl: string;
  filter?: DlqFilter;
  /** Hand at most this many matching messages to the handler. */
  limit?: number;
  /** How long received messages stay hidden while the walk runs. Default 900 s. */
  visibilityTimeoutSeconds?: number;
  /** Long-poll wait per receive; 1 s makes SQS query all its servers. Default 1. */
  waitTimeSeconds?: number;
  /** Stop after this many distinct messages (SQS allows 120,000 in flight). Default 100,000. */
  maxScan?: number;
  signal?: AbortSignal;
}

export type StopReason = 'drained' | 'limit' | 'wrapped' | 'aborted' | 'max-scan';

export interface ScanResult {
  /** Distinct messages received. */
  scanned: number;
  matched: number;
  stoppedBy: StopReason;
  /** Messages made visible again at the end. */
  released: number;
  /** Messages that could not be made visible again: they reappear when their visibility timeout ends. */
  releaseFailed: HandleFailure[];
}

/** Returns the messages to make visible again; the rest were consumed (deleted) by the handler. */
export type MatchHandler = (batch: DlqMessage[], context: { scanned: number }) => Promise<readonly DlqMessage[]>;

export const DEFAULT_VISIBILITY_TIMEOUT_SECONDS = 900;
export const DEFAULT_MAX_SCAN = 100_000;

export async function scanDlq(options: ScanOptions, handle: MatchHandler): Promise<ScanResult> {
  const limit = options.limit ?? Infinity;
  const maxScan = options.maxScan ?? DEFAULT_MAX_SCAN;
  const visibility = options.visibilityTimeoutSeconds ?? DEFAULT_VISIBILITY_TIMEOUT_SECONDS;
  const seen = new Set<string>();
  // messageId → latest receipt handle of every message to give back at the end.
  const held = new Map<string, string>();
  const result: ScanResult = { scanned: 0, matched: 0, stoppedBy: 'drained', released: 0, releaseFailed: [] };

  try {
    for (;;) {
      if (options.signal?.aborted) {
        result.stoppedBy = 'aborted';
        break;
      }
      if (result.matched >= limit) {
        result.stoppedBy = 'limit';
        break;
      }
      if (result.scanned >= maxScan) {
        result.stoppedBy = 'max-scan';
        break;
      }
      const response = await options.sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: options.dlqUrl,
          MaxNumberOfMessages: 10,
          VisibilityTimeout: visibility,
          WaitTimeSeconds: options.waitTimeSeconds ?? 1,
          MessageAttributeNames: ['All'],
          MessageSystemAttributeNames: ['SentTimestamp', 'ApproximateReceiveCount'],
        }),
      );
      const received = (response.Messages ?? []).map(toDlqMessage).filter((m): m is DlqMessage => m !== undefined);
      if (received.length === 0) break;

      const fresh: DlqMessage[] = [];
      for (const message of received) {
        if (seen.has(message.messageId)) held.set(message.messageId, message.receiptHandle);
        else {
          seen.add(message.messageId);
          fresh.push(message);
        }
      }
      if (fresh.length === 0) {
        result.stoppedBy = 'wrapped';
        break;
      }
      result.scanned += fresh.length;

      const batch: DlqMessage[] = [];
      for (const message of fresh) {
        if (result.matched < limit && matchesFilter(message, options.filter)) {
          batch.push(message);
          result.matched++;
        } else held.set(message.messageId, message.receiptHandle);
      }
      if (batch.length === 0) continue;
      try {
        for (const message of await handle(batch, { scanned: result.scanned })) held.set(message.messageId, message.receiptHandle);
      } catch (error) {
        // The handler did not say what it consumed: give the whole batch back (a handle of a message
        // it already deleted just fails to change, harmlessly).
        for (const message of batch) held.set(message.messageId, message.receiptHandle);
        throw error;
      }
    }
  } finally {
    if (held.size > 0) {
      const release = await changeVisibility(options.sqs, options.dlqUrl, [...held.values()], 0);
      result.released = release.succeeded.length;
      result.releaseFailed = release.failed;
    }
  }
  return result;
}
