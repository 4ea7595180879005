import { DeleteMessageBatchCommand, ReceiveMessageCommand, type Message, type SQSClient } from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { recordsToDelete, startPoller, toSqsRecord, type BatchSummary, type SqsHandler } from '../../lib/local/poller';
import { silentLogger, waitFor } from '../support/local-stack';
import { sqsRecord } from '../support/sqs-records';

const QUEUE_URL = 'http://sqs.us-east-1.localhost:9324/000000000000/events';

/** An in-memory SQS with just what the poller uses: long polls that an abort signal ends. */
class FakeSqs {
  readonly visible: Message[] = [];
  readonly deleted: string[] = [];
  aborted = 0;
  private wake: (() => void)[] = [];

  push(count: number): void {
    const start = this.visible.length + this.deleted.length;
    for (let i = 0; i < count; i++) {
      const id = `m${start + i}`;
      this.visible.push({
        MessageId: id,
        ReceiptHandle: `rh-${id}`,
        Body: `{"n":${start + i}}`,
        MD5OfBody: 'md5',
        Attributes: { ApproximateReceiveCount: '2', SentTimestamp: '1795867200000' },
        MessageAttributes: { sourceId: { DataType: 'String', StringValue: 'demo' } },
      });
    }
    for (const wake of this.wake.splice(0)) wake();
  }

  async send(command: unknown, options?: { abortSignal?: AbortSignal }): Promise<unknown> {
    if (command instanceof ReceiveMessageCommand) {
      const { MaxNumberOfMessages = 1, WaitTimeSeconds = 0 } = command.input;
      if (this.visible.length === 0 && WaitTimeSeconds > 0) {
        await new Promise<void>((resolve, reject) => {
          const signal = options?.abortSignal;
          if (signal?.aborted) return reject(Object.assign(new Error('aborted'), { name: 'AbortError' }));
          this.wake.push(resolve);
          signal?.addEventListener('abort', () => {
            this.aborted++;
            reject(Object.assign(new Error('aborted'), { name: 'AbortError' }));
          });
        });
      }
      return { Messages: this.visible.splice(0, MaxNumberOfMessages) };
    }
    if (command instanceof DeleteMessageBatchCommand) {
      for (const entry of command.input.Entries ?? []) this.deleted.push((entry.ReceiptHandle ?? '').replace(/^rh-/, ''));
      return { Successful: command.input.Entries?.map((e) => ({ Id: e.Id })), Failed: [] };
    }
    throw new Error('unexpected command');
  }
}

function poll(fake: FakeSqs, handler: SqsHandler, options: { batchSize?: number; batchWindowMs?: number; functionTimeoutMs?: number } = {}) {
  const batches: BatchSummary[] = [];
  const poller = startPoller({ sqs: fake as unknown as SQSClient, queueUrl: QUEUE_URL, handler, logger: silentLogger, onBatch: (b) => batches.push(b), ...options });
  return { poller, batches };
}

describe('recordsToDelete (Lambda partial batch response rules)', () => {
  const records = ['a', 'b', 'c'].map((id) => sqsRecord(id, '{}'));
  const ids = (rs: { messageId: string }[]) => rs.map((r) => r.messageId);

  test('no response or no failures: all succeeded', () => {
    expect(ids(recordsToDelete(records, undefined))).toEqual(['a', 'b', 'c']);
    expect(ids(recordsToDelete(records, { batchItemFailures: [] }))).toEqual(['a', 'b', 'c']);
  });

  test('failures stay in the queue', () => {
    expect(ids(recordsToDelete(records, { batchItemFailures: [{ itemIdentifier: 'b' }] }))).toEqual(['a', 'c']);
  });

  test.each([[{ itemIdentifier: 'zzz' }], [{ itemIdentifier: '' }], [{} as { itemIdentifier: string }]])('an unusable failure %p fails the whole batch', (failure) => {
    expect(recordsToDelete(records, { batchItemFailures: [{ itemIdentifier: 'a' }, failure] })).toEqual([]);
  });
});

