import { basicSecret, presentedCredentials } from './authorization-header';
import { constantTimeEqual } from './constant-time';
import type { AuthMethod } from './methods';
import { arraySignedPayload, signPayload } from './signature';

/**
 * Does the request prove knowledge of the source's webhook secret by one of the methods the source
 * accepts (see methods.ts)? Nothing here parses the body: the whole-body signature is an HMAC over
 * the raw bytes, and the array rule reads only the first element (a bounded scan).
 *
 * Every check the request's headers call for is done whatever the source accepts and whoever the
 * source is (an unknown source is checked against a random secret): the work, and so the time,
 * depend only on the request, never on whether the source exists or how it is configured.
 */
export interface AuthInput {
  /** The source's webhook secret, or UNKNOWN_SOURCE_SECRET for a source that does not exist. */
  secret: string;
  /** What the source accepts (its settings' `auth`). */
  methods: readonly AuthMethod[];
  /** Lower-cased header names. */
  headers: ReadonlyMap<string, string>;
  /** The body bytes as received (signed by the sender). */
  rawBody: Buffer | string;
  text: string;
  /** Bound of the first-element scan for the array rule (a Segment event is at most 32 KB). */
  maxSignedElementChars: number;
}

export type AuthResult = { ok: true; method: AuthMethod } | { ok: false };

/** The methods the request proves, in a fixed order, computed in full every time. */
export function provenMethods({ secret, headers, rawBody, text, maxSignedElementChars }: Omit<AuthInput, 'methods'>): AuthMethod[] {
  const proven: AuthMethod[] = [];
  const credentials = presentedCredentials(headers.get('authorization'));
  if (credentials.scheme === 'bearer' && constantTimeEqual(credentials.token, secret)) proven.push('bearer');
  const basic = basicSecret(credentials);
  if (basic !== undefined && constantTimeEqual(basic, secret)) proven.push('basic');

  const signature = headers.get('x-signature')?.trim().toLowerCase();
  if (signature) {
    if (constantTimeEqual(signature, signPayload(secret, rawBody))) proven.push('signature');
    const arrayPayload = arraySignedPayload(text, maxSignedElementChars);
    if (arrayPayload !== undefined && constantTimeEqual(signature, signPayload(secret, arrayPayload))) proven.push('array-signature');
  }
  return proven;
}

export function authenticate(input: AuthInput): AuthResult {
  const method = provenMethods(input).find((m) => input.methods.includes(m));
  return method ? { ok: true, method } : { ok: false };
}
