import { arraySignedPayload, signPayload } from '../../lib/auth/signature';
import { constantTimeEqual } from '../../lib/auth/constant-time';
import { presentedSecret } from '../../lib/auth/authorization-header';

describe('signPayload', () => {
  it("matches Segment's published test vector", () => {
    expect(signPayload('abc123', '{"cool":true}')).toBe('5099cab379b3be52908387457007040cc934ef86');
    expect(signPayload('abc123', Buffer.from('{"cool":true}'))).toBe('5099cab379b3be52908387457007040cc934ef86');
  });
});

describe('arraySignedPayload', () => {
  it('is JSON.stringify of the first element, whatever the array body looked like', () => {
    expect(arraySignedPayload(JSON.parse('[ { "cool" : true }, {"x":1} ]'))).toBe('{"cool":true}');
  });
  it('is undefined for an empty array and for events too deep to serialise', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 200_000; i++) deep = [deep];
    expect(arraySignedPayload([])).toBeUndefined();
    expect(arraySignedPayload([deep])).toBeUndefined();
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

describe('presentedSecret', () => {
  const basic = (credentials: string) => `Basic ${Buffer.from(credentials, 'utf8').toString('base64')}`;
  it('reads Bearer tokens with any scheme case', () => {
    expect(presentedSecret('Bearer s3cret')).toBe('s3cret');
    expect(presentedSecret('bearer s3cret')).toBe('s3cret');
  });
  it('reads the Basic password as UTF-8, keeping colons after the first', () => {
    expect(presentedSecret(basic('segment:pässwört'))).toBe('pässwört');
    expect(presentedSecret(basic(':a:b'))).toBe('a:b');
  });
  it.each([undefined, '', 'Bearer', 'Token abc', 'Basic !!!', basic('no-colon'), 'Bearer a b'])('finds nothing in %p', (header) => {
    expect(presentedSecret(header)).toBeUndefined();
  });
});
