/**
 * The source id of `/v1/sources/{sourceId}/events`, for requests that arrive without API Gateway's
 * route matching (a Lambda Function URL hands over every path). Any other path: undefined (404).
 * The id segment is returned as sent; handleIngest checks it against SOURCE_ID_PATTERN.
 */
const PREFIX = '/v1/sources/';
const SUFFIX = '/events';

export function sourceIdFromPath(rawPath: string | undefined): string | undefined {
  if (rawPath === undefined || !rawPath.startsWith(PREFIX)) return undefined;
  const rest = rawPath.endsWith('/') ? rawPath.slice(PREFIX.length, -1) : rawPath.slice(PREFIX.length);
  if (!rest.endsWith(SUFFIX)) return undefined;
  const id = rest.slice(0, -SUFFIX.length);
  if (id === '' || id.includes('/')) return undefined;
  try {
    return decodeURIComponent(id);
  } catch {
    return undefined; // a malformed escape names no source
  }
}
