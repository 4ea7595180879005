import { authenticate } from '../../lib/auth/authenticate';
import { AUTH_METHODS, DEFAULT_AUTH_METHODS, type AuthMethod } from '../../lib/auth/methods';
import { signPayload } from '../../lib/auth/signature';

const secret = 'abc123';
const run = (headers: Record<string, string>, text: string, methods: readonly AuthMethod[] = AUTH_METHODS, rawBody: Buffer | string = text) =>
  authenticate({ secret, methods, headers: new Map(Object.entries(headers)), rawBody, text, maxSignedElementChars: 32_768 });
const basic = (credentials: string) => `Basic ${Buffer.from(credentials).toString('base64')}`;

describe('authenticate', () => {
  const single = '{"type":"track","messageId":"m1"}';

  it('accepts X-Signature over the raw body of a single event, hex in any case', () => {
    expect(run({ 'x-signature': signPayload(secret, single) }, single)).toEqual({ ok: true, method: 'signature' });
    expect(run({ 'x-signature': signPayload(secret, single).toUpperCase() }, single)).toMatchObject({ ok: true });
  });

  it('accepts X-Signature over the raw bytes of a {batch} body, whitespace included', () => {
    const batch = '{ "batch": [ {"a":1} ] }\n';
    expect(run({ 'x-signature': signPayload(secret, batch) }, batch)).toMatchObject({ ok: true, method: 'signature' });
    expect(run({ 'x-signature': signPayload(secret, batch.trim()) }, batch)).toMatchObject({ ok: false });
  });

  it('verifies an array body against JSON.stringify(body[0]) when the source lists array-signature (Segment test vector)', () => {
    const body = '[{"cool": true}, {"type":"track"}]';
    expect(run({ 'x-signature': '5099cab379b3be52908387457007040cc934ef86' }, body)).toEqual({ ok: true, method: 'array-signature' });
  });

  it('refuses the array rule unless the source lists it (the default does not)', () => {
    const body = '[{"cool": true}, {"type":"track"}]';
    const headers = { 'x-signature': '5099cab379b3be52908387457007040cc934ef86' };
    expect(DEFAULT_AUTH_METHODS).not.toContain('array-signature');
    expect(run(headers, body, DEFAULT_AUTH_METHODS)).toEqual({ ok: false });
    // A whole-body signature over the same array is still fine by default.
    expect(run({ 'x-signature': signPayload(secret, body) }, body, DEFAULT_AUTH_METHODS)).toEqual({ ok: true, method: 'signature' });
  });

  it('accepts only the listed methods', () => {
    const signed = { 'x-signature': signPayload(secret, single) };
    expect(run({ authorization: `Bearer ${secret}` }, single, ['signature'])).toEqual({ ok: false });
    expect(run({ authorization: basic(`u:${secret}`) }, single, ['bearer', 'signature'])).toEqual({ ok: false });
    expect(run(signed, single, ['bearer', 'basic'])).toEqual({ ok: false });
    expect(run({ ...signed, authorization: `Bearer ${secret}` }, single, ['signature'])).toEqual({ ok: true, method: 'signature' });
  });

  it('refuses an array whose first element does not match the signature', () => {
    const body = '[{"cool":false},{"cool":true}]';
    expect(run({ 'x-signature': '5099cab379b3be52908387457007040cc934ef86' }, body)).toMatchObject({ ok: false });
  });

  it('refuses signatures made with another secret, and unparsable arrays', () => {
    expect(run({ 'x-signature': signPayload('other', single) }, single)).toEqual({ ok: false });
    expect(run({ 'x-signature': '5099cab379b3be52908387457007040cc934ef86' }, '[{"cool":true')).toMatchObject({ ok: false });
  });

  it('accepts Bearer and Basic (secret as password, or as user name with an empty password) without reading the body', () => {
    expect(run({ authorization: `Bearer ${secret}` }, 'not json')).toEqual({ ok: true, method: 'bearer' });
    expect(run({ authorization: basic(`segment:${secret}`) }, 'not json')).toEqual({ ok: true, method: 'basic' });
    expect(run({ authorization: basic(`${secret}:`) }, 'not json')).toEqual({ ok: true, method: 'basic' });
  });

  it('refuses wrong or missing credentials', () => {
    expect(run({ authorization: 'Bearer abc1234' }, single)).toEqual({ ok: false });
    expect(run({ authorization: basic('abc123:x') }, single)).toEqual({ ok: false });
    expect(run({}, single)).toEqual({ ok: false });
  });

  it('falls back to X-Signature when the Authorization header is wrong', () => {
    expect(run({ authorization: 'Bearer nope', 'x-signature': signPayload(secret, single) }, single)).toMatchObject({ ok: true });
  });

  it('signs the decoded bytes of a base64 body', () => {
    const bytes = Buffer.from('{"name":"Zoë"}', 'utf8');
    expect(run({ 'x-signature': signPayload(secret, bytes) }, bytes.toString('utf8'), AUTH_METHODS, bytes)).toMatchObject({ ok: true });
  });
});
