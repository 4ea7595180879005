import {
  ChangeMessageVisibilityBatchCommand,
  SendMessageBatchCommand,
  SQSClient,
  type BatchResultErrorEntry,
  type ChangeMessageVisibilityBatchCommandInput,
  type MessageAttributeValue,
  type SendMessageBatchCommandInput,
} from '@aws-sdk/client-sqs';
import type { SQSRecord } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';

/**
 * A small SQS-compatible fake with a virtual clock, for tests that drive ingest → queue → worker
 * in-process: a real SQSClient whose SendMessageBatch and ChangeMessageVisibilityBatch are answered
 * from memory (aws-sdk-client-mock on that one instance), plus what Lambda's SQS event source does
 * (receive a batch, hide it for the visibility timeout, count receives, delete what the handler did
 * not report in batchItemFailures, redrive to the DLQ after maxReceiveCount). Time is virtual, so a
 * 15-minute backoff costs nothing; faults are injected per entry by a hook.
 */
export interface StoredMessage {
  messageId: string;
  body: string;
  attributes: Record<string, MessageAttributeValue>;
  sentAt: number;
  receiveCount: number;
  visibleAt: number;
  receipt?: string;
  seq: number;
}

export interface QueueOptions {
  visibilityTimeoutSeconds: number;
  /** SQS's redrive policy: after this many receives the message is moved to `deadLetterUrl`, attributes and all. */
  redrive?: { deadLetterUrl: string; maxReceiveCount: number };
}

/** An injected SendMessageBatch fault for one entry: report it Failed, or make the whole call throw. */
export type SendFault = { code: string; senderFault?: boolean } | 'throw' | undefined;

export interface SendFaultInput {
  queueUrl: string;
  body: string;
  /** How many times this exact body has been offered to this queue, this time included. */
  attempt: number;
}

export class MemoryQueue {
  readonly messages = new Map<string, StoredMessage>();
  /** Messages the redrive policy moved away (the worker should never let that happen). */
  readonly redriven: StoredMessage[] = [];
  /** Every message ever stored, in order (messages are removed from `messages` when deleted). */
  readonly history: StoredMessage[] = [];
  constructor(
    readonly url: string,
    readonly options: QueueOptions,
  ) {}

  get size(): number {
    return this.messages.size;
  }
}

