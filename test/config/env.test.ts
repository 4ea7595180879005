import { envBoolean, envNumber, envString, requireEnv } from '../../lib/config/env';

describe('env helpers', () => {
  it('falls back on missing or blank values', () => {
    expect(envString('X', 'd', {})).toBe('d');
    expect(envString('X', 'd', { X: '  ' })).toBe('d');
    expect(envNumber('N', 5, {}, {})).toBe(5);
    expect(envBoolean('B', true, {})).toBe(true);
  });
  it('parses valid values', () => {
    expect(envString('X', 'd', { X: ' v ' })).toBe('v');
    expect(envNumber('N', 5, { min: 1, max: 10 }, { N: '7' })).toBe(7);
    expect(envNumber('N', 5, { integer: false }, { N: '0.5' })).toBe(0.5);
    expect(envBoolean('B', true, { B: 'off' })).toBe(false);
  });
  it('names the variable and the rule on bad values', () => {
    expect(() => envNumber('N', 5, { min: 1, max: 10 }, { N: '11' })).toThrow('environment variable N must be an integer ≥ 1 and ≤ 10, got "11"');
    expect(() => envNumber('N', 5, {}, { N: 'abc' })).toThrow('environment variable N must be an integer, got "abc"');
    expect(() => envBoolean('B', true, { B: 'maybe' })).toThrow(/B must be true or false/);
    expect(() => requireEnv('Q', {})).toThrow('environment variable Q is required');
  });
});
