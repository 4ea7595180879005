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
