import type { MessageAttributeValue } from '@aws-sdk/client-sqs';
import type { Reason } from '../reasons';

/**
 * The message formats shared by ingest, worker and the operator tools.
 *
 * Main queue: body = the original Segment event JSON, attributes `sourceId`, `receivedAt`.
 * Dead-letter queue: body = the original Segment event JSON, unchanged, attributes `sourceId`,
 * `reason`, `detail`, `firstReceivedAt`, `attempts` (and `replays` once an operator replayed it).
 * A main-queue message the worker re-sent because its dead-letter write failed also carries
 * `decidedReason` and `decidedDetail`: the verdict, applied at once when it comes back.
 */
export const ATTR = {
  sourceId: 'sourceId',
  receivedAt: 'receivedAt',
  reason: 'reason',
  detail: 'detail',
  firstReceivedAt: 'firstReceivedAt',
  attempts: 'attempts',
  replays: 'replays',
  decidedReason: 'decidedReason',
  decidedDetail: 'decidedDetail',
} as const;

/** Keep `detail` short: attributes count towards the message size, and it is read by people. */
export const DETAIL_MAX_CHARS = 1000;

export type Attributes = Record<string, MessageAttributeValue>;

const str = (value: string): MessageAttributeValue => ({ DataType: 'String', StringValue: value });
const num = (value: number): MessageAttributeValue => ({ DataType: 'Number', StringValue: String(value) });

export function truncateDetail(detail: string): string {
  return detail.length <= DETAIL_MAX_CHARS ? detail : `${detail.slice(0, DETAIL_MAX_CHARS - 1)}…`;
}

export function mainQueueAttributes(sourceId: string, receivedAt: string, replays?: number): Attributes {
  const attributes: Attributes = { [ATTR.sourceId]: str(sourceId), [ATTR.receivedAt]: str(receivedAt) };
  if (replays !== undefined && replays > 0) attributes[ATTR.replays] = num(replays);
  return attributes;
}

/** A main-queue message that carries the worker's decided dead-letter reason (its DLQ write failed). */
export function decidedAttributes(base: Attributes, reason: Reason, detail: string): Attributes {
  return { ...base, [ATTR.decidedReason]: str(reason), [ATTR.decidedDetail]: str(truncateDetail(detail || reason)) };
}

export interface DeadLetter {
  sourceId: string;
  reason: Reason;
  detail: string;
  /** ISO time the event first reached ingest. */
  firstReceivedAt: string;
  /** Delivery attempts made (0 when rejected at ingest). */
  attempts: number;
  replays?: number;
}

export function deadLetterAttributes(letter: DeadLetter): Attributes {
  const attributes: Attributes = {
    [ATTR.sourceId]: str(letter.sourceId),
    [ATTR.reason]: str(letter.reason),
    [ATTR.detail]: str(truncateDetail(letter.detail || letter.reason)),
    [ATTR.firstReceivedAt]: str(letter.firstReceivedAt),
    [ATTR.attempts]: num(letter.attempts),
  };
  if (letter.replays !== undefined && letter.replays > 0) attributes[ATTR.replays] = num(letter.replays);
  return attributes;
}

/** Read a string attribute from either SQS API shape (SDK `StringValue`, Lambda event `stringValue`). */
export function readAttribute(
  attributes: Record<string, { StringValue?: string; stringValue?: string } | undefined> | undefined,
  name: string,
): string | undefined {
  const value = attributes?.[name];
  return value?.StringValue ?? value?.stringValue;
}
