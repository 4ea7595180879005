import { createAdAccountClient } from '../../lib/pinterest/ad-account-client';

/** The management client over a recording fetch (the paths the double does not serve). */
function stubFetch(status: number, body: unknown) {
  const requests: { method: string; url: string; body?: unknown; contentType?: string }[] = [];
  const fetchStub = async (url: string | URL | Request, init?: RequestInit) => {
    const headers = new Headers(init?.headers);
    requests.push({
      method: init?.method ?? 'GET',
      url: String(url),
      ...(init?.body ? { body: JSON.parse(String(init.body)) as unknown } : {}),
      ...(headers.get('content-type') ? { contentType: headers.get('content-type') ?? '' } : {}),
    });
    return new Response(JSON.stringify(body), { status });
  };
  return { requests, fetch: fetchStub as typeof fetch };
}

describe('createAdAccountClient', () => {
  test('reads the list of advertiser-defined events, sending the token only as a Bearer header', async () => {
    const seen: { url: string; authorization?: string }[] = [];
    const client = createAdAccountClient({
      token: 'pina_SECRET',
      baseUrl: 'http://127.0.0.1:1',
      fetch: async (url, init) => {
        seen.push({ url: String(url), authorization: new Headers(init?.headers).get('authorization') ?? undefined });
        return new Response(JSON.stringify({ items: [{ name: 'button_clicked', mapped_conversion_type: 'LEAD' }, { junk: true }] }), { status: 200 });
      },
    });
    const answer = await client.listDefinedEvents('549755885175');
    expect(answer).toEqual({ ok: true, status: 200, body: { items: [{ name: 'button_clicked', mapped_conversion_type: 'LEAD' }] } });
    expect(seen).toEqual([{ url: 'http://127.0.0.1:1/v5/ad_accounts/549755885175/advertiser_defined_events', authorization: 'Bearer pina_SECRET' }]);
    expect(JSON.stringify(answer)).not.toContain('SECRET');
  });

  test('posts {"items": [...]} and reads the processing records', async () => {
    const stub = stubFetch(200, { items: [{ name: 'button_clicked', status: 'success' }, { name: 'x y', status: 'failure', exceptions: ['bad name'] }] });
    const client = createAdAccountClient({ token: 't', baseUrl: 'http://127.0.0.1:1/', fetch: stub.fetch });
    const answer = await client.defineEvents('1', [{ name: 'button_clicked', mapped_conversion_type: 'LEAD' }]);
    expect(answer).toEqual({ ok: true, status: 200, body: { items: [{ name: 'button_clicked', status: 'success' }, { name: 'x y', status: 'failure', exceptions: ['bad name'] }] } });
    expect(stub.requests).toEqual([
      { method: 'POST', url: 'http://127.0.0.1:1/v5/ad_accounts/1/advertiser_defined_events', body: { items: [{ name: 'button_clicked', mapped_conversion_type: 'LEAD' }] }, contentType: 'application/json' },
    ]);
  });

  test("Pinterest's errors, unexpected answers and network failures are results, never throws", async () => {
    const refused = createAdAccountClient({ token: 't', fetch: stubFetch(403, { code: 29, message: 'You are not permitted to access that resource.' }).fetch });
    expect(await refused.listConversionTags('1')).toEqual({ ok: false, status: 403, code: 29, message: 'You are not permitted to access that resource.' });
    const odd = createAdAccountClient({ token: 't', fetch: stubFetch(200, { nothing: true }).fetch });
    expect(await odd.listConversionTags('1')).toEqual({ ok: false, status: 200, message: 'unexpected answer: no "items" array' });
    // Nothing listens on port 9 of loopback: connection refused.
    const offline = createAdAccountClient({ token: 't', baseUrl: 'http://127.0.0.1:9', timeoutMs: 2000 });
    expect(await offline.listConversionTags('1')).toMatchObject({ ok: false, message: expect.stringMatching(/fetch failed/) });
  });

  test('reads conversion tags with numeric or string ids, without deleted ones', async () => {
    const stub = stubFetch(200, { items: [{ id: '2614759966035', name: 'Main', status: 'ACTIVE' }, { id: 42 }] });
    const client = createAdAccountClient({ token: 't', baseUrl: 'https://api.example', fetch: stub.fetch });
    expect(await client.listConversionTags('1')).toEqual({ ok: true, status: 200, body: { items: [{ id: '2614759966035', name: 'Main', status: 'ACTIVE' }, { id: '42' }] } });
    expect(stub.requests[0]?.url).toBe('https://api.example/v5/ad_accounts/1/conversion_tags?filter_deleted=true');
  });
});
