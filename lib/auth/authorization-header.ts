/**
 * What an `Authorization` header presents: the token of `Bearer <token>`, or the user name and
 * password of `Basic base64(user:password)` decoded as UTF-8. Webhooks (Actions) users put the
 * secret in the password (any user name); Segment's own clients and HTTP API put the write key in
 * the user name with an empty password. Anything else presents nothing.
 */
export type PresentedCredentials =
  | { scheme: 'none' }
  | { scheme: 'bearer'; token: string }
  | { scheme: 'basic'; user: string; password: string };

const NONE: PresentedCredentials = { scheme: 'none' };

export function presentedCredentials(authorization: string | undefined): PresentedCredentials {
  if (!authorization) return NONE;
  const match = /^\s*(\S+)\s+(\S+)\s*$/.exec(authorization);
  if (!match) return NONE;
  const scheme = (match[1] as string).toLowerCase();
  const credentials = match[2] as string;
  if (scheme === 'bearer') return { scheme: 'bearer', token: credentials };
  if (scheme !== 'basic' || !/^[A-Za-z0-9+/]+={0,2}$/.test(credentials)) return NONE;
  const decoded = Buffer.from(credentials, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon === -1 ? NONE : { scheme: 'basic', user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/**
 * The one secret a Basic header presents: the password, or the user name when the password is
 * empty. Never both, so a request cannot try two guesses at once.
 */
export function basicSecret(credentials: PresentedCredentials): string | undefined {
  if (credentials.scheme !== 'basic') return undefined;
  return credentials.password !== '' ? credentials.password : credentials.user || undefined;
}
