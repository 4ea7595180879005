import type { SQSRecord } from 'aws-lambda';
import { readQueueRecord, type QueueRecord } from '../queue/record';
import { parseJson } from '../util/parse-json';
import { eventKey, type FateMemory } from './fate-memory';
import { deadLetter, type Outcome } from './outcome';

/**
 * Stage 1 of a batch: read the SQS records. Bodies that are not JSON and messages without a
 * source are decided here; so are events whose fate is already known (a verdict that travelled
 * with a re-sent record, or a rejection this container remembers). Copies of one event (same
 * source and Segment `messageId`) are collapsed: only the first is translated and sent, and every
 * copy gets its outcome, so one event never ends both delivered and dead-lettered.
 */
export interface BatchRecords {
  records: QueueRecord[];
  /** Parsed bodies, by record index. */
  events: unknown[];
  /** Outcomes decided while reading, by record index. */
  outcomes: (Outcome | undefined)[];
  /** Source → indexes of the records to translate and send (one per event). */
  bySource: Map<string, number[]>;
  /** Record index → the other records carrying the same event. */
  copies: Map<number, number[]>;
  /** Record index → event key (source and messageId), when it has one. */
  keys: (string | undefined)[];
}

function messageIdOf(event: unknown): string | undefined {
  const id = typeof event === 'object' && event !== null ? (event as { messageId?: unknown }).messageId : undefined;
  return typeof id === 'string' && id !== '' ? id : undefined;
}

export function readRecords(sqsRecords: readonly SQSRecord[], memory: FateMemory): BatchRecords {
  const records = sqsRecords.map(readQueueRecord);
  const batch: BatchRecords = { records, events: new Array(records.length), outcomes: new Array(records.length), bySource: new Map(), copies: new Map(), keys: new Array(records.length) };
  const firstOfKey = new Map<string, number>();

  records.forEach((record, index) => {
    // parseJson's message names the position only: V8's own may quote the body (personal data).
    const parsed = parseJson(record.body);
    if (!parsed.ok) {
      batch.outcomes[index] = deadLetter('invalid_event', `body is not JSON: ${parsed.message}`);
      return;
    }
    batch.events[index] = parsed.value;
    if (!record.sourceId) {
      batch.outcomes[index] = deadLetter('settings_missing', 'the message has no sourceId attribute');
      return;
    }
    const messageId = messageIdOf(parsed.value);
    const key = messageId === undefined ? undefined : eventKey(record.sourceId, messageId);
    batch.keys[index] = key;
    const known = record.decided ? deadLetter(record.decided.reason, record.decided.detail) : key ? memory.recall(key) : undefined;
    const first = key === undefined ? undefined : firstOfKey.get(key);
    if (first !== undefined) {
      batch.copies.set(first, [...(batch.copies.get(first) ?? []), index]);
      // A verdict known for any copy is the verdict of the event.
      if (known && !batch.outcomes[first]) {
        batch.outcomes[first] = known;
        const list = batch.bySource.get(record.sourceId);
        list?.splice(list.indexOf(first), 1);
      }
      return;
    }
    if (key !== undefined) firstOfKey.set(key, index);
    if (known) {
      batch.outcomes[index] = known;
      return;
    }
    const list = batch.bySource.get(record.sourceId) ?? [];
    list.push(index);
    batch.bySource.set(record.sourceId, list);
  });
  return batch;
}

/** Every copy of an event gets the outcome of the record that was sent. */
export function shareWithCopies(batch: BatchRecords, outcomes: (Outcome | undefined)[]): void {
  for (const [first, others] of batch.copies) for (const i of others) outcomes[i] = outcomes[first];
}
