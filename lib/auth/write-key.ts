import { basicSecret, presentedCredentials } from './authorization-header';
import { constantTimeEqual } from './constant-time';

/**
 * Write keys for the Segment tracking API door (`/v1/batch`, `/v1/track`, …). Segment's clients
 * send the write key as the Basic user name and nothing else, so the key itself must say which
 * source it is for: `<sourceId>.<secret>`, e.g. `web.q7Vd2…` (22+ characters of base64url after the
 * dot, 128 bits or more). Ingest reads the source id from the key, looks up that source's stored
 * write key and compares the whole key in constant time. No index from key to source is stored,
 * so there is nothing to keep in step on rotation and no parameter named after a key.
 */
export const WRITE_KEY_PATTERN = /^([A-Za-z0-9_-]{1,64})\.[A-Za-z0-9_-]{22,256}$/;
const MAX_WRITE_KEY_CHARS = 64 + 1 + 256;

/** The source a well-formed write key names, or undefined. */
export function sourceIdOfWriteKey(writeKey: string): string | undefined {
  if (writeKey.length > MAX_WRITE_KEY_CHARS) return undefined;
  return WRITE_KEY_PATTERN.exec(writeKey)?.[1];
}

/** The write key a request presents: the Basic user name (empty password) or password. */
export function presentedWriteKey(headers: ReadonlyMap<string, string>): string | undefined {
  return basicSecret(presentedCredentials(headers.get('authorization')));
}

/** Constant-time check of the presented key against the stored one (a random value for unknown sources). */
export function writeKeyMatches(presented: string | undefined, stored: string): boolean {
  return constantTimeEqual(presented ?? '', stored);
}

/** Problems with a write key an operator wants to store for `sourceId` (never quotes the key). */
export function writeKeyProblem(writeKey: string, sourceId: string): string | undefined {
  const named = sourceIdOfWriteKey(writeKey);
  if (named === undefined) return 'writeKey must look like <sourceId>.<22 or more letters, digits, "_" or "-">';
  if (named !== sourceId) return `writeKey must start with the source id ("${sourceId}.")`;
  return undefined;
}
