import { FateMemory, eventKey } from '../../lib/delivery/fate-memory';
import { deadLetter, delivered } from '../../lib/delivery/outcome';
import { readRecords, shareWithCopies } from '../../lib/delivery/read-records';
import { trackEvent } from '../support/delivery-events';
import { sqsRecord } from '../support/sqs-records';

const rec = (id: string, messageId: string, sourceId = 'web') => sqsRecord(id, JSON.stringify(trackEvent(messageId)), { sourceId });

describe('readRecords', () => {
  it('collapses copies of one event (same source and messageId): one is sent, every copy gets its outcome', () => {
    const batch = readRecords([rec('q1', 'e1'), rec('q2', 'e2'), rec('q3', 'e1'), rec('q4', 'e1', 'app')], new FateMemory());
    expect(batch.bySource).toEqual(new Map([['web', [0, 1]], ['app', [3]]]));
    expect(batch.copies).toEqual(new Map([[0, [2]]]));
    const outcomes = [delivered(), deadLetter('pinterest_rejected', 'x'), undefined, delivered()];
    shareWithCopies(batch, outcomes);
    expect(outcomes[2]).toBe(outcomes[0]);
  });

  it('applies a verdict that travelled with a re-sent record to every copy of that event, without sending', () => {
    const decided = rec('q2', 'e1');
    decided.messageAttributes.decidedReason = { dataType: 'String', stringValue: 'pinterest_rejected' };
    decided.messageAttributes.decidedDetail = { dataType: 'String', stringValue: 'Invalid currency' };
    const batch = readRecords([rec('q1', 'e1'), decided], new FateMemory());
    expect(batch.bySource.get('web')).toEqual([]);
    shareWithCopies(batch, batch.outcomes);
    expect(batch.outcomes).toEqual([deadLetter('pinterest_rejected', 'Invalid currency'), deadLetter('pinterest_rejected', 'Invalid currency')]);
  });

  it('dead-letters at once an event this container has seen Pinterest reject', () => {
    const memory = new FateMemory();
    memory.remember(eventKey('web', 'e9'), deadLetter('pinterest_rejected', 'Invalid currency'));
    memory.remember(eventKey('web', 'e8'), deadLetter('retries_exhausted', 'not a verdict about the event'));
    const batch = readRecords([rec('q1', 'e9'), rec('q2', 'e8')], memory);
    expect(batch.outcomes[0]).toEqual(deadLetter('pinterest_rejected', 'Invalid currency'));
    expect(batch.bySource.get('web')).toEqual([1]);
  });

  it('forgets the oldest entries beyond its capacity', () => {
    const memory = new FateMemory(2);
    for (const id of ['a', 'b', 'c']) memory.remember(id, deadLetter('pinterest_rejected', id));
    expect([memory.recall('a'), memory.recall('c')?.detail, memory.size]).toEqual([undefined, 'c', 2]);
  });
});
