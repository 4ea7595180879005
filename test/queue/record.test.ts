import { readQueueRecord } from '../../lib/queue/record';
import { sqsRecord } from '../support/sqs-records';

describe('readQueueRecord', () => {
  it('reads sourceId, receivedAt, replays and the receive count', () => {
    expect(readQueueRecord(sqsRecord('m1', '{}', { sourceId: 'web', receiveCount: 3, replays: 2 }))).toEqual({
      messageId: 'm1',
      receiptHandle: 'rh-m1',
      body: '{}',
      sourceId: 'web',
      receiveCount: 3,
      firstReceivedAt: '2026-11-28T12:00:00.000Z',
      replays: 2,
      // SentTimestamp: the start of the record's retry horizon.
      queuedAtMs: Date.parse('2026-11-28T12:00:00.000Z'),
    });
  });

  it('reads a verdict that travelled with a re-sent record, and ignores an unknown reason', () => {
    const record = sqsRecord('m4', '{}', { sourceId: 'web' });
    record.messageAttributes.decidedReason = { dataType: 'String', stringValue: 'pinterest_rejected' };
    record.messageAttributes.decidedDetail = { dataType: 'String', stringValue: 'Invalid currency' };
    expect(readQueueRecord(record).decided).toEqual({ reason: 'pinterest_rejected', detail: 'Invalid currency' });
    record.messageAttributes.decidedReason = { dataType: 'String', stringValue: 'not_a_reason' };
    expect(readQueueRecord(record).decided).toBeUndefined();
  });

  it('falls back to receivedAt for the queue time when SentTimestamp is missing', () => {
    const record = sqsRecord('m5', '{}', { receivedAt: '2026-11-28T10:00:00.000Z' });
    record.attributes.SentTimestamp = '';
    expect(readQueueRecord(record).queuedAtMs).toBe(Date.parse('2026-11-28T10:00:00.000Z'));
  });

  it('falls back to SentTimestamp and attempt 1 when attributes are missing', () => {
    const record = sqsRecord('m2', '{}');
    delete record.messageAttributes.receivedAt;
    record.attributes.ApproximateReceiveCount = '';
    expect(readQueueRecord(record)).toMatchObject({ receiveCount: 1, firstReceivedAt: '2026-11-28T12:00:00.000Z', replays: 0 });
    expect(readQueueRecord(record).sourceId).toBeUndefined();
  });

  it('keeps the original receive time of a message moved back from the DLQ by SQS (firstReceivedAt)', () => {
    const record = sqsRecord('m3', '{}');
    delete record.messageAttributes.receivedAt;
    record.messageAttributes.firstReceivedAt = { dataType: 'String', stringValue: '2026-11-20T08:00:00.000Z' };
    expect(readQueueRecord(record).firstReceivedAt).toBe('2026-11-20T08:00:00.000Z');
  });
});
