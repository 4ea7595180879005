import { createHmac } from 'node:crypto';
import { firstArrayElement } from './first-element';

/**
 * Segment's `X-Signature`: hex(HMAC-SHA1(secret, payload)). Classic Webhooks sign the raw body;
 * Webhooks Actions in batch mode sign only `JSON.stringify(body[0])`.
 */
export function signPayload(secret: string, payload: string | Buffer): string {
  return createHmac('sha1', secret).update(payload).digest('hex');
}

/**
 * What Segment signs for an array body, or undefined when there is nothing to sign. Reads only the
 * first element (a bounded scan of at most `maxElementChars`, then a parse of that slice alone)
 * and never throws: an element too long, malformed or nested too deeply for JSON.stringify simply
 * cannot be verified this way.
 */
export function arraySignedPayload(text: string, maxElementChars: number): string | undefined {
  const first = firstArrayElement(text, maxElementChars);
  if (!first.found) return undefined;
  try {
    const serialised = JSON.stringify(JSON.parse(first.text));
    return typeof serialised === 'string' ? serialised : undefined;
  } catch {
    return undefined;
  }
}
