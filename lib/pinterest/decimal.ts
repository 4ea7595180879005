/**
 * Money and counts as Pinterest wants them: `value`, `item_price` and `predicted_ltv` are strings
 * holding a plain decimal number (never an exponent), `num_items` and `quantity` are integers.
 */

const PLAIN_DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?$/;
// One way to match each digit: `\d+\.?\d*` let the two digit runs split a long run in n ways,
// quadratic backtracking on 30,000 digits and an `x` (2 s). scripts/check-redos.ts keeps it linear.
const EXPONENTIAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)e[+-]?\d+$/i;
const HAS_DIGIT = /\d/;
const EXPONENT_PARTS = /^(-?)(\d+)(?:\.(\d+))?e([+-]\d+)$/;

/** 1.5e+21 → "1500000000000000000000", 1e-7 → "0.0000001". */
function expandExponent(printed: string): string {
  const parts = EXPONENT_PARTS.exec(printed);
  if (!parts) return printed;
  const [, sign, int = '', frac = '', exp = '0'] = parts;
  const digits = int + frac;
  const point = int.length + Number(exp);
  let body: string;
  if (point <= 0) body = `0.${'0'.repeat(-point)}${digits}`;
  else if (point >= digits.length) body = digits + '0'.repeat(point - digits.length);
  else body = `${digits.slice(0, point)}.${digits.slice(point)}`;
  return sign + body;
}

/** A finite number as JavaScript prints it (`25` → "25", `18.99` → "18.99"), exponents expanded. */
export function numberToDecimal(value: number): string | undefined {
  if (!Number.isFinite(value)) return undefined;
  const printed = String(value);
  return printed.includes('e') ? expandExponent(printed) : printed;
}

/** A computed amount (a sum of price × quantity) rounded to 6 decimals, trailing zeros dropped. */
export function roundedDecimal(value: number): string | undefined {
  if (!Number.isFinite(value)) return undefined;
  return numberToDecimal(Math.abs(value) < 1e15 ? Number(value.toFixed(6)) : value);
}

/**
 * A number or numeric string as a decimal string; anything else undefined. Plain decimal strings
 * keep their digits as written (no float round trip), tidied: `+5` → "5", `.5` → "0.5", `5.` → "5".
 */
export function toDecimalString(value: unknown): string | undefined {
  if (typeof value === 'number') return numberToDecimal(value);
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  const plain = PLAIN_DECIMAL.exec(trimmed);
  if (plain && HAS_DIGIT.test(trimmed)) {
    const [, sign, int = '', frac = ''] = plain;
    return `${sign === '-' ? '-' : ''}${int === '' ? '0' : int}${frac === '' ? '' : `.${frac}`}`;
  }
  return EXPONENTIAL.test(trimmed) ? numberToDecimal(Number(trimmed)) : undefined;
}

/** A finite number or numeric string as a number; anything else undefined. */
export function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  const decimal = toDecimalString(value);
  return decimal === undefined ? undefined : Number(decimal);
}

/**
 * A whole count (fractions truncated) that is zero or more; anything else (negatives included)
 * undefined. `-0` is a count of zero and is returned as 0: JSON has no negative zero, and the event
 * must be the same after serialising it.
 */
export function toCount(value: unknown): number | undefined {
  const n = toNumber(value);
  if (n === undefined || n < 0) return undefined;
  const whole = Math.trunc(n);
  if (whole === 0) return 0;
  return Number.isSafeInteger(whole) ? whole : undefined;
}
