/**
 * The request body as text and as the bytes the sender signed. API Gateway hands over binary or
 * non-text content types base64-encoded; the signature is over the decoded bytes.
 */
export interface DecodedBody {
  text: string;
  /** The signed bytes: the decoded buffer, or the text (HMAC encodes it as UTF-8). */
  bytes: Buffer | string;
}

export function decodeBody(body: string | null | undefined, isBase64Encoded: boolean | undefined): DecodedBody {
  if (!body) return { text: '', bytes: '' };
  if (!isBase64Encoded) return { text: body, bytes: body };
  const bytes = Buffer.from(body, 'base64');
  return { text: bytes.toString('utf8'), bytes };
}
