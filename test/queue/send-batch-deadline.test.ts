import { SendMessageBatchCommand, SQSClient, type SendMessageBatchCommandInput } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { sendMessages, type QueueEntry } from '../../lib/queue/send-batch';
import { createLimiter } from '../../lib/util/concurrency';
import { startDeadline, type Deadline } from '../../lib/util/deadline';

/** sendMessages under one request deadline: abort signals, no attempt without time to finish, shared concurrency. */
const sqs = mockClient(SQSClient);
const client = new SQSClient({});
const queueUrl = 'https://sqs.us-east-1.amazonaws.com/123456789012/main';
const entries = (n: number): QueueEntry[] => Array.from({ length: n }, (_, i) => ({ body: `{"i":${i}}` }));
const ok = (input: SendMessageBatchCommandInput) => ({ Successful: (input.Entries ?? []).map((e) => ({ Id: e.Id, MessageId: 'm', MD5OfMessageBody: 'x' })) });

/** A deadline whose clock the test moves: each SQS call "takes" `callMs`. */
function steppedDeadline(budgetMs: number): Deadline & { spend(ms: number): void } {
  let left = budgetMs;
  const controller = new AbortController();
  return {
    signal: controller.signal,
    remainingMs: () => Math.max(0, left),
    allows: (min) => !controller.signal.aborted && left >= min,
    dispose: () => undefined,
    spend(ms) {
      left -= ms;
      if (left <= 0) controller.abort();
    },
  };
}

beforeEach(() => sqs.reset());

describe('sendMessages with a deadline', () => {
  it('passes the deadline signal to every SendMessageBatch call', async () => {
    sqs.on(SendMessageBatchCommand).callsFake(ok);
    const deadline = startDeadline(10_000);
    await sendMessages(entries(25), { client, queueUrl, deadline, wait: async () => undefined });
    deadline.dispose();
    const calls = sqs.commandCalls(SendMessageBatchCommand);
    expect(calls).toHaveLength(3);
    for (const call of calls) expect((call.args as unknown[])[1]).toEqual({ abortSignal: deadline.signal });
  });

  it('starts no attempt with under minAttemptMs left: later chunks fail DeadlineExceeded without a call', async () => {
    const deadline = steppedDeadline(3000);
    sqs.on(SendMessageBatchCommand).callsFake((input: SendMessageBatchCommandInput) => {
      deadline.spend(1000);
      return ok(input);
    });
    const result = await sendMessages(entries(50), { client, queueUrl, deadline, minAttemptMs: 1000, concurrency: 1 });
    expect(result.calls).toBe(3);
    expect(result.sent).toEqual(Array.from({ length: 30 }, (_, i) => i));
    expect(result.failed.map((f) => f.index)).toEqual(Array.from({ length: 20 }, (_, i) => 30 + i));
    expect(new Set(result.failed.map((f) => f.code))).toEqual(new Set(['DeadlineExceeded']));
  });

  it('retries a throttled chunk only while a retry can finish', async () => {
    const deadline = steppedDeadline(2500);
    sqs.on(SendMessageBatchCommand).callsFake(() => {
      deadline.spend(1000);
      throw Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
    });
    const result = await sendMessages(entries(3), { client, queueUrl, deadline, minAttemptMs: 1000, maxAttempts: 5, wait: async () => undefined });
    // 2,500 → 1,500 → 500 left: the third attempt is not started.
    expect(result.calls).toBe(2);
    expect(result.failed).toEqual([0, 1, 2].map((index) => ({ index, code: 'DeadlineExceeded', message: 'not sent: under 1000 ms left before the deadline' })));
  });

  it('an aborted call is reported unstored, not retried, and the function returns with nothing in flight', async () => {
    const deadline = startDeadline(30);
    let inFlight = 0;
    // A call that only ends when the signal aborts it, as the SDK's HTTP handler does.
    sqs.on(SendMessageBatchCommand).callsFake(
      () =>
        new Promise((_, reject) => {
          inFlight++;
          deadline.signal.addEventListener('abort', () => {
            inFlight--;
            reject(Object.assign(new Error('The operation was aborted'), { name: 'AbortError' }));
          });
        }),
    );
    const result = await sendMessages(entries(40), { client, queueUrl, deadline, minAttemptMs: 0, concurrency: 2, maxAttempts: 3 });
    deadline.dispose();
    expect(inFlight).toBe(0);
    expect(result.calls).toBe(2);
    expect(result.retries).toBe(0);
    expect(result.sent).toEqual([]);
    expect(result.failed).toHaveLength(40);
    expect(result.failed.slice(0, 20).every((f) => f.message.startsWith('aborted at the deadline'))).toBe(true);
    expect(result.failed.slice(20).every((f) => f.message.startsWith('not sent'))).toBe(true);
  });

  it('a shared limiter bounds the calls in flight across sends', async () => {
    let now = 0;
    let max = 0;
    sqs.on(SendMessageBatchCommand).callsFake(async (input: SendMessageBatchCommandInput) => {
      now++;
      max = Math.max(max, now);
      await new Promise((resolve) => setImmediate(resolve));
      now--;
      return ok(input);
    });
    const limiter = createLimiter(2);
    const [a, b] = await Promise.all([
      sendMessages(entries(60), { client, queueUrl, limiter }),
      sendMessages(entries(60), { client, queueUrl: `${queueUrl}-dlq`, limiter }),
    ]);
    expect(a.sent).toHaveLength(60);
    expect(b.sent).toHaveLength(60);
    expect(max).toBe(2);
  });
});
