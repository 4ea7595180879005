/**
 * `path` without trailing `/`s. A loop, not `/\/+$/`: an unanchored `+` before `$` retries from
 * every slash of a long run (quadratic), and scripts/check-redos.ts admits only linear patterns.
 */
export function trimTrailingSlashes(path: string): string {
  let end = path.length;
  while (end > 0 && path.charCodeAt(end - 1) === 0x2f) end--;
  return path.slice(0, end);
}