export class MemorySqs {
  /** Virtual time in ms. */
  now: number;
  readonly client = new SQSClient({ region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  readonly queues = new Map<string, MemoryQueue>();
  readonly calls = { sendMessageBatch: 0, changeVisibility: 0, failedEntries: 0, thrownCalls: 0 };
  sendFault: (input: SendFaultInput) => SendFault = () => undefined;
  /** Fail one ChangeMessageVisibilityBatch entry (the message then returns after the queue's visibility timeout). */
  visibilityFault: (receiptHandle: string) => boolean = () => false;
  private seq = 0;
  private readonly offered = new Map<string, number>();

  constructor(startMs: number) {
    this.now = startMs;
    const mock = mockClient(this.client);
    mock.on(SendMessageBatchCommand).callsFake(async (input: SendMessageBatchCommandInput) => this.sendMessageBatch(input));
    mock.on(ChangeMessageVisibilityBatchCommand).callsFake(async (input: ChangeMessageVisibilityBatchCommandInput) => this.changeVisibility(input));
  }

  createQueue(url: string, options: QueueOptions): MemoryQueue {
    const queue = new MemoryQueue(url, options);
    this.queues.set(url, queue);
    return queue;
  }

  queue(url: string | undefined): MemoryQueue {
    const queue = this.queues.get(url ?? '');
    if (!queue) throw Object.assign(new Error(`no queue ${url}`), { name: 'QueueDoesNotExist' });
    return queue;
  }

  private store(queue: MemoryQueue, body: string, attributes: Record<string, MessageAttributeValue>, delaySeconds = 0): StoredMessage {
    const seq = ++this.seq;
    const message: StoredMessage = {
      messageId: `m-${String(seq).padStart(7, '0')}`,
      body,
      attributes,
      sentAt: this.now,
      receiveCount: 0,
      visibleAt: this.now + delaySeconds * 1000,
      seq,
    };
    queue.messages.set(message.messageId, message);
    queue.history.push(message);
    return message;
  }

  sendMessageBatch(input: SendMessageBatchCommandInput) {
    this.calls.sendMessageBatch++;
    const queue = this.queue(input.QueueUrl);
    const entries = input.Entries ?? [];
    const faults = entries.map((entry) => {
      const key = `${queue.url}\u0000${entry.MessageBody ?? ''}`;
      const attempt = (this.offered.get(key) ?? 0) + 1;
      this.offered.set(key, attempt);
      return this.sendFault({ queueUrl: queue.url, body: entry.MessageBody ?? '', attempt });
    });
    if (faults.includes('throw')) {
      this.calls.thrownCalls++;
      throw Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException', $fault: 'client' });
    }
    const Successful: { Id: string; MessageId: string; MD5OfMessageBody: string }[] = [];
    const Failed: BatchResultErrorEntry[] = [];
    entries.forEach((entry, i) => {
      const fault = faults[i];
      if (fault && fault !== 'throw') {
        this.calls.failedEntries++;
        Failed.push({ Id: entry.Id as string, Code: fault.code, SenderFault: fault.senderFault ?? false, Message: 'injected' });
        return;
      }
      const stored = this.store(queue, entry.MessageBody ?? '', entry.MessageAttributes ?? {}, entry.DelaySeconds);
      Successful.push({ Id: entry.Id as string, MessageId: stored.messageId, MD5OfMessageBody: '' });
    });
    return { Successful, Failed };
  }

  changeVisibility(input: ChangeMessageVisibilityBatchCommandInput) {
    this.calls.changeVisibility++;
    const queue = this.queue(input.QueueUrl);
    const Successful: { Id: string }[] = [];
    const Failed: BatchResultErrorEntry[] = [];
    for (const entry of input.Entries ?? []) {
      if (this.visibilityFault(entry.ReceiptHandle ?? '')) {
        Failed.push({ Id: entry.Id as string, Code: 'InternalError', SenderFault: false, Message: 'injected' });
        continue;
      }
      const messageId = entry.ReceiptHandle?.split('#')[0] ?? '';
      const message = queue.messages.get(messageId);
      if (!message || message.receipt !== entry.ReceiptHandle || message.visibleAt <= this.now) {
        Failed.push({ Id: entry.Id as string, Code: 'MessageNotInflight', SenderFault: true, Message: 'not in flight' });
        continue;
      }
      message.visibleAt = this.now + (entry.VisibilityTimeout ?? 0) * 1000;
      Successful.push({ Id: entry.Id as string });
    }
    return { Successful, Failed };
  }

  /** What Lambda's event source does on a poll: up to `max` visible messages, hidden for the visibility timeout. */
  receive(url: string, max: number): SQSRecord[] {
    const queue = this.queue(url);
    const visible = [...queue.messages.values()].filter((m) => m.visibleAt <= this.now).sort((a, b) => a.visibleAt - b.visibleAt || a.seq - b.seq);
    const records: SQSRecord[] = [];
    for (const message of visible) {
      if (records.length >= max) break;
      const { redrive } = queue.options;
      if (redrive && message.receiveCount >= redrive.maxReceiveCount) {
        queue.messages.delete(message.messageId);
        queue.redriven.push(message);
        this.store(this.queue(redrive.deadLetterUrl), message.body, message.attributes);
        continue;
      }
      message.receiveCount++;
      message.receipt = `${message.messageId}#${message.receiveCount}`;
      message.visibleAt = this.now + queue.options.visibilityTimeoutSeconds * 1000;
      records.push(toLambdaRecord(message, url));
    }
    return records;
  }

  /** Lambda deletes the records of a batch that the handler did not report as failed. */
  deleteAllBut(url: string, records: readonly SQSRecord[], failedMessageIds: ReadonlySet<string>): void {
    const queue = this.queue(url);
    for (const record of records) {
      if (failedMessageIds.has(record.messageId)) continue;
      const message = queue.messages.get(record.messageId);
      if (message && message.receipt === record.receiptHandle) queue.messages.delete(record.messageId);
    }
  }

  /** Messages a receive would return right now. */
  visibleCount(url: string): number {
    return [...this.queue(url).messages.values()].filter((m) => m.visibleAt <= this.now).length;
  }

  /** Move the clock to when the next hidden message becomes visible; false when the queue is empty. */
  advanceToNextVisible(url: string): boolean {
    const queue = this.queue(url);
    if (queue.size === 0) return false;
    const next = Math.min(...[...queue.messages.values()].map((m) => m.visibleAt));
    if (next > this.now) this.now = next;
    return true;
  }
}

function toLambdaRecord(message: StoredMessage, queueUrl: string): SQSRecord {
  const messageAttributes: SQSRecord['messageAttributes'] = {};
  for (const [name, value] of Object.entries(message.attributes)) {
    messageAttributes[name] = { dataType: value.DataType ?? 'String', stringValue: value.StringValue, stringListValues: [], binaryListValues: [] };
  }
  return {
    messageId: message.messageId,
    receiptHandle: message.receipt as string,
    body: message.body,
    attributes: {
      ApproximateReceiveCount: String(message.receiveCount),
      SentTimestamp: String(message.sentAt),
      SenderId: 'AIDAFAKE',
      ApproximateFirstReceiveTimestamp: String(message.sentAt),
    },
    messageAttributes,
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: `arn:aws:sqs:us-east-1:123456789012:${queueUrl.split('/').pop() ?? 'queue'}`,
    awsRegion: 'us-east-1',
  };
}
