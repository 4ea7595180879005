import fc from 'fast-check';
import { validateSegmentEvent } from '../../lib/segment/schema';

const track = {
  type: 'track',
  event: 'Order Completed',
  messageId: 'msg-1',
  timestamp: '2026-11-28T10:00:00.000Z',
  userId: 'user-1',
  properties: { revenue: 10 },
};

describe('validateSegmentEvent', () => {
  it('accepts a track event and says it is deliverable', () => {
    expect(validateSegmentEvent(track)).toEqual({ ok: true, event: track, type: 'track', ignored: false });
  });

  it.each(['identify', 'group', 'alias', 'delete'])('accepts %s and marks it ignored', (type) => {
    const { event: _event, ...rest } = track;
    expect(validateSegmentEvent({ ...rest, type })).toMatchObject({ ok: true, ignored: true });
  });

  it('accepts page and screen without an event name, and a numeric userId', () => {
    expect(validateSegmentEvent({ ...track, type: 'page', event: undefined })).toMatchObject({ ok: true, ignored: false });
    expect(validateSegmentEvent({ ...track, type: 'screen', userId: 42 })).toMatchObject({ ok: true });
  });

  it('takes originalTimestamp or receivedAt when timestamp is absent', () => {
    const { timestamp: _t, ...rest } = track;
    expect(validateSegmentEvent({ ...rest, originalTimestamp: '2026-11-28T10:00:00Z' })).toMatchObject({ ok: true });
    expect(validateSegmentEvent({ ...rest, receivedAt: '2026-11-28T10:00:00Z' })).toMatchObject({ ok: true });
  });

  it.each([
    [[1], '(event)', 'event must be a JSON object'],
    [{ ...track, type: 'Track' }, 'type', 'type must be one of track, page, screen, identify, group, alias, delete'],
    [{ ...track, type: undefined }, 'type', 'type must be one of'],
    [{ ...track, messageId: 12 }, 'messageId', 'messageId must be a non-empty string'],
    [{ ...track, messageId: ' ' }, 'messageId', 'messageId must be a non-empty string'],
    [{ ...track, timestamp: 'yesterday' }, 'timestamp', 'timestamp must be an ISO 8601 date'],
    [{ ...track, timestamp: 1764324000000 }, 'timestamp', 'timestamp must be an ISO 8601 date'],
    [{ ...track, event: '' }, 'event', 'event must be a non-empty string for a track call'],
    [{ ...track, event: { name: 'x' } }, 'event', 'event must be a non-empty string'],
    [{ ...track, userId: null, anonymousId: '' }, 'userId', 'userId or anonymousId is required'],
  ])('rejects %j naming %s', (input, field, message) => {
    expect(validateSegmentEvent(input)).toEqual({ ok: false, field, message: expect.stringContaining(message) });
  });

  it('never echoes the offending value', () => {
    const result = validateSegmentEvent({ ...track, timestamp: 'jane@example.com' });
    expect(!result.ok && result.message).not.toContain('jane');
  });

  it('copes with __proto__ keys, deep nesting and huge strings', () => {
    const proto = JSON.parse('{"__proto__":{"type":"track"},"messageId":"m"}');
    expect(validateSegmentEvent(proto)).toMatchObject({ ok: false, field: 'type' });
    let deep: unknown = {};
    for (let i = 0; i < 100_000; i++) deep = { context: deep };
    expect(validateSegmentEvent({ ...track, properties: deep })).toMatchObject({ ok: true });
    expect(validateSegmentEvent({ ...track, timestamp: '2'.repeat(5_000_000) })).toMatchObject({ ok: false, field: 'timestamp' });
    expect(validateSegmentEvent(Object.create(null))).toMatchObject({ ok: false, field: 'type' });
  });

  it('never throws, whatever arrives', () => {
    fc.assert(
      fc.property(fc.oneof(fc.anything(), fc.record({ type: fc.constantFrom('track', 'page'), messageId: fc.anything(), timestamp: fc.anything(), event: fc.anything(), userId: fc.anything() })), (value) => {
        const result = validateSegmentEvent(value);
        return result.ok || (typeof result.message === 'string' && result.message.length > 0);
      }),
      { numRuns: 500 },
    );
  });
});
