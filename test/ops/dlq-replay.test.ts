import { DeleteMessageBatchCommand, SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { dlqPurge } from '../../lib/ops/dlq-purge';
import { dlqReplay, type ReplayProgress } from '../../lib/ops/dlq-replay';
import { DLQ_URL, FakeSqs, QUEUE_URL, segmentTrack } from '../support/fake-sqs';

const fake = new FakeSqs();
const sqs = new SQSClient({});
const base = { sqs, dlqUrl: DLQ_URL, queueUrl: QUEUE_URL, waitTimeSeconds: 0, send: { baseDelayMs: 0 } };

beforeEach(() => fake.reset());

function seed() {
  fake.addDeadLetter(segmentTrack({ messageId: 'web-auth-1' }), { sourceId: 'web', reason: 'pinterest_auth' });
  fake.addDeadLetter(segmentTrack({ messageId: 'web-auth-2' }), { sourceId: 'web', reason: 'pinterest_auth', replays: 2, firstReceivedAt: '2026-01-01T05:00:00.000Z' });
  fake.addDeadLetter(segmentTrack({ messageId: 'ios-auth' }), { sourceId: 'ios', reason: 'pinterest_auth' });
  fake.addDeadLetter(segmentTrack({ messageId: 'web-old' }), { sourceId: 'web', reason: 'event_too_old' });
}

const segmentIds = (url: string) => fake.queue(url).map((m) => (JSON.parse(m.body) as { messageId: string }).messageId).sort();

describe('dlqReplay', () => {
  it('moves exactly the matching messages: original body, main-queue attributes, replays + 1', async () => {
    seed();
    const originals = new Map(fake.queue(DLQ_URL).map((m) => [JSON.parse(m.body).messageId as string, m.body]));
    const summary = await dlqReplay({ ...base, filter: { source: 'web', reason: 'pinterest_auth' } });

    expect(summary).toMatchObject({ scanned: 4, matched: 2, replayed: 2, failed: 0, deleteFailed: 0, dryRun: false, stoppedBy: 'drained', released: 2 });
    expect(segmentIds(QUEUE_URL)).toEqual(['web-auth-1', 'web-auth-2']);
    expect(segmentIds(DLQ_URL)).toEqual(['ios-auth', 'web-old']);
    expect(fake.queue(DLQ_URL).every((m) => m.visible)).toBe(true);
    for (const sent of fake.queue(QUEUE_URL)) {
      const id = JSON.parse(sent.body).messageId as string;
      expect(sent.body).toBe(originals.get(id));
      expect(sent.attributes).toEqual({
        sourceId: { DataType: 'String', StringValue: 'web' },
        receivedAt: { DataType: 'String', StringValue: id === 'web-auth-2' ? '2026-01-01T05:00:00.000Z' : '2026-01-01T00:00:00.000Z' },
        replays: { DataType: 'Number', StringValue: id === 'web-auth-2' ? '3' : '1' },
      });
    }
  });

  it('deletes a message from the dead-letter queue only after its send succeeded', async () => {
    seed();
    await dlqReplay({ ...base, filter: { reason: 'pinterest_auth' } });
    const calls = fake.mock.calls().map((c) => c.args[0].constructor.name);
    const firstSend = calls.indexOf('SendMessageBatchCommand');
    const firstDelete = calls.indexOf('DeleteMessageBatchCommand');
    expect(firstSend).toBeGreaterThanOrEqual(0);
    expect(firstDelete).toBeGreaterThan(firstSend);
  });

  it('leaves a message whose send failed in the dead-letter queue, visible, and reports it', async () => {
    seed();
    fake.failSend = (body) => body.includes('web-auth-2');
    const summary = await dlqReplay({ ...base, filter: { reason: 'pinterest_auth' } });
    expect(summary).toMatchObject({ matched: 3, replayed: 2, failed: 1 });
    expect(summary.failures).toEqual([{ messageId: expect.any(String), code: 'InternalError', message: 'try again' }]);
    expect(segmentIds(QUEUE_URL)).toEqual(['ios-auth', 'web-auth-1']);
    expect(segmentIds(DLQ_URL)).toEqual(['web-auth-2', 'web-old']);
    expect(fake.queue(DLQ_URL).every((m) => m.visible)).toBe(true);
    // Retried (not a sender fault) before giving up: 3 attempts by default.
    expect(fake.mock.commandCalls(SendMessageBatchCommand)).toHaveLength(3);
  });

  it('leaves messages whose whole send call throws', async () => {
    seed();
    fake.mock.on(SendMessageBatchCommand).rejects(Object.assign(new Error('Access denied'), { name: 'AccessDenied' }));
    const summary = await dlqReplay({ ...base, send: { maxAttempts: 1 } });
    expect(summary).toMatchObject({ matched: 4, replayed: 0, failed: 4 });
    expect(fake.queue(DLQ_URL)).toHaveLength(4);
    expect(fake.mock.commandCalls(DeleteMessageBatchCommand)).toHaveLength(0);
  });

  it('counts a sent message it could not delete, so the operator knows it may come again', async () => {
    seed();
    fake.failDelete = (m) => m.body.includes('ios-auth');
    const summary = await dlqReplay({ ...base, filter: { reason: 'pinterest_auth' } });
    expect(summary).toMatchObject({ replayed: 3, deleteFailed: 1 });
    expect(summary.failures[0]?.code).toBe('Delete:InternalError');
  });

  it('does not replay again an event that failed again and came back while the run was going', async () => {
    fake.addDeadLetter(segmentTrack({ messageId: 'web-auth-1' }), { sourceId: 'web', reason: 'pinterest_auth' });
    let workerRan = false;
    const summary = await dlqReplay({
      ...base,
      filter: { reason: 'pinterest_auth' },
      // Plays the worker: the replayed event fails again (token still wrong) and is dead-lettered anew.
      onProgress: () => {
        if (workerRan) return;
        workerRan = true;
        const replayed = fake.queue(QUEUE_URL).shift();
        if (replayed) fake.addDeadLetter(replayed.body, { sourceId: 'web', reason: 'pinterest_auth' }, Date.now());
      },
    });
    expect(summary).toMatchObject({ matched: 1, replayed: 1, deadLetteredAgain: 1 });
    expect(fake.queue(QUEUE_URL)).toHaveLength(0);
    expect(segmentIds(DLQ_URL)).toEqual(['web-auth-1']);
    expect(fake.queue(DLQ_URL).every((m) => m.visible)).toBe(true);
  });

  it('changes nothing in a dry run', async () => {
    seed();
    const summary = await dlqReplay({ ...base, filter: { reason: 'pinterest_auth' }, dryRun: true });
    expect(summary).toMatchObject({ dryRun: true, matched: 3, wouldReplay: 3, replayed: 0 });
    expect(fake.queue(QUEUE_URL)).toHaveLength(0);
    expect(fake.queue(DLQ_URL)).toHaveLength(4);
    expect(fake.queue(DLQ_URL).every((m) => m.visible)).toBe(true);
    expect(fake.mock.commandCalls(SendMessageBatchCommand)).toHaveLength(0);
    expect(fake.mock.commandCalls(DeleteMessageBatchCommand)).toHaveLength(0);
  });

  it('replays at most --limit messages and leaves the rest', async () => {
    seed();
    const summary = await dlqReplay({ ...base, limit: 1 });
    expect(summary).toMatchObject({ replayed: 1, stoppedBy: 'limit' });
    expect(fake.queue(DLQ_URL)).toHaveLength(3);
    expect(fake.queue(DLQ_URL).every((m) => m.visible)).toBe(true);
  });

  it('leaves messages without a sourceId in place', async () => {
    fake.addDeadLetter(segmentTrack());
    const message = fake.queue(DLQ_URL)[0];
    if (message) delete message.attributes.sourceId;
    const summary = await dlqReplay(base);
    expect(summary).toMatchObject({ unreplayable: 1, replayed: 0 });
    expect(fake.queue(DLQ_URL)).toHaveLength(1);
    expect(fake.queue(QUEUE_URL)).toHaveLength(0);
  });

  it('paces sends to --rate: chunks of at most the rate, waiting between them', async () => {
    for (let i = 0; i < 5; i++) fake.addDeadLetter(segmentTrack({ messageId: `m${i}` }));
    let clock = 0;
    const waits: number[] = [];
    const summary = await dlqReplay({
      ...base,
      rate: 2,
      now: () => clock,
      wait: async (ms) => {
        waits.push(ms);
        clock += ms;
      },
    });
    expect(summary.replayed).toBe(5);
    expect(fake.mock.commandCalls(SendMessageBatchCommand).map((c) => c.args[0].input.Entries?.length)).toEqual([2, 2, 1]);
    expect(waits).toEqual([0, 1000, 1000]);
  });

  it('stops cleanly when aborted: what was sent is deleted, everything else stays, visible', async () => {
    for (let i = 0; i < 25; i++) fake.addDeadLetter(segmentTrack({ messageId: `m${i}` }));
    const controller = new AbortController();
    const progress: ReplayProgress[] = [];
    const summary = await dlqReplay({
      ...base,
      signal: controller.signal,
      onProgress: (p) => {
        progress.push(p);
        controller.abort();
      },
    });
    expect(summary).toMatchObject({ stoppedBy: 'aborted', replayed: 10 });
    expect(progress).toEqual([{ scanned: 10, matched: 10, replayed: 10, wouldReplay: 0, failed: 0, unreplayable: 0, deadLetteredAgain: 0 }]);
    expect(fake.queue(QUEUE_URL)).toHaveLength(10);
    expect(fake.queue(DLQ_URL)).toHaveLength(15);
    expect(fake.queue(DLQ_URL).every((m) => m.visible)).toBe(true);
  });

  it('keeps the rest of a batch when aborted while waiting for the rate limit', async () => {
    for (let i = 0; i < 4; i++) fake.addDeadLetter(segmentTrack({ messageId: `m${i}` }));
    const controller = new AbortController();
    let clock = 0;
    const summary = await dlqReplay({
      ...base,
      rate: 1,
      signal: controller.signal,
      now: () => clock,
      wait: async (ms) => {
        clock += ms;
        if (clock > 0) controller.abort();
      },
    });
    expect(summary).toMatchObject({ stoppedBy: 'aborted', replayed: 1 });
    expect(fake.queue(DLQ_URL)).toHaveLength(3);
    expect(fake.queue(DLQ_URL).every((m) => m.visible)).toBe(true);
  });
});

describe('dlqPurge', () => {
  it('deletes only the matching messages and gives the others back untouched', async () => {
    seed();
    const summary = await dlqPurge({ sqs, dlqUrl: DLQ_URL, waitTimeSeconds: 0, filter: { reason: 'pinterest_auth', source: 'web' } });
    expect(summary).toMatchObject({ scanned: 4, matched: 2, deleted: 2, deleteFailed: 0, released: 2 });
    expect(segmentIds(DLQ_URL)).toEqual(['ios-auth', 'web-old']);
    expect(fake.queue(DLQ_URL).every((m) => m.visible)).toBe(true);
    expect(fake.mock.commandCalls(SendMessageBatchCommand)).toHaveLength(0);
  });

  it('reports deletes that failed and leaves those messages', async () => {
    seed();
    fake.failDelete = (m) => m.body.includes('web-old');
    const summary = await dlqPurge({ sqs, dlqUrl: DLQ_URL, waitTimeSeconds: 0, filter: { reason: 'event_too_old' } });
    expect(summary).toMatchObject({ deleted: 0, deleteFailed: 1 });
    expect(fake.queue(DLQ_URL)).toHaveLength(4);
    expect(fake.queue(DLQ_URL).every((m) => m.visible)).toBe(true);
  });

  it('refuses to run without a reason', async () => {
    seed();
    await expect(dlqPurge({ sqs, dlqUrl: DLQ_URL, filter: {} as never })).rejects.toThrow('purge needs a reason');
    expect(fake.queue(DLQ_URL)).toHaveLength(4);
  });
});
