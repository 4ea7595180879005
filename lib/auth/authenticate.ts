import { parseJson, type JsonParse } from '../util/parse-json';
import { presentedSecret } from './authorization-header';
import { constantTimeEqual } from './constant-time';
import { arraySignedPayload, signPayload } from './signature';

/**
 * Does the request prove knowledge of the source's webhook secret? Any one of:
 *   - `Authorization: Bearer <secret>` or Basic auth whose password is the secret;
 *   - `X-Signature` over the raw body (classic Webhooks, `{batch}` bodies; also accepted for arrays,
 *     where it covers more than Segment's own rule);
 *   - `X-Signature` over `JSON.stringify(body[0])` when the body is a JSON array (Webhooks Actions).
 * The array rule needs the parsed body, so a parse done here is handed back for reuse.
 */
export interface AuthInput {
  secret: string;
  /** Lower-cased header names. */
  headers: ReadonlyMap<string, string>;
  /** The body bytes as received (signed by the sender). */
  rawBody: Buffer | string;
  text: string;
}

export type AuthMethod = 'bearer' | 'basic' | 'signature' | 'array-signature';

/** `parsed` is set when authentication had to parse the body. */
export type AuthResult = { ok: true; method: AuthMethod; parsed?: JsonParse } | { ok: false; parsed?: JsonParse };

export function authenticate({ secret, headers, rawBody, text }: AuthInput): AuthResult {
  const authorization = headers.get('authorization');
  const password = presentedSecret(authorization);
  if (password !== undefined && constantTimeEqual(password, secret)) {
    return { ok: true, method: /^\s*bearer/i.test(authorization ?? '') ? 'bearer' : 'basic' };
  }

  const signature = headers.get('x-signature')?.trim().toLowerCase();
  if (!signature) return { ok: false };
  if (constantTimeEqual(signature, signPayload(secret, rawBody))) return { ok: true, method: 'signature' };

  // Only a body that starts like an array can be signed the Webhooks Actions way.
  if (!/^\s*\[/.test(text)) return { ok: false };
  const parsed = parseJson(text);
  if (!parsed.ok || !Array.isArray(parsed.value)) return { ok: false, parsed };
  const payload = arraySignedPayload(parsed.value);
  if (payload !== undefined && constantTimeEqual(signature, signPayload(secret, payload))) {
    return { ok: true, method: 'array-signature', parsed };
  }
  return { ok: false, parsed };
}
