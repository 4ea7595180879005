import fc from 'fast-check';
import { sqsSafeJson } from '../../lib/queue/sqs-safe-json';

// SQS accepts #x9 #xA #xD #x20–#xD7FF #xE000–#xFFFD #x10000–#x10FFFF.
// eslint-disable-next-line no-control-regex -- the point is to find control characters
const SQS_INVALID = /[\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]|[\u0000-\u0008\u000B\u000C\u000E-\u001F]/;

describe('sqsSafeJson', () => {
  it('returns SQS-friendly JSON unchanged', () => {
    const json = '{"name":"Zoë 😀","n":1}';
    expect(sqsSafeJson(json)).toBe(json);
  });

  it('escapes U+FFFE, U+FFFF and lone surrogates, keeping the same JSON value', () => {
    const json = '{"a":"x\uFFFFy\uD800z\uDC00"}';
    const safe = sqsSafeJson(json);
    expect(safe).toBe('{"a":"x\\uffffy\\ud800z\\udc00"}');
    expect(JSON.parse(safe)).toEqual(JSON.parse(json));
  });

  it('makes every JSON document storable without changing its value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.string({ unit: 'binary' }), (value, text) => {
        const json = JSON.stringify({ value, text }).replace(/\\ud[89a-f][0-9a-f]{2}/g, (e) => String.fromCharCode(parseInt(e.slice(2), 16)));
        const safe = sqsSafeJson(json);
        return !SQS_INVALID.test(safe) && JSON.stringify(JSON.parse(safe)) === JSON.stringify(JSON.parse(json));
      }),
      { numRuns: 300 },
    );
  });
});
