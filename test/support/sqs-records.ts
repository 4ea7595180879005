import type { SQSRecord } from 'aws-lambda';

/** An SQS record as Lambda delivers it from the main queue (ingest's attribute format). */
export function sqsRecord(
  messageId: string,
  body: string,
  options: { sourceId?: string; receiveCount?: number; receivedAt?: string; replays?: number } = {},
): SQSRecord {
  const messageAttributes: SQSRecord['messageAttributes'] = {};
  if (options.sourceId !== undefined) messageAttributes.sourceId = { dataType: 'String', stringValue: options.sourceId };
  messageAttributes.receivedAt = { dataType: 'String', stringValue: options.receivedAt ?? '2026-11-28T12:00:00.000Z' };
  if (options.replays !== undefined) messageAttributes.replays = { dataType: 'Number', stringValue: String(options.replays) };
  return {
    messageId,
    receiptHandle: `rh-${messageId}`,
    body,
    attributes: {
      ApproximateReceiveCount: String(options.receiveCount ?? 1),
      SentTimestamp: '1795867200000',
      SenderId: 'AIDA',
      ApproximateFirstReceiveTimestamp: '1795867200000',
    },
    messageAttributes,
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:us-east-1:123456789012:main',
    awsRegion: 'us-east-1',
  };
}
