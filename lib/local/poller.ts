import {
  ReceiveMessageCommand,
  type Message,
  type MessageAttributeValue,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent, SQSMessageAttributes, SQSRecord } from 'aws-lambda';
import type { LoggerLike } from '../delivery/process-batch';
import type { WorkerContext } from '../delivery/worker';
import { deleteMessages } from '../queue/batch-actions';

/**
 * Plays Lambda's SQS event source mapping for the local stack:
 *   - long-polls the queue; once a first message arrives, keeps collecting for the batching
 *     window or until the batch is full, then invokes the handler with an SQS event built like
 *     Lambda builds it, and a context whose time budget is the function timeout;
 *   - honours the partial batch response: records in `batchItemFailures` stay in the queue (they
 *     come back when their visibility timeout ends, which the worker may have changed for its
 *     backoff), all others are deleted. A response naming an id that is not in the batch, or a
 *     handler that throws, fails the whole batch, as in Lambda.
 * `stop()` aborts pending long polls, lets the batch in flight finish and delete, then resolves.
 */
export type SqsHandler = (event: SQSEvent, context: WorkerContext) => Promise<SQSBatchResponse | void>;

export interface PollerOptions {
  sqs: SQSClient;
  queueUrl: string;
  handler: SqsHandler;
  /** Records per invocation. Default 100. */
  batchSize?: number;
  /** How long to gather records after the first one arrives. Default 1000 ms. */
  batchWindowMs?: number;
  /** Long poll wait. Default 20 s (aborted by stop()). */
  waitTimeSeconds?: number;
  /** The time budget the handler sees through getRemainingTimeInMillis. Default 60,000 ms (the deployed worker's timeout). */
  functionTimeoutMs?: number;
  /** Batches in flight at once (Lambda runs several). Default 1. */
  concurrency?: number;
  /** For the records' eventSourceARN. */
  queueArn?: string;
  region?: string;
  logger?: LoggerLike;
  /** Called after each invocation, once its deletes are done. */
  onBatch?: (summary: BatchSummary) => void;
}

export interface BatchSummary {
  records: number;
  deleted: number;
  /** Left in the queue for redelivery (batchItemFailures, or all of them when the handler failed). */
  leftInQueue: number;
  deleteFailures: number;
  handlerError?: string;
}

export interface PollerStats {
  batches: number;
  received: number;
  deleted: number;
  leftInQueue: number;
  handlerErrors: number;
}

export interface Poller {
  readonly stats: Readonly<PollerStats>;
  stop(): Promise<void>;
}

export const POLLER_DEFAULTS = { batchSize: 100, batchWindowMs: 1000, waitTimeSeconds: 20, functionTimeoutMs: 60_000, concurrency: 1 } as const;
const SQS_MAX_RECEIVE = 10;
const SHORT_POLL_PAUSE_MS = 50;
const ERROR_PAUSE_MS = 1000;

function toLambdaAttributes(attributes: Record<string, MessageAttributeValue> | undefined): SQSMessageAttributes {
  const out: SQSMessageAttributes = {};
  for (const [name, value] of Object.entries(attributes ?? {})) {
    out[name] = {
      dataType: value.DataType ?? 'String',
      ...(value.StringValue !== undefined ? { stringValue: value.StringValue } : {}),
      ...(value.BinaryValue !== undefined ? { binaryValue: Buffer.from(value.BinaryValue).toString('base64') } : {}),
      stringListValues: [],
      binaryListValues: [],
    };
  }
  return out;
}

/** One received message as Lambda puts it into an SQS event. */
export function toSqsRecord(message: Message, queueArn: string, region: string): SQSRecord {
  const attributes = message.Attributes ?? {};
  return {
    messageId: message.MessageId as string,
    receiptHandle: message.ReceiptHandle as string,
    body: message.Body ?? '',
    attributes: {
      ...attributes,
      ApproximateReceiveCount: attributes.ApproximateReceiveCount ?? '1',
      SentTimestamp: attributes.SentTimestamp ?? String(Date.now()),
      SenderId: attributes.SenderId ?? '000000000000',
      ApproximateFirstReceiveTimestamp: attributes.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
    },
    messageAttributes: toLambdaAttributes(message.MessageAttributes),
    md5OfBody: message.MD5OfBody ?? '',
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn,
    awsRegion: region,
  };
}

/**
 * Which records to delete after an invocation, by Lambda's rules: an empty response or an empty
 * `batchItemFailures` means all succeeded; an entry without a known id fails the whole batch.
 */
export function recordsToDelete(records: readonly SQSRecord[], response: SQSBatchResponse | void): SQSRecord[] {
  const failures = response?.batchItemFailures ?? [];
  if (failures.length === 0) return [...records];
  const ids = new Set(records.map((r) => r.messageId));
  const failed = new Set<string>();
  for (const failure of failures) {
    const id = failure?.itemIdentifier;
    if (typeof id !== 'string' || !ids.has(id)) return [];
    failed.add(id);
  }
  return records.filter((r) => !failed.has(r.messageId));
}

