import fc from 'fast-check';
import { lineAndColumn, locateJsonError, parseJson } from '../../lib/util/parse-json';

describe('parseJson', () => {
  it('returns the value of valid JSON', () => {
    expect(parseJson('{"a":[1,2,{"b":null}]}')).toEqual({ ok: true, value: { a: [1, 2, { b: null }] } });
  });

  it.each([
    ['{"a":}', 5, "expected a value, found '}'"],
    ['{"a":1,}', 7, "expected a double-quoted property name, found '}'"],
    ['{', 1, 'expected a double-quoted property name, found end of input'],
    ['[1,2', 4, "expected ',' or ']', found end of input"],
    ['{"a" 1}', 5, "expected ':' after the property name, found '1'"],
    ['nul', 3, "expected 'null', found end of input"],
    ['{"a":1} x', 8, "expected end of input, found 'x'"],
    ['', 0, 'expected a value, found end of input'],
    ['"abc', 4, 'expected a valid string, found end of input'],
    ['{"a":"x\u0001"}', 7, 'expected a valid string, found U+0001'],
    ['[01]', 2, "expected ',' or ']', found '1'"],
    ['{"a":"\\q"}', 7, "expected a valid string, found 'q'"],
  ])('locates the error in %j at position %i', (text, position, what) => {
    const result = parseJson(text);
    expect(result).toEqual({ ok: false, position, message: expect.stringContaining(`at position ${position}`), line: expect.any(Number), column: expect.any(Number), detail: expect.stringContaining(what) });
    expect(!result.ok && result.message).toContain(what);
  });

  it('gives line and column for multi-line bodies', () => {
    const result = parseJson('{\n  "type": "track",\n  "event": \n}');
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toBe("invalid JSON at position 33 (line 4, column 1): expected a value, found '}'");
  });

  it('agrees with V8 wherever V8 reports a position', () => {
    const samples = ['{"a":1,}', '[1,2', '{"a" 1}', '{"a":1} x', '"abc', '{"a":"x\u0001"}', '[1,]', '{"a":tru}', '[-]', '[1.]', '[1e]', '{"a":"\\q"}', '["\\u12x4"]'];
    let compared = 0;
    for (const text of samples) {
      let v8: number | undefined;
      try {
        JSON.parse(text);
      } catch (error) {
        const match = /at position (\d+)/.exec((error as Error).message);
        if (match) v8 = Number(match[1]);
      }
      if (v8 === undefined) continue;
      compared++;
      expect([text, locateJsonError(text).position]).toEqual([text, v8]);
    }
    expect(compared).toBeGreaterThan(5);
  });

  it('never quotes the input in its message', () => {
    const result = parseJson('{"email": "jane@example.com", oops}');
    expect(!result.ok && result.message).not.toContain('jane');
  });

  it('survives nesting far deeper than the stack', () => {
    const deep = '['.repeat(500_000) + '}';
    const result = parseJson(deep);
    expect(result).toMatchObject({ ok: false, position: 500_000 });
  });

  it('reports a position inside the text for any corrupted JSON document', () => {
    fc.assert(
      fc.property(fc.json(), fc.nat(), fc.constantFrom('}', ']', ',', ':', '"', 'x'), (json, at, junk) => {
        const cut = at % (json.length + 1);
        const text = json.slice(0, cut) + junk + json.slice(cut);
        const result = parseJson(text);
        if (result.ok) return true;
        return result.position >= 0 && result.position <= text.length;
      }),
      { numRuns: 300 },
    );
  });
});

describe('lineAndColumn', () => {
  it('counts from 1', () => {
    expect(lineAndColumn('ab\ncd', 0)).toEqual({ line: 1, column: 1 });
    expect(lineAndColumn('ab\ncd', 4)).toEqual({ line: 2, column: 2 });
  });
});
