import { trimTrailingSlashes } from '../../lib/util/trailing-slashes';

describe('trimTrailingSlashes', () => {
  it('drops every trailing slash and nothing else', () => {
    expect(trimTrailingSlashes('/pinterest-tag/prod///')).toBe('/pinterest-tag/prod');
    expect(trimTrailingSlashes('https://api.pinterest.com/')).toBe('https://api.pinterest.com');
    expect(trimTrailingSlashes('a/b')).toBe('a/b');
    expect(trimTrailingSlashes('///')).toBe('');
    expect(trimTrailingSlashes('')).toBe('');
  });
});
