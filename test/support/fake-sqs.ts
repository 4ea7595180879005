import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SQSClient,
  type MessageAttributeValue,
} from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { deadLetterAttributes, type DeadLetter } from '../../lib/queue/attributes';

/**
 * An in-memory model of SQS queues behind aws-sdk-client-mock: receive hides messages and hands
 * out fresh receipt handles, visibility 0 shows them again, delete needs the current handle.
 * Enough to test that the operator tools leave queues exactly as they should.
 */
export interface FakeMessage {
  messageId: string;
  body: string;
  attributes: Record<string, MessageAttributeValue>;
  sentTimestamp: number;
  visible: boolean;
  receiptHandle?: string;
  receiveCount: number;
}

export const DLQ_URL = 'https://sqs.us-east-1.amazonaws.com/123456789012/pinterest-tag-destination-test-dead-letter';
export const QUEUE_URL = 'https://sqs.us-east-1.amazonaws.com/123456789012/pinterest-tag-destination-test-events';

export class FakeSqs {
  readonly mock = mockClient(SQSClient);
  readonly queues = new Map<string, FakeMessage[]>([
    [DLQ_URL, []],
    [QUEUE_URL, []],
  ]);
  /** Make SendMessageBatch report an entry as failed (not a sender fault, so it is retried). */
  failSend: (body: string) => boolean = () => false;
  /** Make DeleteMessageBatch report an entry as failed. */
  failDelete: (message: FakeMessage) => boolean = () => false;
  private ids = 0;
  private handles = 0;

  constructor() {
    this.install();
  }

  reset(): void {
    this.mock.reset();
    for (const messages of this.queues.values()) messages.length = 0;
    this.failSend = () => false;
    this.failDelete = () => false;
    this.install();
  }

  queue(url: string): FakeMessage[] {
    const messages = this.queues.get(url);
    if (!messages) throw new Error(`no fake queue ${url}`);
    return messages;
  }

  addDeadLetter(body: unknown, letter: Partial<DeadLetter> = {}, sentTimestamp = Date.parse('2026-01-02T00:00:00Z')): FakeMessage {
    const message: FakeMessage = {
      messageId: `msg-${++this.ids}`,
      body: typeof body === 'string' ? body : JSON.stringify(body),
      attributes: deadLetterAttributes({
        sourceId: 'web',
        reason: 'pinterest_auth',
        detail: 'Pinterest answered 401',
        firstReceivedAt: '2026-01-01T00:00:00.000Z',
        attempts: 3,
        ...letter,
      }),
      sentTimestamp,
      visible: true,
      receiveCount: 0,
    };
    this.queue(DLQ_URL).push(message);
    return message;
  }

  private install(): void {
    this.mock.on(ReceiveMessageCommand).callsFake((input: ReceiveMessageCommand['input']) => {
      const picked = this.queue(input.QueueUrl as string)
        .filter((m) => m.visible)
        .slice(0, input.MaxNumberOfMessages ?? 1);
      for (const m of picked) {
        m.visible = false;
        m.receiveCount++;
        m.receiptHandle = `rh-${++this.handles}`;
      }
      return {
        Messages: picked.map((m) => ({
          MessageId: m.messageId,
          ReceiptHandle: m.receiptHandle,
          Body: m.body,
          MessageAttributes: m.attributes,
          Attributes: { SentTimestamp: String(m.sentTimestamp), ApproximateReceiveCount: String(m.receiveCount) },
        })),
      };
    });
    this.mock.on(ChangeMessageVisibilityBatchCommand).callsFake((input: ChangeMessageVisibilityBatchCommand['input']) => {
      const queue = this.queue(input.QueueUrl as string);
      const Successful: { Id: string }[] = [];
      const Failed: { Id: string; Code: string; SenderFault: boolean }[] = [];
      for (const entry of input.Entries ?? []) {
        const m = queue.find((q) => q.receiptHandle === entry.ReceiptHandle);
        if (!m) Failed.push({ Id: entry.Id as string, Code: 'ReceiptHandleIsInvalid', SenderFault: true });
        else {
          if (entry.VisibilityTimeout === 0) m.visible = true;
          Successful.push({ Id: entry.Id as string });
        }
      }
      return { Successful, Failed };
    });
    this.mock.on(DeleteMessageBatchCommand).callsFake((input: DeleteMessageBatchCommand['input']) => {
      const queue = this.queue(input.QueueUrl as string);
      const Successful: { Id: string }[] = [];
      const Failed: { Id: string; Code: string; SenderFault: boolean }[] = [];
      for (const entry of input.Entries ?? []) {
        const index = queue.findIndex((q) => q.receiptHandle === entry.ReceiptHandle);
        const m = queue[index];
        if (!m || this.failDelete(m)) Failed.push({ Id: entry.Id as string, Code: 'InternalError', SenderFault: false });
        else {
          queue.splice(index, 1);
          Successful.push({ Id: entry.Id as string });
        }
      }
      return { Successful, Failed };
    });
    this.mock.on(SendMessageBatchCommand).callsFake((input: SendMessageBatchCommand['input']) => {
      const queue = this.queue(input.QueueUrl as string);
      const Successful: { Id: string; MessageId: string; MD5OfMessageBody: string }[] = [];
      const Failed: { Id: string; Code: string; Message: string; SenderFault: boolean }[] = [];
      for (const entry of input.Entries ?? []) {
        if (this.failSend(entry.MessageBody as string)) {
          Failed.push({ Id: entry.Id as string, Code: 'InternalError', Message: 'try again', SenderFault: false });
          continue;
        }
        const messageId = `sent-${++this.ids}`;
        queue.push({
          messageId,
          body: entry.MessageBody as string,
          attributes: entry.MessageAttributes ?? {},
          sentTimestamp: 0,
          visible: true,
          receiveCount: 0,
        });
        Successful.push({ Id: entry.Id as string, MessageId: messageId, MD5OfMessageBody: '' });
      }
      return { Successful, Failed };
    });
    this.mock.on(GetQueueAttributesCommand).callsFake((input: GetQueueAttributesCommand['input']) => {
      const queue = this.queue(input.QueueUrl as string);
      return {
        Attributes: {
          ApproximateNumberOfMessages: String(queue.filter((m) => m.visible).length),
          ApproximateNumberOfMessagesNotVisible: String(queue.filter((m) => !m.visible).length),
          ApproximateNumberOfMessagesDelayed: '0',
          QueueArn: `arn:aws:sqs:us-east-1:123456789012:${(input.QueueUrl as string).split('/').pop()}`,
        },
      };
    });
  }
}

export const segmentTrack = (overrides: Record<string, unknown> = {}) => ({
  type: 'track',
  event: 'Order Completed',
  messageId: 'seg-1',
  userId: 'user-42',
  anonymousId: 'anon-7',
  timestamp: '2026-01-01T00:00:00.000Z',
  properties: { revenue: 42, email: 'jane@example.com' },
  traits: { email: 'jane@example.com', phone: '+1 555 0100' },
  context: { ip: '203.0.113.9', userAgent: 'Mozilla/5.0' },
  ...overrides,
});
