import { hash } from 'node:crypto';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { mainQueueAttributes } from '../queue/attributes';
import { deleteMessages } from '../queue/batch-actions';
import { sendMessages, type QueueEntry, type SendOptions } from '../queue/send-batch';
import { abortableSleep } from '../util/abortable-sleep';
import type { DlqMessage } from './dlq-message';
import { scanDlq, type ScanOptions, type StopReason } from './dlq-scan';

/**
 * Move matching dead-letter messages back to the main queue: the original body byte for byte,
 * main-queue attributes only (`sourceId`, `receivedAt` as first received, `replays` + 1; the
 * reason attributes are left behind). A message is deleted from the dead-letter queue only after
 * SQS accepted its copy; a failed send leaves it where it was, visible again at the end, like every
 * message that did not match. Aborting stops between batches: what was sent is deleted, the rest
 * stays. The one duplicate left possible is a send that succeeded with a delete that failed
 * (reported as `deleteFailed`); Pinterest deduplicates such an event by its event_id.
 */
export interface ReplayOptions extends ScanOptions {
  /** The main queue. */
  queueUrl: string;
  dryRun?: boolean;
  /** Messages per second at most. */
  rate?: number;
  onProgress?: (progress: ReplayProgress) => void;
  now?: () => number;
  /** Waits for the rate limit; resolves early when `signal` aborts. */
  wait?: (ms: number, signal?: AbortSignal) => Promise<void>;
  send?: Pick<SendOptions, 'maxAttempts' | 'baseDelayMs' | 'wait'>;
}

export interface ReplayProgress {
  scanned: number;
  matched: number;
  replayed: number;
  /** Dry run: matching messages that would be replayed. */
  wouldReplay: number;
  /** Sends SQS did not accept: the messages stay in the dead-letter queue. */
  failed: number;
  /** Matching messages that cannot be replayed (no sourceId attribute): left in place. */
  unreplayable: number;
  /**
   * Events this run replayed that the worker dead-lettered again before the run ended: left in
   * place, not replayed a second time (their cause is not fixed yet).
   */
  deadLetteredAgain: number;
}

export interface ReplayFailure {
  messageId: string;
  code: string;
  message: string;
}

export interface ReplaySummary extends ReplayProgress {
  dryRun: boolean;
  stoppedBy: StopReason;
  /** Sent but not deleted from the dead-letter queue: they will be replayed again next time. */
  deleteFailed: number;
  /** Messages made visible again in the dead-letter queue (non-matching, failed, dry run). */
  released: number;
  releaseFailed: number;
  /** The first failures (at most 20), for the operator. */
  failures: ReplayFailure[];
  durationMs: number;
}

const MAX_REPORTED_FAILURES = 20;

/** The main-queue copy of a dead-letter message, or undefined when it has no source to deliver for. */
export function replayEntry(message: DlqMessage, now: number): QueueEntry | undefined {
  if (!message.sourceId) return undefined;
  const receivedAt =
    message.firstReceivedAt ?? new Date(message.sentTimestamp !== undefined ? message.sentTimestamp : now).toISOString();
  return { body: message.body, attributes: mainQueueAttributes(message.sourceId, receivedAt, message.replays + 1) };
}

export async function dlqReplay(options: ReplayOptions): Promise<ReplaySummary> {
  const now = options.now ?? Date.now;
  const wait = options.wait ?? abortableSleep;
  const started = now();
  const rate = options.rate !== undefined && options.rate > 0 ? options.rate : undefined;
  const chunkSize = rate ? Math.min(10, Math.max(1, Math.floor(rate))) : 10;
  let nextSendAt = started;
  const progress: ReplayProgress = { scanned: 0, matched: 0, replayed: 0, wouldReplay: 0, failed: 0, unreplayable: 0, deadLetteredAgain: 0 };
  // Digests of the bodies sent back: a replayed event can fail again and land in the DLQ while
  // the walk still runs, with a new SQS message id; it must not go round again.
  const replayedBodies = new Set<string>();
  const digest = (body: string) => hash('sha256', body, 'base64');
  const failures: ReplayFailure[] = [];
  let deleteFailed = 0;
  const fail = (failure: ReplayFailure) => {
    if (failures.length < MAX_REPORTED_FAILURES) failures.push(failure);
  };

  const replayChunk = async (chunk: DlqMessage[]): Promise<DlqMessage[]> => {
    const entries: QueueEntry[] = [];
    const sendable: DlqMessage[] = [];
    const keep: DlqMessage[] = [];
    for (const message of chunk) {
      const entry = replayEntry(message, now());
      if (entry) {
        entries.push(entry);
        sendable.push(message);
      } else {
        progress.unreplayable++;
        keep.push(message);
        fail({ messageId: message.messageId, code: 'NoSourceId', message: 'no sourceId attribute: cannot be replayed' });
      }
    }
    if (sendable.length === 0) return keep;
    const result = await sendMessages(entries, { client: options.sqs as SQSClient, queueUrl: options.queueUrl, ...options.send });
    for (const failure of result.failed) {
      const message = sendable[failure.index] as DlqMessage;
      progress.failed++;
      keep.push(message);
      fail({ messageId: message.messageId, code: failure.code, message: failure.message });
    }
    const sent = result.sent.map((index) => sendable[index] as DlqMessage);
    progress.replayed += sent.length;
    for (const message of sent) replayedBodies.add(digest(message.body));
    const deleted = await deleteMessages(options.sqs, options.dlqUrl, sent.map((m) => m.receiptHandle));
    deleteFailed += deleted.failed.length;
    for (const failure of deleted.failed) {
      const message = sent.find((m) => m.receiptHandle === failure.receiptHandle);
      fail({ messageId: message?.messageId ?? '?', code: `Delete:${failure.code}`, message: failure.message });
    }
    return keep;
  };

  const scan = await scanDlq(options, async (received, { scanned }) => {
    progress.scanned = scanned;
    const keep: DlqMessage[] = [];
    const batch: DlqMessage[] = [];
    for (const message of received) {
      if (replayedBodies.has(digest(message.body))) {
        progress.deadLetteredAgain++;
        keep.push(message);
      } else batch.push(message);
    }
    progress.matched += batch.length;
    if (options.dryRun) {
      progress.wouldReplay += batch.length;
      keep.push(...batch);
    } else {
      for (let i = 0; i < batch.length; i += chunkSize) {
        const chunk = batch.slice(i, i + chunkSize);
        if (rate) {
          await wait(Math.max(0, nextSendAt - now()), options.signal);
          nextSendAt = Math.max(now(), nextSendAt) + (chunk.length * 1000) / rate;
        }
        if (options.signal?.aborted) {
          keep.push(...batch.slice(i));
          break;
        }
        keep.push(...(await replayChunk(chunk)));
      }
    }
    options.onProgress?.({ ...progress });
    return keep;
  });
  progress.scanned = scan.scanned;
  return {
    ...progress,
    dryRun: options.dryRun === true,
    stoppedBy: scan.stoppedBy,
    deleteFailed,
    released: scan.released,
    releaseFailed: scan.releaseFailed.length,
    failures,
    durationMs: now() - started,
  };
}
