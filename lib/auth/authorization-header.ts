/**
 * The password in an `Authorization` header: the token of `Bearer <token>`, or the password of
 * `Basic base64(user:password)` decoded as UTF-8. The user name is ignored: Webhooks Actions users
 * set the header by hand and the secret alone identifies the caller.
 */
export function presentedSecret(authorization: string | undefined): string | undefined {
  if (!authorization) return undefined;
  const match = /^\s*(\S+)\s+(\S+)\s*$/.exec(authorization);
  if (!match) return undefined;
  const scheme = (match[1] as string).toLowerCase();
  const credentials = match[2] as string;
  if (scheme === 'bearer') return credentials;
  if (scheme !== 'basic' || !/^[A-Za-z0-9+/]+={0,2}$/.test(credentials)) return undefined;
  const decoded = Buffer.from(credentials, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon === -1 ? undefined : decoded.slice(colon + 1);
}
