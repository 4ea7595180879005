import { authenticate } from '../../lib/auth/authenticate';
import { signPayload } from '../../lib/auth/signature';

const secret = 'abc123';
const run = (headers: Record<string, string>, text: string, rawBody: Buffer | string = text) =>
  authenticate({ secret, headers: new Map(Object.entries(headers)), rawBody, text });

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

  it('verifies an array body against JSON.stringify(body[0]) (Segment test vector)', () => {
    const body = '[{"cool": true}, {"type":"track"}]';
    const result = run({ 'x-signature': '5099cab379b3be52908387457007040cc934ef86' }, body);
    expect(result).toMatchObject({ ok: true, method: 'array-signature' });
    expect(result.parsed).toEqual({ ok: true, value: [{ cool: true }, { type: 'track' }] });
  });

  it('refuses an array whose first element does not match the signature', () => {
    const body = '[{"cool":false},{"cool":true}]';
    expect(run({ 'x-signature': '5099cab379b3be52908387457007040cc934ef86' }, body)).toMatchObject({ ok: false });
  });

  it('refuses signatures made with another secret, and unparsable arrays', () => {
    expect(run({ 'x-signature': signPayload('other', single) }, single)).toEqual({ ok: false });
    expect(run({ 'x-signature': '5099cab379b3be52908387457007040cc934ef86' }, '[{"cool":true}')).toMatchObject({ ok: false });
  });

  it('accepts Bearer and Basic credentials without reading the body', () => {
    const basic = `Basic ${Buffer.from(`segment:${secret}`).toString('base64')}`;
    expect(run({ authorization: `Bearer ${secret}` }, 'not json')).toEqual({ ok: true, method: 'bearer' });
    expect(run({ authorization: basic }, 'not json')).toEqual({ ok: true, method: 'basic' });
  });

  it('refuses wrong or missing credentials', () => {
    expect(run({ authorization: 'Bearer abc1234' }, single)).toEqual({ ok: false });
    expect(run({ authorization: `Basic ${Buffer.from('abc123:x').toString('base64')}` }, single)).toEqual({ ok: false });
    expect(run({}, single)).toEqual({ ok: false });
  });

  it('falls back to X-Signature when the Authorization header is wrong', () => {
    expect(run({ authorization: 'Bearer nope', 'x-signature': signPayload(secret, single) }, single)).toMatchObject({ ok: true });
  });

  it('signs the decoded bytes of a base64 body', () => {
    const bytes = Buffer.from('{"name":"Zoë"}', 'utf8');
    expect(run({ 'x-signature': signPayload(secret, bytes) }, bytes.toString('utf8'), bytes)).toMatchObject({ ok: true });
  });
});
