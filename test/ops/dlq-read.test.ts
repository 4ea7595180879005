import { ChangeMessageVisibilityBatchCommand, DeleteMessageBatchCommand, ReceiveMessageCommand, SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { dlqPeek } from '../../lib/ops/dlq-peek';
import { scanDlq } from '../../lib/ops/dlq-scan';
import { dlqStats } from '../../lib/ops/dlq-stats';
import { createHash } from 'node:crypto';
import { fingerprint, FINGERPRINT_KEY_ENV, fingerprintKey, summarizeEvent } from '../../lib/ops/dlq-message';
import { DLQ_URL, FakeSqs, segmentTrack } from '../support/fake-sqs';

const fake = new FakeSqs();
const sqs = new SQSClient({});
const base = { sqs, dlqUrl: DLQ_URL, waitTimeSeconds: 0 };

beforeEach(() => fake.reset());

function seed() {
  fake.addDeadLetter(segmentTrack({ messageId: 'a' }), { sourceId: 'web', reason: 'pinterest_auth', firstReceivedAt: '2026-01-01T00:00:00.000Z' });
  fake.addDeadLetter(segmentTrack({ messageId: 'b' }), { sourceId: 'web', reason: 'pinterest_auth', firstReceivedAt: '2026-01-03T00:00:00.000Z' });
  fake.addDeadLetter(segmentTrack({ messageId: 'c' }), { sourceId: 'ios', reason: 'retries_exhausted', firstReceivedAt: '2026-01-02T00:00:00.000Z' });
  for (let i = 0; i < 12; i++) fake.addDeadLetter(segmentTrack({ messageId: `x${i}` }), { sourceId: 'ios', reason: 'pinterest_rejected' });
}

describe('dlqStats', () => {
  it('counts by source and reason, reports the oldest event, and leaves every message visible', async () => {
    seed();
    const now = Date.parse('2026-01-04T00:00:00Z');
    const stats = await dlqStats({ ...base, now: () => now });
    expect(stats.total).toBe(15);
    expect(stats.bySource).toEqual({ web: 2, ios: 13 });
    expect(stats.byReason).toEqual({ pinterest_auth: 2, retries_exhausted: 1, pinterest_rejected: 12 });
    expect(stats.groups[0]).toEqual({ sourceId: 'ios', reason: 'pinterest_rejected', count: 12 });
    expect(stats.oldestFirstReceivedAt).toBe('2026-01-01T00:00:00.000Z');
    expect(stats.oldestEventAgeSeconds).toBe(3 * 86400);
    expect(stats.approximate).toEqual({ visible: 15, inFlight: 0, delayed: 0 });
    expect(stats).toMatchObject({ stoppedBy: 'drained', truncated: false, releaseFailed: 0 });
    expect(fake.queue(DLQ_URL).every((m) => m.visible)).toBe(true);
    expect(fake.queue(DLQ_URL)).toHaveLength(15);
    expect(fake.mock.commandCalls(DeleteMessageBatchCommand)).toHaveLength(0);
    // Released at once at the end, not one batch at a time.
    for (const call of fake.mock.commandCalls(ChangeMessageVisibilityBatchCommand)) {
      expect(call.args[0].input.Entries?.every((e) => e.VisibilityTimeout === 0)).toBe(true);
    }
    const receives = fake.mock.commandCalls(ReceiveMessageCommand);
    expect(receives.at(-1)?.args[0].input).toMatchObject({ MessageAttributeNames: ['All'], VisibilityTimeout: 900 });
  });

  it('counts only the filtered messages', async () => {
    seed();
    const stats = await dlqStats({ ...base, filter: { source: 'web' } });
    expect(stats.total).toBe(2);
    expect(fake.queue(DLQ_URL).every((m) => m.visible)).toBe(true);
  });

  it('reports messages without a reason attribute as reason "none"', async () => {
    fake.addDeadLetter('{}');
    const message = fake.queue(DLQ_URL)[0];
    if (message) delete message.attributes.reason;
    const stats = await dlqStats(base);
    expect(stats.byReason).toEqual({ none: 1 });
  });
});

describe('scanDlq', () => {
  it('stops when received messages are all ones it has seen (visibility expired) and releases them', async () => {
    seed();
    // Every message becomes visible again right after each receive: a visibility timeout that ran out.
    const receive = fake.mock.commandCalls.bind(fake.mock);
    fake.mock.on(ReceiveMessageCommand).callsFake(() => {
      const messages = fake.queue(DLQ_URL).slice(0, 10);
      return {
        Messages: messages.map((m, i) => ({
          MessageId: m.messageId,
          ReceiptHandle: `again-${receive(ReceiveMessageCommand).length}-${i}`,
          Body: m.body,
          MessageAttributes: m.attributes,
        })),
      };
    });
    const seen: string[] = [];
    const result = await scanDlq(base, async (batch) => {
      seen.push(...batch.map((m) => m.messageId));
      return batch;
    });
    expect(result.stoppedBy).toBe('wrapped');
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toHaveLength(10);
  });

  it('stops at maxScan', async () => {
    seed();
    const result = await scanDlq({ ...base, maxScan: 10 }, async (batch) => batch);
    expect(result).toMatchObject({ scanned: 10, stoppedBy: 'max-scan', released: 10 });
    expect(fake.queue(DLQ_URL).every((m) => m.visible)).toBe(true);
  });

  it('gives the batch back and rethrows when the handler throws', async () => {
    seed();
    await expect(scanDlq(base, async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(fake.queue(DLQ_URL).every((m) => m.visible)).toBe(true);
  });

  it('does not receive at all when already aborted', async () => {
    seed();
    const controller = new AbortController();
    controller.abort();
    const result = await scanDlq({ ...base, signal: controller.signal }, async (batch) => batch);
    expect(result.stoppedBy).toBe('aborted');
    expect(fake.mock.commandCalls(ReceiveMessageCommand)).toHaveLength(0);
  });
});

describe('dlqPeek', () => {
  it('shows reason, detail, attempts and times of matching messages, up to the limit, and makes them visible again', async () => {
    seed();
    const result = await dlqPeek({ ...base, filter: { reason: 'pinterest_auth' }, limit: 1 });
    expect(result.messages).toHaveLength(1);
    expect(result.messages[0]).toEqual({
      messageId: fake.queue(DLQ_URL)[0]?.messageId,
      sourceId: 'web',
      reason: 'pinterest_auth',
      detail: 'Pinterest answered 401',
      attempts: 3,
      replays: 0,
      firstReceivedAt: '2026-01-01T00:00:00.000Z',
      deadLetteredAt: '2026-01-02T00:00:00.000Z',
      receiveCount: 1,
      event: {
        type: 'track',
        name: 'Order Completed',
        messageId: 'a',
        timestamp: '2026-01-01T00:00:00.000Z',
        userId: expect.stringMatching(/^hmac:[0-9a-f]{12}$/),
        anonymousId: expect.stringMatching(/^hmac:[0-9a-f]{12}$/),
        propertyKeys: ['revenue', 'email'],
      },
    });
    expect(fake.queue(DLQ_URL).every((m) => m.visible)).toBe(true);
    expect(fake.mock.commandCalls(SendMessageBatchCommand)).toHaveLength(0);
  });

  it('never shows user data: no trait, property or context value, no raw user id', async () => {
    seed();
    const text = JSON.stringify(await dlqPeek({ ...base, limit: 50 }));
    for (const pii of ['jane@example.com', '555 0100', '203.0.113.9', 'Mozilla', 'user-42', 'anon-7', '"revenue":42']) {
      expect(text).not.toContain(pii);
    }
  });
});

describe('summarizeEvent', () => {
  it('says when a body is not a JSON object instead of showing it', () => {
    expect(summarizeEvent('email=jane@example.com')).toEqual({ unreadable: 'not JSON (22 bytes)' });
    expect(summarizeEvent('[1]')).toEqual({ unreadable: 'not a JSON object' });
  });

  it('uses the page name when there is no event name', () => {
    expect(summarizeEvent(JSON.stringify({ type: 'page', name: 'Home', userId: 7 }))).toMatchObject({ type: 'page', name: 'Home', userId: expect.stringMatching(/^hmac:[0-9a-f]{12}$/) });
  });
});

describe('keyed fingerprints', () => {
  const unkeyed = (v: string) => createHash('sha256').update(v, 'utf8').digest('hex').slice(0, 12);

  it('cannot be matched by hashing a guessed id (no unkeyed SHA-256 prefix appears)', () => {
    const shown = fingerprint('jane@example.com');
    expect(shown).toMatch(/^hmac:[0-9a-f]{12}$/);
    expect(shown).not.toContain(unkeyed('jane@example.com'));
  });

  it('stable within a run and under one configured key; different under another key', () => {
    expect(fingerprint('user-42')).toBe(fingerprint('user-42'));
    expect(fingerprint('user-42')).not.toBe(fingerprint('user-43'));
    const a = fingerprintKey({ [FINGERPRINT_KEY_ENV]: 'operator-key-0123456789' });
    const b = fingerprintKey({ [FINGERPRINT_KEY_ENV]: 'another-key-0123456789' });
    expect(fingerprint('user-42', a)).toBe(fingerprint('user-42', fingerprintKey({ [FINGERPRINT_KEY_ENV]: 'operator-key-0123456789' })));
    expect(fingerprint('user-42', a)).not.toBe(fingerprint('user-42', b));
    // Too short a key is ignored for the per-process random one.
    expect(fingerprintKey({ [FINGERPRINT_KEY_ENV]: 'short' })).toEqual(fingerprintKey({}));
  });
});
