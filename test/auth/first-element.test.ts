import fc from 'fast-check';
import { firstArrayElement } from '../../lib/auth/first-element';

describe('firstArrayElement (bounded scan for the array rule)', () => {
  it('finds the first element, strings with brackets and escapes included', () => {
    expect(firstArrayElement(' [ {"a":"]}\\"[{"} , {"b":2}]', 100)).toMatchObject({ found: true, text: '{"a":"]}\\"[{"}' });
    expect(firstArrayElement('[[1,[2]],3]', 100)).toMatchObject({ found: true, text: '[1,[2]]' });
  });

  it('says why it found nothing', () => {
    expect(firstArrayElement('{"a":1}', 100)).toMatchObject({ found: false, reason: 'not-an-array' });
    expect(firstArrayElement('[]', 100)).toMatchObject({ found: false, reason: 'not-a-container' });
    expect(firstArrayElement('["x", {}]', 100)).toMatchObject({ found: false, reason: 'not-a-container' });
    expect(firstArrayElement('[{"a":1', 100)).toMatchObject({ found: false, reason: 'unterminated' });
    expect(firstArrayElement(`[{"a":"${'x'.repeat(200)}"}]`, 100)).toMatchObject({ found: false, reason: 'too-long', examined: 100 });
  });

  it('examines at most the bound on hostile bodies: 5 MB of nesting, of whitespace, of one open string', () => {
    const MB5 = 5 * 1024 * 1024;
    const bound = 32_768;
    for (const body of ['['.repeat(MB5), `${' '.repeat(MB5)}[{}]`, `[{"a":"${'x'.repeat(MB5)}`, `[${'{"a":'.repeat(MB5 / 5)}`]) {
      const result = firstArrayElement(body, bound);
      expect(result.found).toBe(false);
      expect(result.examined).toBeLessThanOrEqual(bound);
    }
  });

  it('agrees with JSON.parse on the first element of any array of JSON values (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.object(), fc.array(fc.jsonValue())), { minLength: 1, maxLength: 4 }), (values) => {
        const text = JSON.stringify(values);
        const result = firstArrayElement(text, text.length);
        expect(result).toMatchObject({ found: true });
        if (result.found) expect(JSON.parse(result.text)).toEqual(JSON.parse(JSON.stringify(values[0])));
      }),
      { seed: 1313, numRuns: 300 }, // fixed seed: deterministic in CI; fast-check prints it on failure
    );
  });
});
