import { createHash } from 'node:crypto';
import { NORMALIZERS, type HashedUserDataKey } from './normalize';

const PRE_HASHED = /^[0-9a-fA-F]{64}$/;

/** Lowercase hex SHA-256 of the UTF-8 bytes of value. */
export function sha256Hex(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

type Prepared = { hashed: string } | { plain: string };

/** Pre-hashed values pass through lowercased; others are normalised for `key`. */
function prepare(key: HashedUserDataKey, value: unknown): Prepared | undefined {
  let raw: string;
  if (typeof value === 'string') raw = value.trim();
  else if (typeof value === 'number' && Number.isFinite(value)) raw = String(value);
  else return undefined;
  if (PRE_HASHED.test(raw)) return { hashed: raw.toLowerCase() };
  const plain = NORMALIZERS[key](raw);
  return plain === undefined ? undefined : { plain };
}

/**
 * One user_data value, normalised and hashed for `key`. A value that already is 64 hex characters
 * was hashed upstream and passes through lowercased. Numbers are read as their decimal text
 * (phones and zips often arrive as numbers); anything else gives undefined.
 */
export function hashUserDataValue(key: HashedUserDataKey, value: unknown): string | undefined {
  const prepared = prepare(key, value);
  if (prepared === undefined) return undefined;
  return 'hashed' in prepared ? prepared.hashed : sha256Hex(prepared.plain);
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
    const prepared = prepare(key, element);
    if (prepared === undefined) continue;
    if ('hashed' in prepared) {
      hashes.add(prepared.hashed);
    } else if (!plains.has(prepared.plain)) {
      plains.add(prepared.plain);
      hashes.add(sha256Hex(prepared.plain));
    }
  }
  return hashes.size === 0 ? undefined : [...hashes];
}
