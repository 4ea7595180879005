/**
 * Normalisation of user_data values before hashing, one rule per key, exactly as Pinterest's
 * reference describes it (see docs/settings.md "Event mapping"). Each function returns the normalised
 * string, or undefined when nothing usable is left (the key is then left out, never hashed empty).
 */

export const HASHED_USER_DATA_KEYS = [
  'em',
  'ph',
  'fn',
  'ln',
  'ge',
  'db',
  'ct',
  'st',
  'zp',
  'country',
  'external_id',
  'hashed_maids',
] as const;
export type HashedUserDataKey = (typeof HASHED_USER_DATA_KEYS)[number];

const WHITESPACE = /\s+/g;
const NON_DIGITS = /\D+/g;
const LEADING_ZEROS = /^0+/;
const NOT_LETTER_OR_DIGIT = /[^\p{L}\p{N}]+/gu;
const NOT_ASCII_ALNUM = /[^a-z0-9]+/g;
const GENDER_SEPARATORS = /[\s_-]+/g;
const ISO_DATE = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T\s].*)?$/;
const EIGHT_DIGITS = /^(\d{4})(\d{2})(\d{2})$/;
const US_ZIP = /^(\d{5})(?:[\s-]?\d{4})?$/;

const nonEmpty = (value: string): string | undefined => (value === '' ? undefined : value);

/** Email: trim, remove whitespace, lowercase. */
export function normalizeEmail(value: string): string | undefined {
  return nonEmpty(value.replace(WHITESPACE, '').toLowerCase());
}

/** Phone: digits only (country code included), leading zeros dropped: `+1 (555) 123-4567` → `15551234567`. */
export function normalizePhone(value: string): string | undefined {
  return nonEmpty(value.replace(NON_DIGITS, '').replace(LEADING_ZEROS, ''));
}

/** First or last name: trim, lowercase. */
export function normalizeName(value: string): string | undefined {
  return nonEmpty(value.trim().toLowerCase());
}

const GENDERS = new Map<string, string>([
  ['f', 'f'],
  ['female', 'f'],
  ['woman', 'f'],
  ['m', 'm'],
  ['male', 'm'],
  ['man', 'm'],
  ['n', 'n'],
  ['nonbinary', 'n'],
  ['nb', 'n'],
  ['enby', 'n'],
  ['genderqueer', 'n'],
]);

/** Gender: `f`, `m` or `n` from the usual spellings; anything else is left out rather than guessed. */
export function normalizeGender(value: string): string | undefined {
  return GENDERS.get(value.toLowerCase().replace(GENDER_SEPARATORS, ''));
}

function dateOfBirth(year: string, month: string, day: string): string | undefined {
  const m = Number(month);
  const d = Number(day);
  if (m < 1 || m > 12 || d < 1 || d > 31) return undefined;
  return `${year}${month.padStart(2, '0')}${day.padStart(2, '0')}`;
}

/**
 * Date of birth: `YYYYMMDD` from an ISO date (`1990-05-17`, `1990-05-17T00:00:00Z`: the date as
 * written, no time-zone shift) or from 8 digits already in that order.
 */
export function normalizeBirthday(value: string): string | undefined {
  const trimmed = value.trim();
  const iso = ISO_DATE.exec(trimmed) ?? EIGHT_DIGITS.exec(trimmed);
  return iso ? dateOfBirth(iso[1] as string, iso[2] as string, iso[3] as string) : undefined;
}

/** City: lowercase, no spaces or punctuation (`St. Louis` → `stlouis`). */
export function normalizeCity(value: string): string | undefined {
  return nonEmpty(value.toLowerCase().replace(NOT_LETTER_OR_DIGIT, ''));
}

