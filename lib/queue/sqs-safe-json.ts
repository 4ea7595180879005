/**
 * SQS refuses message bodies with characters outside XML's range (#x9 #xA #xD #x20–#xD7FF
 * #xE000–#xFFFD #x10000–#x10FFFF): U+FFFE, U+FFFF and unpaired surrogates are legal inside JSON
 * strings but would make SendMessage fail forever. In valid JSON text such characters can only
 * sit inside strings, so replacing them with `\uXXXX` escapes keeps exactly the same JSON value.
 */
const UNSAFE = /[\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function sqsSafeJson(json: string): string {
  UNSAFE.lastIndex = 0;
  if (!UNSAFE.test(json)) return json;
  return json.replace(UNSAFE, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
