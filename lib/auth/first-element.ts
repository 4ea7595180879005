/**
 * The text of the first element of a JSON array body, found by a bounded scan: at most `maxChars`
 * characters are examined, whatever the body's size, and nothing is parsed. This is what the
 * Webhooks (Actions) array rule signs, so the signature can be checked before the body is parsed:
 * a 5 MB `[[[[…]]]]` costs `maxChars` steps and a 401, not a full parse.
 *
 * The scan only finds where the first value ends (brackets and braces outside strings, escapes
 * inside them); whether that slice is valid JSON is for the parser that reads it. A Segment event
 * is an object, so a first element that is not an object or array cannot carry a signature.
 */
export type FirstElement =
  | { found: true; text: string; examined: number }
  | { found: false; examined: number; reason: 'not-an-array' | 'not-a-container' | 'too-long' | 'unterminated' };

const isWs = (c: number) => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;

export function firstArrayElement(text: string, maxChars: number): FirstElement {
  // Leading whitespace counts against the bound too: 5 MB of spaces is not scanned whole.
  const end = Math.min(text.length, Math.max(0, maxChars));
  let i = 0;
  while (i < end && isWs(text.charCodeAt(i))) i++;
  if (i >= end || text.charCodeAt(i) !== 0x5b) return { found: false, examined: i, reason: 'not-an-array' };
  i++;
  while (i < end && isWs(text.charCodeAt(i))) i++;
  const start = i;
  const first = text.charCodeAt(i);
  if (i >= end || (first !== 0x7b && first !== 0x5b)) return { found: false, examined: i, reason: 'not-a-container' };

  let depth = 0;
  let inString = false;
  for (; i < end; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // the escaped character cannot end the string
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) depth++;
    else if (c === 0x7d || c === 0x5d) {
      depth--;
      if (depth === 0) return { found: true, text: text.slice(start, i + 1), examined: i + 1 };
    }
  }
  return { found: false, examined: end, reason: end < text.length ? 'too-long' : 'unterminated' };
}
