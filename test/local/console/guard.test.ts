import { localHosts, refusal, type RequestFacts } from '../../../lib/local/console/guard';

/** The console's DNS-rebinding and CSRF defence, rule by rule (the browser-level checks are in test/e2e/console.test.ts). */
const PORT = 45123;
const facts = (extra: Partial<RequestFacts>): RequestFacts => ({
  method: 'GET',
  host: `127.0.0.1:${PORT}`,
  origin: undefined,
  secFetchSite: undefined,
  contentType: undefined,
  ...extra,
});

describe('console guard', () => {
  test('answers to the bound address and localhost on its own port only', () => {
    expect(localHosts(PORT)).toEqual([`127.0.0.1:${PORT}`, `localhost:${PORT}`]);
    expect(refusal(facts({}), PORT)).toBeUndefined();
    expect(refusal(facts({ host: `LOCALHOST:${PORT}` }), PORT)).toBeUndefined();
  });

  test.each([
    ['a rebinding name', `attacker.example:${PORT}`],
    ['a rebinding name without port', 'attacker.example'],
    ['another port', '127.0.0.1:1'],
    ['the bare address (a proxy or a rebinding on port 80)', '127.0.0.1'],
    ['a suffix trick', `127.0.0.1:${PORT}.attacker.example`],
    ['no Host at all', undefined],
  ])('refuses Host of %s (DNS rebinding)', (_what, host) => {
    expect(refusal(facts({ host }), PORT)).toEqual({ status: 403, message: expect.stringContaining('answers only to Host') });
  });

  test.each([
    ['another site', 'https://attacker.example'],
    ['another local port', 'http://127.0.0.1:8080'],
    ['an opaque origin (sandboxed frame, file://)', 'null'],
    ['https on the same host', `https://127.0.0.1:${PORT}`],
  ])('refuses Origin of %s (CSRF), even for reads', (_what, origin) => {
    for (const method of ['GET', 'POST']) {
      expect(refusal(facts({ method, origin, contentType: 'application/json' }), PORT)?.status).toBe(403);
    }
  });

  test('accepts its own origin', () => {
    for (const origin of [`http://127.0.0.1:${PORT}`, `http://localhost:${PORT}`]) {
      expect(refusal(facts({ method: 'POST', origin, contentType: 'application/json' }), PORT)).toBeUndefined();
    }
  });

  test("refuses what the browser marks cross-site or same-site, accepts same-origin and the user's own navigation", () => {
    expect(refusal(facts({ secFetchSite: 'cross-site' }), PORT)?.status).toBe(403);
    expect(refusal(facts({ secFetchSite: 'same-site' }), PORT)?.status).toBe(403);
    expect(refusal(facts({ secFetchSite: 'same-origin' }), PORT)).toBeUndefined();
    expect(refusal(facts({ secFetchSite: 'none' }), PORT)).toBeUndefined();
  });

  test('changes only through POST with a JSON body: HTML forms cannot send one cross-origin', () => {
    expect(refusal(facts({ method: 'POST', contentType: 'text/plain' }), PORT)?.status).toBe(415);
    expect(refusal(facts({ method: 'POST', contentType: 'application/x-www-form-urlencoded' }), PORT)?.status).toBe(415);
    expect(refusal(facts({ method: 'POST', contentType: 'multipart/form-data; boundary=x' }), PORT)?.status).toBe(415);
    expect(refusal(facts({ method: 'POST' }), PORT)?.status).toBe(415);
    expect(refusal(facts({ method: 'POST', contentType: 'application/jsonp' }), PORT)?.status).toBe(415);
    expect(refusal(facts({ method: 'DELETE', contentType: 'application/json' }), PORT)?.status).toBe(405);
    expect(refusal(facts({ method: 'POST', contentType: 'application/json; charset=utf-8' }), PORT)).toBeUndefined();
  });
});
