import { isObject, type JsonObject } from './types';

/**
 * Defensive readers for events that come from the outside. They only ever read *own* properties,
 * so a path like `constructor.name` or `__proto__` finds nothing instead of Object's internals.
 */

const hasOwn = Object.prototype.hasOwnProperty;

/** `obj[key]` when obj is a plain object that owns key, else undefined. */
export function own(obj: unknown, key: string): unknown {
  return isObject(obj) && hasOwn.call(obj, key) ? obj[key] : undefined;
}

/** `obj[key]` when it is an object, else undefined. */
export function ownObject(obj: unknown, key: string): JsonObject | undefined {
  const value = own(obj, key);
  return isObject(value) ? value : undefined;
}

/** The value at an exact (case-sensitive) path of own properties. */
export function atPath(obj: unknown, path: readonly string[]): unknown {
  let current = obj;
  for (const segment of path) {
    current = own(current, segment);
    if (current === undefined) return undefined;
  }
  return current;
}

/**
 * The value at a path whose segments are already lower-cased, matching keys case-insensitively at
 * every level (`myobject.myproperty` finds `{"MyObject": {"myProperty": 2}}`). An exact key wins;
 * otherwise the first key, in the object's order, that folds to the segment.
 */
export function atPathIgnoringCase(obj: unknown, lowerPath: readonly string[]): unknown {
  let current = obj;
  for (const segment of lowerPath) {
    if (!isObject(current)) return undefined;
    if (hasOwn.call(current, segment)) {
      current = current[segment];
      continue;
    }
    let next: unknown;
    for (const key of Object.keys(current)) {
      if (key.toLowerCase() === segment) {
        next = current[key];
        break;
      }
    }
    if (next === undefined) return undefined;
    current = next;
  }
  return current;
}

/** A non-empty trimmed string from a string or a finite number; anything else is undefined. */
export function text(value: unknown): string | undefined {
  if (typeof value === 'string') {
    const trimmed = value.trim();
    return trimmed === '' ? undefined : trimmed;
  }
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}
