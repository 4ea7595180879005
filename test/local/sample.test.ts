import { signPayload } from '../../lib/auth/signature';
import { authenticate } from '../../lib/auth/authenticate';
import type { AuthMethod } from '../../lib/auth/methods';
import { authorizedBody, countEvents, curlCommand, parseEventsFile, restampBody, signedBody } from '../../lib/local/sample';

const NOW = new Date('2026-12-24T08:00:00.000Z');

describe('sample deliveries', () => {
  test('parses one event, an array, a batch body and ndjson', () => {
    expect(parseEventsFile('{"type":"track"}')).toEqual({ type: 'track' });
    expect(parseEventsFile('[{"a":1},{"a":2}]')).toEqual([{ a: 1 }, { a: 2 }]);
    expect(parseEventsFile('{"batch":[{"a":1}]}')).toEqual({ batch: [{ a: 1 }] });
    expect(parseEventsFile('{"a":1}\n\n{"a":2}\r\n')).toEqual([{ a: 1 }, { a: 2 }]);
  });

  test('names the broken ndjson line, and rethrows for broken single JSON', () => {
    expect(() => parseEventsFile('{"a":1}\n{oops}\n')).toThrow('line 2 is not JSON');
    expect(() => parseEventsFile('{oops')).toThrow(SyntaxError);
  });

  test('moves every time field to now, in every body shape, without touching the rest', () => {
    const event = { type: 'track', messageId: 'm1', timestamp: '2026-01-01T00:00:00Z', sentAt: '2026-01-01T00:00:01Z', properties: { timestamp: 'keep' } };
    const iso = NOW.toISOString();
    expect(restampBody(event, NOW)).toEqual({ ...event, timestamp: iso, sentAt: iso });
    expect(restampBody([event], NOW)).toEqual([{ ...event, timestamp: iso, sentAt: iso }]);
    expect(restampBody({ batch: [event] }, NOW)).toEqual({ batch: [{ ...event, timestamp: iso, sentAt: iso }] });
    expect(restampBody({ type: 'page' }, NOW)).toEqual({ type: 'page', timestamp: iso });
    expect(event.timestamp).toBe('2026-01-01T00:00:00Z');
  });

  test('counts events', () => {
    expect([countEvents({}), countEvents([1, 2]), countEvents({ batch: [1, 2, 3] })]).toEqual([1, 2, 3]);
  });

  test('signs exactly the bytes it returns (Segment test vector)', () => {
    expect(signedBody({ cool: true }, 'abc123').headers['x-signature']).toBe('5099cab379b3be52908387457007040cc934ef86');
    const pretty = signedBody({ cool: true }, 'abc123', true);
    expect(pretty.payload).toBe('{\n  "cool": true\n}\n');
    expect(pretty.headers['x-signature']).toBe(signPayload('abc123', pretty.payload));
  });

  test('curl posts the file bytes unchanged, quoting what needs it', () => {
    expect(curlCommand('http://127.0.0.1:3000/v1/sources/demo/events', 'ab12', '.local/x.json')).toBe(
      [
        'curl -sS -X POST http://127.0.0.1:3000/v1/sources/demo/events',
        "  -H 'content-type: application/json'",
        "  -H 'x-signature: ab12'",
        '  --data-binary @.local/x.json',
      ].join(' \\\n'),
    );
    expect(curlCommand('http://h/x', 's', "it's here.json")).toContain(`--data-binary @'it'\\''s here.json'`);
  });
});

describe('authorizedBody: the console posts the way the source accepts', () => {
  const events = [{ type: 'track', event: 'A', messageId: 'm1' }, { type: 'track', event: 'B', messageId: 'm2' }];
  const verdict = (methods: readonly AuthMethod[], batch: readonly unknown[], secret = 'the-secret') => {
    const { payload, headers } = authorizedBody(batch, 'the-secret', methods);
    return authenticate({ secret, methods, headers: new Map(Object.entries(headers)), rawBody: payload, text: payload, maxSignedElementChars: 32_768 });
  };

  test.each<[readonly AuthMethod[], AuthMethod]>([
    [['signature', 'bearer', 'basic'], 'signature'],
    [['bearer'], 'bearer'],
    [['basic'], 'basic'],
    [['array-signature'], 'array-signature'],
  ])('auth %j: accepted as %s, one event or several', (methods, method) => {
    for (const batch of [events.slice(0, 1), events]) expect(verdict(methods, batch)).toEqual({ ok: true, method });
  });

  test('a wrong secret is refused whatever the method', () => {
    for (const methods of [['signature'], ['bearer'], ['basic'], ['array-signature']] as const) {
      expect(verdict(methods, events, 'another-secret')).toEqual({ ok: false });
    }
  });

  test('one event goes as itself, several as {batch}, the array rule as an array', () => {
    expect(JSON.parse(authorizedBody(events.slice(0, 1), 's', ['bearer']).payload)).toEqual(events[0]);
    expect(JSON.parse(authorizedBody(events, 's', ['bearer']).payload)).toEqual({ batch: events });
    expect(JSON.parse(authorizedBody(events, 's', ['array-signature']).payload)).toEqual(events);
  });
});
