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
    });
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
