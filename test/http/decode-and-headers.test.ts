import { decodeBody } from '../../lib/http/decode-body';
import { lowerCaseHeaders } from '../../lib/http/headers';
import { jsonResponse } from '../../lib/http/response';

describe('decodeBody', () => {
  it('decodes base64 bodies to text and keeps the signed bytes', () => {
    const text = '{"name":"Zoë"}';
    const decoded = decodeBody(Buffer.from(text).toString('base64'), true);
    expect(decoded.text).toBe(text);
    expect(Buffer.isBuffer(decoded.bytes) && decoded.bytes.equals(Buffer.from(text))).toBe(true);
  });
  it('passes text through and treats a missing body as empty', () => {
    expect(decodeBody('{}', false)).toEqual({ text: '{}', bytes: '{}' });
    expect(decodeBody(undefined, undefined)).toEqual({ text: '', bytes: '' });
  });
});

describe('lowerCaseHeaders', () => {
  it('makes names case-insensitive and joins repeats', () => {
    const headers = lowerCaseHeaders({ 'X-Signature': 'ab', Authorization: 'Bearer x', 'x-a': '1', 'X-A': '2', skip: undefined });
    expect(headers.get('x-signature')).toBe('ab');
    expect(headers.get('authorization')).toBe('Bearer x');
    expect(headers.get('x-a')).toBe('1,2');
    expect(headers.has('skip')).toBe(false);
  });
});

describe('jsonResponse', () => {
  it('serialises the body with a JSON content type', () => {
    expect(jsonResponse(200, { accepted: 1 })).toEqual({
      statusCode: 200,
      headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
      body: '{"accepted":1}',
    });
  });
});
