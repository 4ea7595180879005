/**
 * JSON.parse with an error that gives the position, line and column of the first syntax error.
 * V8's own messages are not stable across Node versions and some quote the input (which may hold
 * personal data), so on failure a small iterative scanner locates the error instead. It runs only
 * on the failure path and never recurses, so hostile nesting cannot overflow the stack.
 */
export type JsonParse =
  | { ok: true; value: unknown }
  | {
      ok: false;
      position: number;
      /** "invalid JSON at position P (line L, column C): expected X, found Y" */
      message: string;
      line: number;
      column: number;
      /** "expected X, found Y": the message without where. */
      detail: string;
    };

export function parseJson(text: string): JsonParse {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    const { position, expected } = locateJsonError(text);
    const { line, column } = lineAndColumn(text, position);
    const found = position >= text.length ? 'end of input' : describeChar(text.charCodeAt(position));
    const detail = `expected ${expected}, found ${found}`;
    return { ok: false, position, message: `invalid JSON at position ${position} (line ${line}, column ${column}): ${detail}`, line, column, detail };
  }
}

function describeChar(code: number): string {
  return code >= 0x20 && code < 0x7f ? `'${String.fromCharCode(code)}'` : `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
}

export function lineAndColumn(text: string, position: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < position; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: position - lineStart + 1 };
}

const isWs = (c: number) => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
const isHex = (c: number) => isDigit(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);

/** Offset of the first syntax error in `text` and what was expected there. */
export function locateJsonError(text: string): { position: number; expected: string } {
  let i = 0;
  const n = text.length;
  // '{' or '[' per open container; what the scanner wants next is the state.
  const stack: number[] = [];
  type State = 'value' | 'afterValue' | 'key' | 'colon' | 'firstKey' | 'firstValue';
  let state: State = 'value';
  const fail = (expected: string) => ({ position: Math.min(i, n), expected });
  const skipWs = () => {
    while (i < n && isWs(text.charCodeAt(i))) i++;
  };

  const scanString = (): boolean => {
    i++; // opening quote
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return true;
      }
      if (c < 0x20) return false;
      if (c === 0x5c) {
        const e = text.charCodeAt(i + 1);
        if (e === 0x75) {
          for (let k = 2; k < 6; k++) if (!isHex(text.charCodeAt(i + k))) {
            i += k;
            return false;
          }
          i += 6;
          continue;
        }
        if ('"\\/bfnrt'.includes(text[i + 1] ?? '')) {
          i += 2;
          continue;
        }
        i++;
        return false;
      }
      i++;
    }
    return false;
  };

  const scanNumber = (): boolean => {
    if (text.charCodeAt(i) === 0x2d) i++;
    if (text.charCodeAt(i) === 0x30) i++;
    else if (isDigit(text.charCodeAt(i))) while (isDigit(text.charCodeAt(i))) i++;
    else return false;
    if (text.charCodeAt(i) === 0x2e) {
      i++;
      if (!isDigit(text.charCodeAt(i))) return false;
      while (isDigit(text.charCodeAt(i))) i++;
    }
    const e = text.charCodeAt(i);
    if (e === 0x65 || e === 0x45) {
      i++;
      const s = text.charCodeAt(i);
      if (s === 0x2b || s === 0x2d) i++;
      if (!isDigit(text.charCodeAt(i))) return false;
      while (isDigit(text.charCodeAt(i))) i++;
    }
    return true;
  };

  for (;;) {
    skipWs();
    const c = text.charCodeAt(i);
    switch (state) {
      case 'value':
      case 'firstValue': {
        if (state === 'firstValue' && c === 0x5d) {
          stack.pop();
          i++;
          state = 'afterValue';
          break;
        }
        if (i >= n) return fail('a value');
        if (c === 0x7b) {
          stack.push(c);
          i++;
          state = 'firstKey';
        } else if (c === 0x5b) {
          stack.push(c);
          i++;
          state = 'firstValue';
        } else if (c === 0x22) {
          if (!scanString()) return fail('a valid string');
          state = 'afterValue';
        } else if (c === 0x2d || isDigit(c)) {
          if (!scanNumber()) return fail('a valid number');
          state = 'afterValue';
        } else {
          const literal = ['true', 'false', 'null'].find((word) => text.startsWith(word, i));
          if (!literal) {
            const partial = ['true', 'false', 'null'].find((word) => word[0] === text[i]);
            if (partial) {
              let k = 0;
              while (k < partial.length && text[i + k] === partial[k]) k++;
              i += k;
              return fail(`'${partial}'`);
            }
            return fail('a value');
          }
          i += literal.length;
          state = 'afterValue';
        }
        break;
      }
      case 'firstKey':
      case 'key': {
        if (state === 'firstKey' && c === 0x7d) {
          stack.pop();
          i++;
          state = 'afterValue';
          break;
        }
        if (c !== 0x22) return fail('a double-quoted property name');
        if (!scanString()) return fail('a valid string');
        state = 'colon';
        break;
      }
      case 'colon': {
        if (c !== 0x3a) return fail("':' after the property name");
        i++;
        state = 'value';
        break;
      }
      case 'afterValue': {
        const top = stack[stack.length - 1];
        if (top === undefined) {
          // A complete document: anything but whitespace after it is the error.
          return i < n ? fail('end of input') : { position: n, expected: 'end of input' };
        }
        if (c === 0x2c) {
          i++;
          state = top === 0x7b ? 'key' : 'value';
        } else if ((top === 0x7b && c === 0x7d) || (top === 0x5b && c === 0x5d)) {
          stack.pop();
          i++;
        } else return fail(top === 0x7b ? "',' or '}'" : "',' or ']'");
        break;
      }
    }
  }
}
