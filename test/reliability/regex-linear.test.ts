import { join } from 'node:path';
import fc from 'fast-check';
import { checkAll, checkRegex, findRegexes, isLinear } from '../../scripts/check-redos';
import { toDecimalString } from '../../lib/pinterest/decimal';

/**
 * ReDoS guard: every regular expression in lib/ and functions/ gets recheck's verdict (a proof
 * over the pattern, not a timing), and the decimal parser is checked against a regex-free
 * reference on adversarial digit strings, with regex executions counted per call.
 */
const ROOT = join(__dirname, '../..');
const SEED = Number(process.env.FC_SEED ?? 13_2026);

describe('every regular expression in lib/ and functions/ runs in linear time', () => {
  it('finds the patterns (the collector is not silently empty)', () => {
    const found = findRegexes(ROOT);
    expect(found.length).toBeGreaterThan(30);
    expect(found.some((f) => f.file === 'lib/pinterest/decimal.ts' && f.flags === 'i' && f.source.includes('e[+-]?'))).toBe(true);
  });

  it('recheck would have caught the quadratic EXPONENTIAL of issue 13 and the trailing-slash trim', () => {
    expect(checkRegex('^[+-]?(?:\\d+\\.?\\d*|\\.\\d+)e[+-]?\\d+$', 'i')).toMatchObject({ status: 'vulnerable', complexity: 'polynomial' });
    expect(checkRegex('\\/+$', '')).toMatchObject({ status: 'vulnerable' });
  });

  it('recheck proves each one safe', () => {
    const notLinear = checkAll(ROOT).filter((v) => !isLinear(v));
    expect(notLinear.map((v) => `${v.file}:${v.line} /${v.source}/${v.flags} ${v.status} ${v.complexity ?? ''} ${v.attack ?? ''}`)).toEqual([]);
  }, 180_000);
});

/** A plain or exponential decimal, parsed by hand: the regex-free reference. */
function referenceDecimal(input: string): string | undefined {
  const s = input.trim();
  let i = 0;
  const sign = s[i] === '+' || s[i] === '-' ? s[i++] : '';
  const digitsFrom = (from: number) => {
    let j = from;
    while (j < s.length && s.charCodeAt(j) >= 48 && s.charCodeAt(j) <= 57) j++;
    return j;
  };
  const intEnd = digitsFrom(i);
  const int = s.slice(i, intEnd);
  let frac = '';
  let at = intEnd;
  if (s[at] === '.') {
    const fracEnd = digitsFrom(at + 1);
    frac = s.slice(at + 1, fracEnd);
    at = fracEnd;
  }
  if (int === '' && frac === '') return undefined;
  if (at === s.length) return `${sign === '-' ? '-' : ''}${int === '' ? '0' : int}${frac === '' ? '' : `.${frac}`}`;
  if (s[at] !== 'e' && s[at] !== 'E') return undefined;
  let expAt = at + 1;
  if (s[expAt] === '+' || s[expAt] === '-') expAt++;
  const expEnd = digitsFrom(expAt);
  if (expEnd === expAt || expEnd !== s.length) return undefined;
  return 'exponent';
}

/** Counts regex executions (RegExp.prototype.test calls exec) while `fn` runs. */
function countRegexRuns<T>(fn: () => T): { value: T; runs: number } {
  const original = RegExp.prototype.exec;
  let runs = 0;
  RegExp.prototype.exec = function exec(this: RegExp, input: string) {
    runs++;
    return original.call(this, input);
  };
  try {
    return { value: fn(), runs };
  } finally {
    RegExp.prototype.exec = original;
  }
}

describe('toDecimalString on adversarial inputs', () => {
  // The shapes recheck reports as attacks on the old pattern, at Segment's 32 KB event limit.
  const digitRun = fc.integer({ min: 0, max: 32_000 }).map((n) => '7'.repeat(n));
  const adversarial = fc
    .tuple(fc.constantFrom('', '+', '-', ' '), digitRun, fc.constantFrom('', '.', 'e', 'E+', '.e'), digitRun, fc.constantFrom('', 'x', 'e', '.', 'e-', '\u0000'))
    .map((parts) => parts.join(''));

  it('agrees with a regex-free reference and runs a constant number of regexes per call', () => {
    fc.assert(
      fc.property(adversarial, (input) => {
        const { value, runs } = countRegexRuns(() => toDecimalString(input));
        const expected = referenceDecimal(input);
        if (expected === 'exponent') expect(value).toBe(toDecimalString(String(Number(input.trim()))));
        else expect(value).toBe(expected);
        expect(runs).toBeLessThanOrEqual(4);
      }),
      { seed: SEED, numRuns: 200 },
    );
  });
});
