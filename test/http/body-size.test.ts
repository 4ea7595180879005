import { base64DecodedBytes, checkBodySize } from '../../lib/http/body-size';

describe('checkBodySize', () => {
  it('refuses a declared Content-Length over the limit before looking at the body', () => {
    expect(checkBodySize('{}', false, '5000', 1024)).toEqual({
      ok: false,
      message: 'request body is 5000 bytes; the limit is 1024 bytes (MAX_BODY_BYTES)',
    });
  });

  it('measures UTF-8 bytes, not characters', () => {
    const body = 'é'.repeat(600); // 1200 bytes
    expect(checkBodySize(body, false, undefined, 1199)).toEqual({ ok: false, message: expect.stringContaining('1200 bytes') });
    expect(checkBodySize(body, false, undefined, 1200)).toEqual({ ok: true });
  });

  it('measures base64 bodies by their decoded size', () => {
    const raw = Buffer.alloc(1000, 1);
    const encoded = raw.toString('base64');
    expect(base64DecodedBytes(encoded)).toBe(1000);
    expect(checkBodySize(encoded, true, undefined, 1000)).toEqual({ ok: true });
    expect(checkBodySize(encoded, true, undefined, 999)).toMatchObject({ ok: false });
  });

  it('ignores a nonsense Content-Length and trusts the body', () => {
    expect(checkBodySize('{}', false, 'lots', 1024)).toEqual({ ok: true });
  });
});
