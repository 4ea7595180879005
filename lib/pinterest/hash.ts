import { hash } from 'node:crypto';
import { NORMALIZERS, type HashedUserDataKey } from './normalize';

const PRE_HASHED = /^[0-9a-fA-F]{64}$/;

/** Lowercase hex SHA-256 of the UTF-8 bytes of value. */
export function sha256Hex(value: string): string {
  // crypto.hash (Node ≥ 20.12) is a one-shot digest, about 3× cheaper than createHash per value.
  return hash('sha256', value, 'hex');
}

/** The value as text (trimmed string, or a finite number's decimal text), else undefined. */
function rawText(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

// The length check first: almost no value is 64 characters long, so the regex rarely runs.
const isPreHashed = (raw: string): boolean => raw.length === 64 && PRE_HASHED.test(raw);

/**
 * One user_data value, normalised and hashed for `key`. A value that already is 64 hex characters
 * was hashed upstream and passes through lowercased. Numbers are read as their decimal text
 * (phones and zips often arrive as numbers); anything else gives undefined.
 */
export function hashUserDataValue(key: HashedUserDataKey, value: unknown): string | undefined {
  const raw = rawText(value);
  if (raw === undefined) return undefined;
  if (isPreHashed(raw)) return raw.toLowerCase();
  const plain = NORMALIZERS[key](raw);
  return plain === undefined ? undefined : sha256Hex(plain);
}

/**
 * A user_data field as Pinterest wants it: an array of hashes. Arrays are hashed element by
 * element; values equal after normalisation are hashed once and sent once. Nothing usable gives
 * undefined, so the key is left out.
 */
export function hashUserData(key: HashedUserDataKey, value: unknown): string[] | undefined {
  if (!Array.isArray(value)) {
    const hash = hashUserDataValue(key, value);
    return hash === undefined ? undefined : [hash];
  }
  const hashes = new Set<string>();
  const plains = new Set<string>();
  for (const element of value) {
    const raw = rawText(element);
    if (raw === undefined) continue;
    if (isPreHashed(raw)) {
      hashes.add(raw.toLowerCase());
      continue;
    }
    const plain = NORMALIZERS[key](raw);
    if (plain !== undefined && !plains.has(plain)) {
      plains.add(plain);
      hashes.add(sha256Hex(plain));
    }
  }
  return hashes.size === 0 ? undefined : [...hashes];
}
