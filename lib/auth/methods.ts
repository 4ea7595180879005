/**
 * The ways a request can prove it comes from a source. Per source, the settings document's `auth`
 * lists the ones accepted; the Segment tracking API door (write key) is separate and open only
 * when the source has a write key.
 *   - signature:       `X-Signature` = hex HMAC-SHA1(webhook secret, the whole raw body);
 *   - array-signature: the Webhooks (Actions) batch rule: the signature covers only
 *                      `JSON.stringify(body[0])`, so everything after the first event is unsigned;
 *   - bearer:          `Authorization: Bearer <webhook secret>`;
 *   - basic:           HTTP Basic with the webhook secret as the password, or as the user name
 *                      with an empty password (Segment's HTTP API convention).
 */
export const AUTH_METHODS = ['signature', 'array-signature', 'bearer', 'basic'] as const;
export type AuthMethod = (typeof AUTH_METHODS)[number];

/** Everything but the array rule: a source must opt in to accepting unsigned events behind a signed one. */
export const DEFAULT_AUTH_METHODS: readonly AuthMethod[] = ['signature', 'bearer', 'basic'];

/** How a request authenticated: one of the source's methods, or the tracking API's write key. */
export type AuthenticatedBy = AuthMethod | 'write-key';
