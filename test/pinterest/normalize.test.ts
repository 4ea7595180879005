import {
  normalizeBirthday,
  normalizeCity,
  normalizeCountry,
  normalizeEmail,
  normalizeExternalId,
  normalizeGender,
  normalizeMaid,
  normalizeName,
  normalizePhone,
  normalizeState,
  normalizeZip,
} from '../../lib/pinterest/normalize';

describe('user_data normalisation', () => {
  it('em: trim, remove whitespace, lowercase', () => {
    expect(normalizeEmail(' Test@Gmail.com ')).toBe('test@gmail.com');
    expect(normalizeEmail('jane .doe@ex ample.com')).toBe('jane.doe@example.com');
    expect(normalizeEmail(' \t ')).toBeUndefined();
  });

  it('ph: digits only with country code, leading zeros dropped', () => {
    expect(normalizePhone('+1 (555) 123-4567')).toBe('15551234567');
    expect(normalizePhone('0044 20 7946 0958')).toBe('442079460958');
    expect(normalizePhone('tel: +49-30-1234ext')).toBe('49301234');
    expect(normalizePhone('n/a')).toBeUndefined();
    expect(normalizePhone('000')).toBeUndefined();
  });

  it('fn / ln: trim, lowercase', () => {
    expect(normalizeName('  Jane ')).toBe('jane');
    expect(normalizeName('Ørsted')).toBe('ørsted');
    expect(normalizeName('  ')).toBeUndefined();
  });

  it.each([
    ['female', 'f'],
    ['F', 'f'],
    ['Woman', 'f'],
    ['male', 'm'],
    [' M ', 'm'],
    ['non-binary', 'n'],
    ['Non Binary', 'n'],
    ['nonbinary', 'n'],
    ['n', 'n'],
  ])('ge: %s → %s', (input, expected) => {
    expect(normalizeGender(input)).toBe(expected);
  });

  it('ge: leaves out what it cannot map instead of guessing', () => {
    expect(normalizeGender('unknown')).toBeUndefined();
    expect(normalizeGender('')).toBeUndefined();
  });

  it('db: YYYYMMDD from ISO dates or 8 digits', () => {
    expect(normalizeBirthday('1990-05-17')).toBe('19900517');
    expect(normalizeBirthday('1990-5-7')).toBe('19900507');
    expect(normalizeBirthday('1990-05-17T23:30:00-08:00')).toBe('19900517');
    expect(normalizeBirthday('19900517')).toBe('19900517');
    expect(normalizeBirthday('1990-13-01')).toBeUndefined();
    expect(normalizeBirthday('17/05/1990')).toBeUndefined();
    expect(normalizeBirthday('May 17')).toBeUndefined();
  });

  it('ct: lowercase without spaces or punctuation', () => {
    expect(normalizeCity('San Francisco')).toBe('sanfrancisco');
    expect(normalizeCity('St. Louis')).toBe('stlouis');
    expect(normalizeCity('Köln')).toBe('köln');
    expect(normalizeCity(' - ')).toBeUndefined();
  });

  it('st: two-letter code lowercase; US state names become their code', () => {
    expect(normalizeState('CA')).toBe('ca');
    expect(normalizeState('N.Y.')).toBe('ny');
    expect(normalizeState('California')).toBe('ca');
    expect(normalizeState('new york')).toBe('ny');
    expect(normalizeState('Bavaria')).toBeUndefined();
  });

  it('zp: US zips as 5 digits, other postcodes kept alphanumeric, lowercase, no spaces', () => {
    expect(normalizeZip('94105')).toBe('94105');
    expect(normalizeZip('94105-1234')).toBe('94105');
    expect(normalizeZip('SW1A 1AA')).toBe('sw1a1aa');
    expect(normalizeZip('K1A 0B1')).toBe('k1a0b1');
    expect(normalizeZip('10115')).toBe('10115');
    expect(normalizeZip(' ')).toBeUndefined();
  });

  it('country: ISO alpha-2 lowercase, from codes or English names', () => {
    expect(normalizeCountry('US')).toBe('us');
    expect(normalizeCountry('USA')).toBe('us');
    expect(normalizeCountry('United States')).toBe('us');
    expect(normalizeCountry('UK')).toBe('gb');
    expect(normalizeCountry('Germany')).toBe('de');
    expect(normalizeCountry('Atlantis')).toBeUndefined();
    expect(normalizeCountry('')).toBeUndefined();
  });

  it('external_id: trim only (ids are case-sensitive)', () => {
    expect(normalizeExternalId('  User_8842 ')).toBe('User_8842');
    expect(normalizeExternalId(' ')).toBeUndefined();
  });

  it('hashed_maids: lowercase; the all-zero IDFA is left out', () => {
    expect(normalizeMaid('6D92078A-8246-4BA4-AE5B-76104861E7DC')).toBe('6d92078a-8246-4ba4-ae5b-76104861e7dc');
    expect(normalizeMaid('00000000-0000-0000-0000-000000000000')).toBeUndefined();
  });
});
