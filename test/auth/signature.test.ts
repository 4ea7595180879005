import { arraySignedPayload, signPayload } from '../../lib/auth/signature';
import { constantTimeEqual } from '../../lib/auth/constant-time';
import { basicSecret, presentedCredentials } from '../../lib/auth/authorization-header';

describe('signPayload', () => {
  it("matches Segment's published test vector", () => {
    expect(signPayload('abc123', '{"cool":true}')).toBe('5099cab379b3be52908387457007040cc934ef86');
    expect(signPayload('abc123', Buffer.from('{"cool":true}'))).toBe('5099cab379b3be52908387457007040cc934ef86');
  });
});

describe('arraySignedPayload', () => {
  it('is JSON.stringify of the first element, whatever the array body looked like', () => {
    expect(arraySignedPayload('[ { "cool" : true }, {"x":1} ]', 1000)).toBe('{"cool":true}');
    // Escapes and spacing as the sender wrote them: the signature is over the re-serialised value.
    expect(arraySignedPayload('[{"n":"Zo\\u00eb", "s":"a]}b"}, 1]', 1000)).toBe('{"n":"Zoë","s":"a]}b"}');
  });
  it('is undefined for an empty array, a scalar first element, broken JSON and events too deep to serialise', () => {
    expect(arraySignedPayload('[]', 1000)).toBeUndefined();
    expect(arraySignedPayload('[1, {"a":1}]', 1000)).toBeUndefined();
    expect(arraySignedPayload('[{"a":}]', 1000)).toBeUndefined();
    expect(arraySignedPayload('{"a":1}', 1000)).toBeUndefined();
    const deep = `[${'['.repeat(200_000)}${']'.repeat(200_000)}]`;
    expect(arraySignedPayload(deep, deep.length)).toBeUndefined();
  });
  it('is undefined when the first element does not end within the bound', () => {
    const body = JSON.stringify([{ pad: 'x'.repeat(100) }, {}]);
    expect(arraySignedPayload(body, 50)).toBeUndefined();
    expect(arraySignedPayload(body, body.length)).toBe(JSON.stringify({ pad: 'x'.repeat(100) }));
  });
});

describe('constantTimeEqual', () => {
  it('compares values of any length without throwing', () => {
    expect(constantTimeEqual('secret', 'secret')).toBe(true);
    expect(constantTimeEqual('secret', 'secret-but-longer')).toBe(false);
    expect(constantTimeEqual('', 'secret')).toBe(false);
    expect(constantTimeEqual(Buffer.from('sécret'), 'sécret')).toBe(true);
  });
});

describe('presentedCredentials and basicSecret', () => {
  const basic = (credentials: string) => `Basic ${Buffer.from(credentials, 'utf8').toString('base64')}`;
  const secretOf = (header: string | undefined) => {
    const c = presentedCredentials(header);
    return c.scheme === 'bearer' ? c.token : basicSecret(c);
  };
  it('reads Bearer tokens with any scheme case', () => {
    expect(presentedCredentials('Bearer s3cret')).toEqual({ scheme: 'bearer', token: 's3cret' });
    expect(secretOf('bearer s3cret')).toBe('s3cret');
  });
  it('reads the Basic password as UTF-8, keeping colons after the first', () => {
    expect(secretOf(basic('segment:pässwört'))).toBe('pässwört');
    expect(secretOf(basic(':a:b'))).toBe('a:b');
  });
  it("reads the Basic user name when the password is empty (Segment's clients: base64(writeKey + ':'))", () => {
    expect(presentedCredentials(basic('wk_123:'))).toEqual({ scheme: 'basic', user: 'wk_123', password: '' });
    expect(secretOf(basic('wk_123:'))).toBe('wk_123');
    // One guess per request: with a password, the user name is not a second candidate.
    expect(secretOf(basic('wk_123:other'))).toBe('other');
  });
  it.each([undefined, '', 'Bearer', 'Token abc', 'Basic !!!', basic('no-colon'), basic(':'), 'Bearer a b'])('finds nothing in %p', (header) => {
    expect(secretOf(header)).toBeUndefined();
  });
});
