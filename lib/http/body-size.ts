/**
 * Size limits, checked before the body is decoded or parsed so an oversized request costs
 * almost nothing. The messages name the limit and the variable that sets it.
 */
export interface BodyLimits {
  /** Whole request body, decoded. */
  maxBodyBytes: number;
  /** One event as it will be stored in SQS. */
  maxEventBytes: number;
}

/** Room kept for message attributes when an event is stored (a dead-letter `detail` can reach ~3 KiB). */
export const ATTRIBUTE_ROOM_BYTES = 4096;

export type SizeCheck = { ok: true } | { ok: false; message: string };

export function bodyTooLarge(bytes: number, limit: number): string {
  return `request body is ${bytes} bytes; the limit is ${limit} bytes (MAX_BODY_BYTES)`;
}

export function eventTooLarge(bytes: number, limit: number): string {
  return `event is ${bytes} bytes; the limit is ${limit} bytes (MAX_EVENT_BYTES)`;
}

/** Decoded size of a base64 string without decoding it. */
export function base64DecodedBytes(encoded: string): number {
  let padding = 0;
  if (encoded.endsWith('==')) padding = 2;
  else if (encoded.endsWith('=')) padding = 1;
  return Math.floor((encoded.length * 3) / 4) - padding;
}

/**
 * The declared Content-Length first (a client announcing 50 MB is refused without looking at the
 * body), then the body's actual size.
 */
export function checkBodySize(
  body: string,
  isBase64Encoded: boolean,
  contentLength: string | undefined,
  maxBodyBytes: number,
): SizeCheck {
  const declared = contentLength === undefined ? NaN : Number(contentLength.trim());
  if (Number.isSafeInteger(declared) && declared > maxBodyBytes) {
    return { ok: false, message: bodyTooLarge(declared, maxBodyBytes) };
  }
  // base64 length is an upper bound of 4/3 the bytes; utf8 length is at most 3 bytes per UTF-16 unit.
  const cheapUpperBound = isBase64Encoded ? base64DecodedBytes(body) : body.length * 3;
  if (cheapUpperBound <= maxBodyBytes) return { ok: true };
  const actual = isBase64Encoded ? cheapUpperBound : Buffer.byteLength(body, 'utf8');
  return actual > maxBodyBytes ? { ok: false, message: bodyTooLarge(actual, maxBodyBytes) } : { ok: true };
}
