import { numberToDecimal, roundedDecimal, toCount, toDecimalString } from '../../lib/pinterest/decimal';

describe('decimal strings', () => {
  it('prints numbers as JavaScript does, never with an exponent', () => {
    expect(numberToDecimal(25)).toBe('25');
    expect(numberToDecimal(18.99)).toBe('18.99');
    expect(numberToDecimal(-3.5)).toBe('-3.5');
    expect(numberToDecimal(1e21)).toBe('1000000000000000000000');
    expect(numberToDecimal(1.5e22)).toBe('15000000000000000000000');
    expect(numberToDecimal(1e-7)).toBe('0.0000001');
    expect(numberToDecimal(-1.25e-7)).toBe('-0.000000125');
    expect(numberToDecimal(Number.POSITIVE_INFINITY)).toBeUndefined();
    expect(numberToDecimal(Number.NaN)).toBeUndefined();
  });

  it('rounds computed sums to 6 decimals without trailing zeros', () => {
    expect(roundedDecimal(18.99 * 2)).toBe('37.98');
    expect(roundedDecimal(0.1 + 0.2)).toBe('0.3');
    expect(roundedDecimal(1 / 3)).toBe('0.333333');
    expect(roundedDecimal(40)).toBe('40');
  });

  it('accepts numeric strings and keeps their digits', () => {
    expect(toDecimalString('18.99')).toBe('18.99');
    expect(toDecimalString(' 25 ')).toBe('25');
    expect(toDecimalString('+5')).toBe('5');
    expect(toDecimalString('.5')).toBe('0.5');
    expect(toDecimalString('5.')).toBe('5');
    expect(toDecimalString('12345678901234567890.123456789')).toBe('12345678901234567890.123456789');
    expect(toDecimalString('1e3')).toBe('1000');
    expect(toDecimalString('2.5E-7')).toBe('0.00000025');
  });

  it('omits anything that is not a number', () => {
    for (const value of ['$18.99', '18,99', 'abc', '', '.', '-', 'Infinity', 'NaN', '1e999', null, true, {}, [1]]) {
      expect(toDecimalString(value)).toBeUndefined();
    }
  });

  it('counts are whole and not negative', () => {
    expect(toCount(2)).toBe(2);
    expect(toCount('3')).toBe(3);
    expect(toCount(2.7)).toBe(2);
    expect(toCount(-1)).toBeUndefined();
    // JSON has no negative zero: -0 would come back as 0 and change the event on the wire.
    for (const zero of [-0, '-0', '-0.0', 0.2]) expect(Object.is(toCount(zero), 0)).toBe(true);
    expect(toCount(-0.4)).toBeUndefined();
    expect(toCount('two')).toBeUndefined();
    expect(toCount(1e300)).toBeUndefined();
  });
});
