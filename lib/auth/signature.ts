import { createHmac } from 'node:crypto';

/**
 * Segment's `X-Signature`: hex(HMAC-SHA1(secret, payload)). Classic Webhooks sign the raw body;
 * Webhooks Actions in batch mode sign only `JSON.stringify(body[0])`.
 */
export function signPayload(secret: string, payload: string | Buffer): string {
  return createHmac('sha1', secret).update(payload).digest('hex');
}

/**
 * What Segment signs for an array body, or undefined when there is nothing to sign. Never throws:
 * an event nested too deeply for JSON.stringify simply cannot be verified this way.
 */
export function arraySignedPayload(events: readonly unknown[]): string | undefined {
  if (events.length === 0) return undefined;
  try {
    const text = JSON.stringify(events[0]);
    return typeof text === 'string' ? text : undefined;
  } catch {
    return undefined;
  }
}
