/**
 * Who may talk to the console. It listens on 127.0.0.1 only, but a web page the user opens in
 * the same browser can still reach loopback: by DNS rebinding (a hostile name that resolves to
 * 127.0.0.1, so the browser sends `Host: evil.example:PORT`) or by cross-site requests (CSRF: a
 * form or fetch from another origin aimed at send, replay or purge). So every console request
 * must name the local address in `Host`; a request that carries an `Origin` must come from the
 * console's own origin; a browser's `Sec-Fetch-Site` must not say cross-site or same-site; and a
 * state-changing request must be JSON (no HTML form can send that cross-origin without a CORS
 * preflight, which this server never answers).
 */
export interface RequestFacts {
  method: string;
  host: string | undefined;
  origin: string | undefined;
  secFetchSite: string | undefined;
  contentType: string | undefined;
}

export interface Refusal {
  status: number;
  message: string;
}

/** The names the console answers to on `port`: the bound address and its usual alias. */
export function localHosts(port: number): string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`];
}

const READ_METHODS = new Set(['GET', 'HEAD']);

export function refusal(facts: RequestFacts, port: number): Refusal | undefined {
  const hosts = localHosts(port);
  const host = facts.host?.trim().toLowerCase();
  if (!host || !hosts.includes(host)) {
    return { status: 403, message: `the console answers only to Host ${hosts.join(' or ')}` };
  }
  if (facts.origin !== undefined) {
    const origin = facts.origin.trim().toLowerCase();
    if (!hosts.some((h) => origin === `http://${h}`)) {
      return { status: 403, message: 'cross-origin requests are refused: open the console at its own address' };
    }
  }
  const site = facts.secFetchSite?.trim().toLowerCase();
  if (site === 'cross-site' || site === 'same-site') {
    return { status: 403, message: 'cross-site requests are refused' };
  }
  const method = facts.method.toUpperCase();
  if (!READ_METHODS.has(method)) {
    if (method !== 'POST') return { status: 405, message: 'method not allowed' };
    if (!/^application\/json\s*(;|$)/i.test(facts.contentType?.trim() ?? '')) {
      return { status: 415, message: 'console requests must be application/json' };
    }
  }
  return undefined;
}
