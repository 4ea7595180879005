import { SendMessageBatchCommand, type SendMessageBatchRequestEntry, type SQSClient } from '@aws-sdk/client-sqs';
import { abortableSleep } from '../util/abortable-sleep';
import { createLimiter, type Limiter } from '../util/concurrency';
import type { Deadline } from '../util/deadline';
import type { Attributes } from './attributes';

/**
 * Send many messages with SendMessageBatch: chunks of at most 10 entries and `maxBatchBytes`,
 * sent concurrently; entries SQS reports as `Failed` without sender fault, and whole calls that
 * throw (throttling, timeouts), are retried with jittered exponential backoff. The result says
 * exactly which entries are in the queue, so a caller never reports success for one that is not.
 *
 * With a `deadline`, every call gets the time left (its abort signal) instead of a timeout of its
 * own, no attempt starts with less than `minAttemptMs` left, and backoff waits end at the
 * deadline: the function returns by the deadline with nothing still in flight. Entries not known
 * to be stored then fail with code `DeadlineExceeded` (an aborted call may still have stored them:
 * the caller is told to send them again, never that they are stored).
 */
export interface QueueEntry {
  body: string;
  attributes?: Attributes;
  delaySeconds?: number;
}

export interface SendFailure {
  index: number;
  code: string;
  message: string;
}

export interface SendResult {
  /** Indexes (into the input) of entries SQS accepted. */
  sent: number[];
  failed: SendFailure[];
  /** SendMessageBatch calls made, retries included. */
  calls: number;
  /** Entries sent again after a failure. */
  retries: number;
}

export interface SendOptions {
  client: SQSClient;
  queueUrl: string;
  /** Attempts per entry, the first included. Default 3. */
  maxAttempts?: number;
  /** Backoff base; attempt n waits a random time up to base × 2^(n-1). Default 100 ms. */
  baseDelayMs?: number;
  /** Chunks in flight at once. Default 10. Ignored when `limiter` is given. */
  concurrency?: number;
  /** A limiter shared with other sends (ingest's main and dead-letter sends share one). */
  limiter?: Limiter;
  /** The request's time budget; see above. */
  deadline?: Deadline;
  /** No attempt starts with less time left than this. Default 1,000 ms. */
  minAttemptMs?: number;
  /** Bytes per message and per call. Default 262,144 (256 KiB): safe on every SQS queue and emulator. */
  maxBatchBytes?: number;
  random?: () => number;
  wait?: (ms: number) => Promise<void>;
}

export const SQS_MAX_BATCH_ENTRIES = 10;
export const DEFAULT_MIN_ATTEMPT_MS = 1000;
export const DEADLINE_EXCEEDED = 'DeadlineExceeded';
export const DEFAULT_MAX_BATCH_BYTES = 262_144;

/** Bytes SQS counts for a message: body plus each attribute's name, type and value. */
export function messageBytes(entry: QueueEntry): number {
  let bytes = Buffer.byteLength(entry.body, 'utf8');
  for (const [name, value] of Object.entries(entry.attributes ?? {})) {
    bytes += Buffer.byteLength(name) + Buffer.byteLength(value.DataType ?? '') + Buffer.byteLength(value.StringValue ?? '');
  }
  return bytes;
}

/** Greedy chunks by count and bytes, in input order. Entries larger than the limit are returned apart. */
export function chunkEntries(
  entries: readonly QueueEntry[],
  maxBatchBytes = DEFAULT_MAX_BATCH_BYTES,
): { chunks: number[][]; oversized: number[] } {
  const chunks: number[][] = [];
  const oversized: number[] = [];
  let current: number[] = [];
  let currentBytes = 0;
  entries.forEach((entry, index) => {
    const bytes = messageBytes(entry);
    if (bytes > maxBatchBytes) {
      oversized.push(index);
      return;
    }
    if (current.length === SQS_MAX_BATCH_ENTRIES || currentBytes + bytes > maxBatchBytes) {
      chunks.push(current);
      current = [];
      currentBytes = 0;
    }
    current.push(index);
    currentBytes += bytes;
  });
  if (current.length > 0) chunks.push(current);
  return { chunks, oversized };
}

