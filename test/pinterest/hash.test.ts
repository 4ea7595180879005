import { hashUserData, hashUserDataValue, sha256Hex } from '../../lib/pinterest/hash';

// Public vectors from Pinterest's and the documentation: lowercase hex SHA-256 of the normalised value.
const EMAIL = '87924606b4131a8aceeeae8868531fbb9712aaa07a5d3a756b26ce0f5d6ca674';
const PHONE = 'd6736136ea896c1bfdc553e0e86e702c70d060d805696ca3e4e9e0961353860a';
const FEMALE = '252f10c83610ebca1a059c0bae8255eba2f95be4d1d7bcfa89d7248a82d9f111';
const CA = '6959097001d10501ac7d54c0bdb8db61420f658f2922cc26e46d536119a31126';

describe('sha256Hex', () => {
  it('matches the public vectors', () => {
    expect(sha256Hex('test@gmail.com')).toBe(EMAIL);
    expect(sha256Hex('15551234567')).toBe(PHONE);
    expect(sha256Hex('f')).toBe(FEMALE);
    expect(sha256Hex('ca')).toBe(CA);
  });

  it('hashes the UTF-8 bytes, not UTF-16 code units', () => {
    expect(sha256Hex('\u00e9')).toBe('4a99557e4033c3539de2eb65472017cad5f9557f7a0625a09f1c3f6e2ba69c4c');
  });
});

describe('hashUserDataValue', () => {
  it('normalises each key before hashing (public vectors)', () => {
    expect(hashUserDataValue('em', ' Test@Gmail.com ')).toBe(EMAIL);
    expect(hashUserDataValue('ph', '+1 (555) 123-4567')).toBe(PHONE);
    expect(hashUserDataValue('ge', 'female')).toBe(FEMALE);
    expect(hashUserDataValue('st', 'CA')).toBe(CA);
  });

  it('reads numbers as their decimal text', () => {
    expect(hashUserDataValue('ph', 15551234567)).toBe(PHONE);
    expect(hashUserDataValue('zp', 94105)).toBe(sha256Hex('94105'));
  });

  it('passes a value that already is 64 hex characters through, lowercased', () => {
    expect(hashUserDataValue('em', EMAIL.toUpperCase())).toBe(EMAIL);
    expect(hashUserDataValue('ph', ` ${PHONE} `)).toBe(PHONE);
  });

  it('leaves out empty and unusable values', () => {
    expect(hashUserDataValue('em', '   ')).toBeUndefined();
    expect(hashUserDataValue('ph', 'call me')).toBeUndefined();
    expect(hashUserDataValue('ge', 'unknown')).toBeUndefined();
    expect(hashUserDataValue('em', null)).toBeUndefined();
    expect(hashUserDataValue('em', { email: 'a@b.c' })).toBeUndefined();
    expect(hashUserDataValue('em', true)).toBeUndefined();
    expect(hashUserDataValue('ph', Number.NaN)).toBeUndefined();
  });
});

describe('hashUserData', () => {
  it('wraps a single value in an array', () => {
    expect(hashUserData('em', 'test@gmail.com')).toEqual([EMAIL]);
  });

  it('hashes arrays element by element, once per normalised value, skipping empties', () => {
    expect(hashUserData('em', ['test@gmail.com', ' TEST@gmail.com', '', null, 'other@example.com', EMAIL])).toEqual([
      EMAIL,
      sha256Hex('other@example.com'),
    ]);
  });

  it('gives undefined when nothing usable is left', () => {
    expect(hashUserData('em', [])).toBeUndefined();
    expect(hashUserData('em', ['', ' '])).toBeUndefined();
    expect(hashUserData('em', undefined)).toBeUndefined();
  });
});
