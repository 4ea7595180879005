import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Compare a presented credential with the secret in constant time. Both sides are first HMACed
 * with a per-process random key, so timingSafeEqual always sees two 32-byte digests and the time
 * taken reveals neither the secret's length nor its prefix.
 */
const key = randomBytes(32);

const digest = (value: string | Buffer): Buffer => createHmac('sha256', key).update(value).digest();

export function constantTimeEqual(presented: string | Buffer, expected: string | Buffer): boolean {
  return timingSafeEqual(digest(presented), digest(expected));
}

/**
 * What an unknown source is checked against: a per-process random value nobody can present, so a
 * request for a source that does not exist does the same work (the same HMACs over the same bytes)
 * and gets the same 401 as a wrong credential for one that does.
 */
export const UNKNOWN_SOURCE_SECRET = randomBytes(32).toString('base64url');
