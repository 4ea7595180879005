import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { chunkEntries, messageBytes, sendMessages, type QueueEntry } from '../../lib/queue/send-batch';
import { mainQueueAttributes } from '../../lib/queue/attributes';

const sqs = mockClient(SQSClient);
const client = new SQSClient({});
const queueUrl = 'https://sqs.us-east-1.amazonaws.com/123456789012/main';
const entries = (n: number): QueueEntry[] => Array.from({ length: n }, (_, i) => ({ body: `{"i":${i}}` }));
const noWait = { wait: async () => undefined, random: () => 0.5 };

type BatchInput = { Entries?: { Id?: string }[] };
const ids = (call: { args: [{ input: unknown }] }) => ((call.args[0].input as BatchInput).Entries ?? []).map((e) => e.Id);

beforeEach(() => sqs.reset());

describe('chunkEntries', () => {
  it('cuts at 10 entries', () => {
    expect(chunkEntries(entries(25)).chunks.map((c) => c.length)).toEqual([10, 10, 5]);
  });
  it('cuts at the byte limit and sets oversized entries apart', () => {
    const big = 'x'.repeat(400);
    const list: QueueEntry[] = [{ body: big }, { body: big }, { body: 'x'.repeat(2000) }, { body: big }];
    expect(chunkEntries(list, 1000)).toEqual({ chunks: [[0, 1], [3]], oversized: [2] });
  });
  it('counts attribute names, types and values in the size', () => {
    const withAttrs = { body: 'ab', attributes: mainQueueAttributes('web', '2026-11-28T00:00:00.000Z') };
    expect(messageBytes(withAttrs)).toBe(2 + 'sourceId'.length + 6 + 3 + 'receivedAt'.length + 6 + 24);
  });
});

describe('sendMessages', () => {
  it('sends 25 entries in 3 calls and reports all sent', async () => {
    sqs.on(SendMessageBatchCommand).callsFake((input: BatchInput) => ({
      Successful: (input.Entries ?? []).map((e) => ({ Id: e.Id, MessageId: 'm', MD5OfMessageBody: 'x' })),
    }));
    const result = await sendMessages(entries(25), { client, queueUrl, ...noWait });
    expect(result).toEqual({ sent: Array.from({ length: 25 }, (_, i) => i), failed: [], calls: 3, retries: 0 });
  });

  it('retries only the entries reported Failed without sender fault', async () => {
    sqs
      .on(SendMessageBatchCommand)
      .resolvesOnce({
        Successful: [{ Id: '0', MessageId: 'a', MD5OfMessageBody: 'x' }],
        Failed: [
          { Id: '1', Code: 'InternalError', SenderFault: false },
          { Id: '2', Code: 'InvalidParameterValue', SenderFault: true, Message: 'bad attribute' },
        ],
      })
      .resolves({ Successful: [{ Id: '1', MessageId: 'b', MD5OfMessageBody: 'x' }] });
    const result = await sendMessages(entries(3), { client, queueUrl, ...noWait });
    expect(result.sent).toEqual([0, 1]);
    expect(result.failed).toEqual([{ index: 2, code: 'InvalidParameterValue', message: 'bad attribute' }]);
    expect(result.retries).toBe(1);
    expect(ids(sqs.commandCalls(SendMessageBatchCommand)[1] as never)).toEqual(['1']);
  });

  it('retries a throttled call and gives up after maxAttempts with the last error', async () => {
    sqs.on(SendMessageBatchCommand).rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));
    const waits: number[] = [];
    const result = await sendMessages(entries(2), {
      client,
      queueUrl,
      maxAttempts: 3,
      baseDelayMs: 100,
      random: () => 1,
      wait: async (ms) => void waits.push(ms),
    });
    expect(result.sent).toEqual([]);
    expect(result.failed).toEqual([
      { index: 0, code: 'ThrottlingException', message: 'Rate exceeded' },
      { index: 1, code: 'ThrottlingException', message: 'Rate exceeded' },
    ]);
    expect(result.calls).toBe(3);
    expect(waits).toEqual([100, 200]);
  });

  it('never counts an entry SQS did not mention as sent', async () => {
    sqs.on(SendMessageBatchCommand).resolves({ Successful: [{ Id: '0', MessageId: 'a', MD5OfMessageBody: 'x' }] });
    const result = await sendMessages(entries(2), { client, queueUrl, maxAttempts: 2, ...noWait });
    expect(result.sent).toEqual([0]);
    expect(result.failed).toEqual([{ index: 1, code: 'NoAnswer', message: 'SQS did not report this entry' }]);
  });

  it('fails oversized entries without calling SQS for them', async () => {
    sqs.on(SendMessageBatchCommand).resolves({});
    const result = await sendMessages([{ body: 'x'.repeat(300_000) }], { client, queueUrl, ...noWait });
    expect(result.failed).toEqual([{ index: 0, code: 'MessageTooLong', message: 'message is larger than 262144 bytes' }]);
    expect(sqs.commandCalls(SendMessageBatchCommand)).toHaveLength(0);
  });
});
