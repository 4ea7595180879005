import type { SQSRecord } from 'aws-lambda';
import { isReason, type Reason } from '../reasons';
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
  /**
   * When this message entered the main queue (SentTimestamp, ms; NaN when unknown). A visibility return keeps it, so
   * it is the start of the record's retry horizon.
   */
  queuedAtMs: number;
  /** A dead-letter verdict reached earlier whose DLQ write failed (attributes decidedReason/decidedDetail). */
  decided?: { reason: Reason; detail: string };
}

function sentAtMs(record: SQSRecord): number {
  const ms = Number(record.attributes?.SentTimestamp);
  return Number.isFinite(ms) && ms > 0 ? ms : 0;
}

export function readQueueRecord(record: SQSRecord): QueueRecord {
  const attributes = record.messageAttributes;
  const receiveCount = Number(record.attributes?.ApproximateReceiveCount);
  const replays = Number(readAttribute(attributes, ATTR.replays));
  const sourceId = readAttribute(attributes, ATTR.sourceId)?.trim();
  const decidedReason = readAttribute(attributes, ATTR.decidedReason);
  const receivedAt = readAttribute(attributes, ATTR.receivedAt) || readAttribute(attributes, ATTR.firstReceivedAt);
  // Without a SentTimestamp (hand-made events) the ingest time stands in; NaN means unknown.
  const queuedAtMs = sentAtMs(record) || (receivedAt ? Date.parse(receivedAt) : Number.NaN);
  return {
    messageId: record.messageId,
    receiptHandle: record.receiptHandle,
    body: record.body,
    ...(sourceId ? { sourceId } : {}),
    receiveCount: Number.isInteger(receiveCount) && receiveCount > 0 ? receiveCount : 1,
    firstReceivedAt:
      receivedAt || new Date(Number.isFinite(queuedAtMs) ? queuedAtMs : 0).toISOString(),
    replays: Number.isInteger(replays) && replays > 0 ? replays : 0,
    queuedAtMs,
    ...(isReason(decidedReason) ? { decided: { reason: decidedReason, detail: readAttribute(attributes, ATTR.decidedDetail) || decidedReason } } : {}),
  };
}
