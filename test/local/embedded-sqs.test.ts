import { CreateQueueCommand, ReceiveMessageCommand, SendMessageBatchCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { localSqsClient } from '../../lib/local/aws';
import { startEmbeddedSqs, type EmbeddedSqs } from '../../lib/local/embedded-sqs';

/**
 * The embedded SQS server takes every character real SQS takes (#x9 #xA #xD #x20–#xD7FF
 * #xE000–#xFFFD #x10000–#x10FFFF) and gives it back unchanged, and refuses what SQS refuses.
 * fauxqs 1.9.2 on its own refuses everything outside the Basic Multilingual Plane.
 */
const BODIES = {
  emoji: '{"name":"Ramen 🍜 and 👩🏽‍🍳"}',
  astralCjk: '{"name":"𠮷野家 𩸽"}',
  combining: '{"name":"Zoe\u0308 e\u0301 a\u030A"}',
  edges: `{"name":"\t\n\r \uD7FF\uE000\uFFFD\u{10000}\u{10FFFF}"}`,
};

describe('embedded SQS (fauxqs behind lib/local/embedded-sqs.ts)', () => {
  let sqs: EmbeddedSqs;
  let client: SQSClient;
  let queueUrl: string;

  beforeAll(async () => {
    sqs = await startEmbeddedSqs({ port: 0 });
    client = localSqsClient({ endpoint: sqs.endpoint });
    ({ QueueUrl: queueUrl = '' } = await client.send(new CreateQueueCommand({ QueueName: 'unicode' })));
  });

  afterAll(async () => {
    client?.destroy();
    await sqs?.stop();
  });

  async function receiveBodies(expected: number): Promise<string[]> {
    const bodies: string[] = [];
    while (bodies.length < expected) {
      const { Messages = [] } = await client.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }));
      if (Messages.length === 0) break;
      bodies.push(...Messages.map((m) => m.Body ?? ''));
    }
    return bodies;
  }

  test.each(Object.entries(BODIES))('SendMessage keeps %s byte for byte (the SDK checks the MD5 both ways)', async (_what, body) => {
    await client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: body }));
    expect(await receiveBodies(1)).toEqual([body]);
  });

  test('SendMessageBatch keeps all of them', async () => {
    const entries = Object.values(BODIES).map((body, i) => ({ Id: `m${i}`, MessageBody: body }));
    const result = await client.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries }));
    expect(result.Failed ?? []).toEqual([]);
    expect((await receiveBodies(entries.length)).sort()).toEqual(Object.values(BODIES).sort());
  });

  test.each([
    ['U+FFFE', '{"x":"\uFFFE"}'],
    ['a lone high surrogate', '{"x":"\uD83C"}'],
    ['a lone low surrogate', '{"x":"\uDF5C"}'],
    ['U+0008 (backspace)', '{"x":"\u0008"}'],
  ])('still refuses %s, as SQS does', async (_what, body) => {
    const result = await client.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: [{ Id: 'bad', MessageBody: body }] }));
    expect(result.Failed).toEqual([expect.objectContaining({ Id: 'bad', Code: 'InvalidMessageContents', SenderFault: true })]);
  });
});