const US_STATES: Record<string, string> = {
  alabama: 'al', alaska: 'ak', arizona: 'az', arkansas: 'ar', california: 'ca', colorado: 'co',
  connecticut: 'ct', delaware: 'de', districtofcolumbia: 'dc', florida: 'fl', georgia: 'ga', hawaii: 'hi',
  idaho: 'id', illinois: 'il', indiana: 'in', iowa: 'ia', kansas: 'ks', kentucky: 'ky', louisiana: 'la',
  maine: 'me', maryland: 'md', massachusetts: 'ma', michigan: 'mi', minnesota: 'mn', mississippi: 'ms',
  missouri: 'mo', montana: 'mt', nebraska: 'ne', nevada: 'nv', newhampshire: 'nh', newjersey: 'nj',
  newmexico: 'nm', newyork: 'ny', northcarolina: 'nc', northdakota: 'nd', ohio: 'oh', oklahoma: 'ok',
  oregon: 'or', pennsylvania: 'pa', rhodeisland: 'ri', southcarolina: 'sc', southdakota: 'sd',
  tennessee: 'tn', texas: 'tx', utah: 'ut', vermont: 'vt', virginia: 'va', washington: 'wa',
  westvirginia: 'wv', wisconsin: 'wi', wyoming: 'wy', puertorico: 'pr',
};

/**
 * State: the two-letter code, lowercase (`CA` → `ca`, `N.Y.` → `ny`); US state names are turned
 * into their code. A longer value that is not a known name is left out: it could never match.
 */
export function normalizeState(value: string): string | undefined {
  const folded = value.toLowerCase().replace(NOT_ASCII_ALNUM, '');
  if (folded.length === 2) return folded;
  return Object.hasOwn(US_STATES, folded) ? US_STATES[folded] : undefined;
}

/**
 * Zip / postal code: US zips as their 5 digits (`94105-1234` → `94105`); other postcodes keep their
 * letters, lowercase, without spaces (`SW1A 1AA` → `sw1a1aa`).
 */
export function normalizeZip(value: string): string | undefined {
  const trimmed = value.trim();
  const us = US_ZIP.exec(trimmed);
  if (us) return us[1];
  return nonEmpty(trimmed.replace(WHITESPACE, '').toLowerCase());
}

const COUNTRY_ALIASES: Record<string, string> = { uk: 'gb', usa: 'us', unitedstatesofamerica: 'us', greatbritain: 'gb' };
let countryNames: Map<string, string> | undefined;

/** English country names → alpha-2, built once from the runtime's ICU data on first need. */
function countryByName(folded: string): string | undefined {
  if (!countryNames) {
    countryNames = new Map();
    const names = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
    for (let a = 65; a <= 90; a++) {
      for (let b = 65; b <= 90; b++) {
        const code = String.fromCharCode(a, b);
        const name = names.of(code);
        if (name) countryNames.set(name.toLowerCase().replace(NOT_ASCII_ALNUM, ''), code.toLowerCase());
      }
    }
  }
  return countryNames.get(folded);
}

/** Country: ISO 3166 alpha-2, lowercase (`US` → `us`, `United States` → `us`); unknown names are left out. */
export function normalizeCountry(value: string): string | undefined {
  const folded = value.toLowerCase().replace(NOT_ASCII_ALNUM, '');
  if (folded === '') return undefined;
  if (Object.hasOwn(COUNTRY_ALIASES, folded)) return COUNTRY_ALIASES[folded];
  if (folded.length === 2) return folded;
  return countryByName(folded);
}

/** External id (the advertiser's user id): trim. */
export function normalizeExternalId(value: string): string | undefined {
  return nonEmpty(value.trim());
}

const ZERO_MAID = /^[0-]+$/;

/** Mobile advertising id: trim, lowercase. The all-zero IDFA iOS reports under Limit Ad Tracking is left out. */
export function normalizeMaid(value: string): string | undefined {
  const lower = value.trim().toLowerCase();
  return ZERO_MAID.test(lower) ? undefined : nonEmpty(lower);
}

export const NORMALIZERS: Readonly<Record<HashedUserDataKey, (value: string) => string | undefined>> = {
  em: normalizeEmail,
  ph: normalizePhone,
  fn: normalizeName,
  ln: normalizeName,
  ge: normalizeGender,
  db: normalizeBirthday,
  ct: normalizeCity,
  st: normalizeState,
  zp: normalizeZip,
  country: normalizeCountry,
  external_id: normalizeExternalId,
  hashed_maids: normalizeMaid,
};
