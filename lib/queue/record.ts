import type { SQSRecord } from 'aws-lambda';
import { ATTR, readAttribute } from './attributes';

/**
 * A main-queue message as the worker sees it: the original Segment event body plus what ingest put
 * in its attributes, and SQS's receive count (the attempt number).
 */
export interface QueueRecord {
  messageId: string;
  receiptHandle: string;
  /** The original Segment event JSON, passed to the dead-letter queue unchanged. */
  body: string;
  sourceId?: string;
  /** ApproximateReceiveCount: 1 on the first delivery. */
  receiveCount: number;
  /**
   * ISO time the event reached ingest: `receivedAt`, else `firstReceivedAt` (a message moved back
   * from the DLQ by SQS's own move task keeps its DLQ attributes), else the time SQS got it.
   */
  firstReceivedAt: string;
  replays: number;
}

function sentAt(record: SQSRecord): string {
  const ms = Number(record.attributes?.SentTimestamp);
  return Number.isFinite(ms) && ms > 0 ? new Date(ms).toISOString() : new Date(0).toISOString();
}

export function readQueueRecord(record: SQSRecord): QueueRecord {
  const attributes = record.messageAttributes;
  const receiveCount = Number(record.attributes?.ApproximateReceiveCount);
  const replays = Number(readAttribute(attributes, ATTR.replays));
  const sourceId = readAttribute(attributes, ATTR.sourceId)?.trim();
  return {
    messageId: record.messageId,
    receiptHandle: record.receiptHandle,
    body: record.body,
    ...(sourceId ? { sourceId } : {}),
    receiveCount: Number.isInteger(receiveCount) && receiveCount > 0 ? receiveCount : 1,
    firstReceivedAt:
      readAttribute(attributes, ATTR.receivedAt) || readAttribute(attributes, ATTR.firstReceivedAt) || sentAt(record),
    replays: Number.isInteger(replays) && replays > 0 ? replays : 0,
  };
}