describe('toSqsRecord', () => {
  test('builds the record Lambda would deliver', () => {
    const record = toSqsRecord(
      { MessageId: 'm1', ReceiptHandle: 'rh', Body: '{}', MD5OfBody: 'x', Attributes: { ApproximateReceiveCount: '3' }, MessageAttributes: { sourceId: { DataType: 'String', StringValue: 'demo' } } },
      'arn:aws:sqs:us-east-1:000000000000:events',
      'us-east-1',
    );
    expect(record).toMatchObject({
      messageId: 'm1',
      receiptHandle: 'rh',
      body: '{}',
      md5OfBody: 'x',
      attributes: { ApproximateReceiveCount: '3' },
      messageAttributes: { sourceId: { dataType: 'String', stringValue: 'demo', stringListValues: [], binaryListValues: [] } },
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:events',
      awsRegion: 'us-east-1',
    });
  });
});

describe('startPoller', () => {
  test('gathers up to the batch size within the window, then the rest', async () => {
    const fake = new FakeSqs();
    fake.push(25);
    const events: SQSEvent[] = [];
    const { poller, batches } = poll(fake, async (event) => {
      events.push(event);
      return { batchItemFailures: [] };
    }, { batchSize: 20, batchWindowMs: 100 });
    await waitFor('both batches', () => batches.length === 2);
    await poller.stop();
    expect(events.map((e) => e.Records.length)).toEqual([20, 5]);
    expect(events[0]?.Records[0]).toMatchObject({ messageId: 'm0', eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:events', messageAttributes: { sourceId: { stringValue: 'demo' } } });
    expect(fake.deleted).toHaveLength(25);
    expect(poller.stats).toEqual({ batches: 2, received: 25, deleted: 25, leftInQueue: 0, handlerErrors: 0 });
  });

  test('deletes what succeeded and leaves batchItemFailures for redelivery', async () => {
    const fake = new FakeSqs();
    fake.push(4);
    const { poller, batches } = poll(fake, async (): Promise<SQSBatchResponse> => ({ batchItemFailures: [{ itemIdentifier: 'm1' }, { itemIdentifier: 'm3' }] }), { batchWindowMs: 0 });
    await waitFor('the batch', () => batches.length === 1);
    await poller.stop();
    expect(fake.deleted.sort()).toEqual(['m0', 'm2']);
    expect(batches[0]).toEqual({ records: 4, deleted: 2, leftInQueue: 2, deleteFailures: 0 });
  });

  test('a handler that throws leaves the whole batch in the queue', async () => {
    const fake = new FakeSqs();
    fake.push(3);
    const { poller, batches } = poll(fake, async () => {
      throw new Error('worker crashed');
    }, { batchWindowMs: 0 });
    await waitFor('the batch', () => batches.length === 1);
    await poller.stop();
    expect(fake.deleted).toEqual([]);
    expect(batches[0]).toMatchObject({ records: 3, deleted: 0, leftInQueue: 3, handlerError: 'worker crashed' });
    expect(poller.stats.handlerErrors).toBe(1);
  });

  test('the handler sees the function timeout as its time budget', async () => {
    const fake = new FakeSqs();
    fake.push(1);
    let remaining = -1;
    const { poller, batches } = poll(fake, async (_event, context) => {
      remaining = context.getRemainingTimeInMillis();
    }, { batchWindowMs: 0, functionTimeoutMs: 5000 });
    await waitFor('the batch', () => batches.length === 1);
    await poller.stop();
    expect(remaining).toBeGreaterThan(0);
    expect(remaining).toBeLessThanOrEqual(5000);
  });

  test('stop() aborts a pending long poll', async () => {
    const fake = new FakeSqs();
    const handler = jest.fn();
    const { poller } = poll(fake, handler);
    await waitFor('a pending long poll', () => (fake as unknown as { wake: unknown[] }).wake.length === 1);
    await poller.stop();
    expect(fake.aborted).toBe(1);
    expect(handler).not.toHaveBeenCalled();
  });

  test('stop() lets the batch in flight finish and delete before resolving', async () => {
    const fake = new FakeSqs();
    let finish: () => void = () => undefined;
    let started = false;
    const { poller } = poll(fake, () => {
      started = true;
      return new Promise<void>((resolve) => (finish = resolve));
    }, { batchWindowMs: 0 });
    fake.push(2);
    await waitFor('the handler to start', () => started);
    let stopped = false;
    const stopping = poller.stop().then(() => (stopped = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(stopped).toBe(false);
    finish();
    await stopping;
    expect(fake.deleted.sort()).toEqual(['m0', 'm1']);
  });
});