export async function sendMessages(entries: readonly QueueEntry[], options: SendOptions): Promise<SendResult> {
  const maxAttempts = options.maxAttempts ?? 3;
  const baseDelayMs = options.baseDelayMs ?? 100;
  const random = options.random ?? Math.random;
  const { deadline } = options;
  const minAttemptMs = options.minAttemptMs ?? DEFAULT_MIN_ATTEMPT_MS;
  const wait = options.wait ?? ((ms: number) => abortableSleep(ms, deadline?.signal));
  const maxBatchBytes = options.maxBatchBytes ?? DEFAULT_MAX_BATCH_BYTES;
  const result: SendResult = { sent: [], failed: [], calls: 0, retries: 0 };

  const { chunks, oversized } = chunkEntries(entries, maxBatchBytes);
  for (const index of oversized) {
    result.failed.push({ index, code: 'MessageTooLong', message: `message is larger than ${maxBatchBytes} bytes` });
  }

  const sendChunk = async (chunk: number[]): Promise<void> => {
    let pending = chunk;
    const giveUp = (message: string) => {
      for (const index of pending) result.failed.push({ index, code: DEADLINE_EXCEEDED, message });
    };
    for (let attempt = 1; pending.length > 0; attempt++) {
      if (deadline && !deadline.allows(minAttemptMs)) return giveUp(`not sent: under ${minAttemptMs} ms left before the deadline`);
      const last = attempt >= maxAttempts;
      const retryable: number[] = [];
      const lastErrors = new Map<number, SendFailure>();
      result.calls++;
      try {
        const response = await options.client.send(
          new SendMessageBatchCommand({
            QueueUrl: options.queueUrl,
            Entries: pending.map((index): SendMessageBatchRequestEntry => {
              const entry = entries[index] as QueueEntry;
              return {
                Id: String(index),
                MessageBody: entry.body,
                ...(entry.attributes ? { MessageAttributes: entry.attributes } : {}),
                ...(entry.delaySeconds !== undefined ? { DelaySeconds: entry.delaySeconds } : {}),
              };
            }),
          }),
          deadline ? { abortSignal: deadline.signal } : {},
        );
        const asked = new Set(pending);
        const answered = new Set<number>();
        for (const ok of response.Successful ?? []) {
          const index = Number(ok.Id);
          if (!asked.has(index) || answered.has(index)) continue;
          answered.add(index);
          result.sent.push(index);
        }
        for (const failed of response.Failed ?? []) {
          const index = Number(failed.Id);
          if (!asked.has(index) || answered.has(index)) continue;
          answered.add(index);
          const failure = { index, code: failed.Code ?? 'Unknown', message: failed.Message ?? '' };
          // Sender faults (bad attribute, too long) will fail the same way again.
          if (failed.SenderFault) result.failed.push(failure);
          else {
            retryable.push(index);
            lastErrors.set(index, failure);
          }
        }
        // An entry neither successful nor failed is not known to be in the queue: retry it.
        for (const index of pending) {
          if (!answered.has(index)) {
            retryable.push(index);
            lastErrors.set(index, { index, code: 'NoAnswer', message: 'SQS did not report this entry' });
          }
        }
      } catch (error) {
        if (deadline?.signal.aborted) return giveUp('aborted at the deadline: SQS may or may not have stored it');
        const err = error as Error;
        for (const index of pending) {
          retryable.push(index);
          lastErrors.set(index, { index, code: err.name || 'Error', message: err.message });
        }
      }
      if (retryable.length === 0) return;
      if (last) {
        for (const index of retryable) result.failed.push(lastErrors.get(index) as SendFailure);
        return;
      }
      result.retries += retryable.length;
      const backoffMs = random() * baseDelayMs * 2 ** (attempt - 1);
      await wait(deadline ? Math.min(backoffMs, deadline.remainingMs()) : backoffMs);
      pending = retryable;
    }
  };

  const limit = options.limiter ?? createLimiter(options.concurrency ?? 10);
  await Promise.all(chunks.map((chunk) => limit(() => sendChunk(chunk))));
  result.sent.sort((a, b) => a - b);
  result.failed.sort((a, b) => a.index - b.index);
  return result;
}