function queueArnFromUrl(queueUrl: string, region: string): string {
  const [, account = '000000000000', name = 'queue'] = new URL(queueUrl).pathname.split('/');
  return `arn:aws:sqs:${region}:${account}:${name}`;
}

export function startPoller(options: PollerOptions): Poller {
  const batchSize = options.batchSize ?? POLLER_DEFAULTS.batchSize;
  const batchWindowMs = options.batchWindowMs ?? POLLER_DEFAULTS.batchWindowMs;
  const waitTimeSeconds = options.waitTimeSeconds ?? POLLER_DEFAULTS.waitTimeSeconds;
  const functionTimeoutMs = options.functionTimeoutMs ?? POLLER_DEFAULTS.functionTimeoutMs;
  const region = options.region ?? 'us-east-1';
  const queueArn = options.queueArn ?? queueArnFromUrl(options.queueUrl, region);
  const { sqs, queueUrl, logger } = options;
  const stats: PollerStats = { batches: 0, received: 0, deleted: 0, leftInQueue: 0, handlerErrors: 0 };

  const abort = new AbortController();
  const stopped = new Promise<void>((resolve) => abort.signal.addEventListener('abort', () => resolve(), { once: true }));
  const pause = (ms: number) => Promise.race([new Promise<void>((resolve) => setTimeout(resolve, ms).unref()), stopped]);

  async function receive(max: number, wait: number): Promise<Message[]> {
    const response = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: max,
        WaitTimeSeconds: wait,
        MessageSystemAttributeNames: ['All'],
        MessageAttributeNames: ['All'],
      }),
      { abortSignal: abort.signal },
    );
    return response.Messages ?? [];
  }

  async function collectBatch(): Promise<Message[]> {
    const batch = await receive(Math.min(SQS_MAX_RECEIVE, batchSize), waitTimeSeconds);
    if (batch.length === 0) return batch;
    const deadline = Date.now() + batchWindowMs;
    while (batch.length < batchSize && !abort.signal.aborted && Date.now() < deadline) {
      const more = await receive(Math.min(SQS_MAX_RECEIVE, batchSize - batch.length), 0).catch((error: unknown) => {
        // The messages already gathered must still be handled; a failed top-up just ends the window.
        if (!abort.signal.aborted) logger?.warn('SQS receive failed while filling a batch', { error: (error as Error).message });
        return null;
      });
      if (more === null) break;
      batch.push(...more);
      if (more.length === 0) await pause(Math.min(SHORT_POLL_PAUSE_MS, Math.max(0, deadline - Date.now())));
    }
    return batch;
  }

  async function deleteRecords(records: readonly SQSRecord[]): Promise<number> {
    const { failed } = await deleteMessages(sqs, queueUrl, records.map((r) => r.receiptHandle), 10);
    // An undeleted record is delivered again: at-least-once, as with Lambda.
    if (failed.length > 0) logger?.warn('could not delete some handled records; they will be delivered again', { records: failed.length });
    return failed.length;
  }

  async function invoke(messages: Message[]): Promise<void> {
    const records = messages.map((m) => toSqsRecord(m, queueArn, region));
    const deadline = Date.now() + functionTimeoutMs;
    const context: WorkerContext = { getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()) };
    let response: SQSBatchResponse | void = undefined;
    let handlerError: string | undefined;
    try {
      response = await options.handler({ Records: records }, context);
    } catch (error) {
      handlerError = (error as Error).message ?? String(error);
      logger?.error('worker invocation failed; the whole batch returns after the visibility timeout', { records: records.length, error: handlerError });
    }
    const toDelete = handlerError === undefined ? recordsToDelete(records, response) : [];
    const deleteFailures = toDelete.length ? await deleteRecords(toDelete) : 0;
    const summary: BatchSummary = {
      records: records.length,
      deleted: toDelete.length - deleteFailures,
      leftInQueue: records.length - toDelete.length,
      deleteFailures,
      ...(handlerError !== undefined ? { handlerError } : {}),
    };
    stats.batches++;
    stats.received += summary.records;
    stats.deleted += summary.deleted;
    stats.leftInQueue += summary.leftInQueue;
    if (handlerError !== undefined) stats.handlerErrors++;
    options.onBatch?.(summary);
  }

  async function lane(): Promise<void> {
    while (!abort.signal.aborted) {
      let messages: Message[];
      try {
        messages = await collectBatch();
      } catch (error) {
        if (abort.signal.aborted) break;
        logger?.warn('SQS receive failed; polling again shortly', { error: (error as Error).message });
        await pause(ERROR_PAUSE_MS);
        continue;
      }
      // A batch gathered before stop() is still handled: its records are already invisible.
      if (messages.length > 0) await invoke(messages);
    }
  }

  const lanes = Array.from({ length: Math.max(1, options.concurrency ?? POLLER_DEFAULTS.concurrency) }, () => lane());
  const done = Promise.all(lanes).then(() => undefined);
  return {
    stats,
    stop() {
      abort.abort();
      return done;
    },
  };
}
