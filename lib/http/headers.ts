/**
 * HTTP header names are case-insensitive. API Gateway's payload v2 already lower-cases them, but
 * the local HTTP adapter and tests may not, so every lookup goes through this one map.
 */
export type HeaderMap = Readonly<Record<string, string | undefined>>;

export function lowerCaseHeaders(headers: HeaderMap | null | undefined): Map<string, string> {
  const map = new Map<string, string>();
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (typeof value !== 'string') continue;
    const key = name.toLowerCase();
    // Repeated headers are joined with a comma, as API Gateway does.
    const previous = map.get(key);
    map.set(key, previous === undefined ? value : `${previous},${value}`);
  }
  return map;
}
