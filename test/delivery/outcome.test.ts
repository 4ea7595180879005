import { deadLetter, delivered, exhaustRetries, retry, skipped } from '../../lib/delivery/outcome';

describe('exhaustRetries', () => {
  it('keeps a retry before the last allowed attempt', () => {
    expect(exhaustRetries(retry('Pinterest 503'), 4, 5)).toEqual({ kind: 'retry', detail: 'Pinterest 503' });
  });
  it('turns a retry on the last allowed attempt into retries_exhausted with the last error', () => {
    expect(exhaustRetries(retry('Pinterest 503', { minDelaySeconds: 3 }), 5, 5)).toEqual({
      kind: 'deadLetter',
      reason: 'retries_exhausted',
      detail: 'gave up after 5 attempts; last error: Pinterest 503',
    });
    expect(exhaustRetries(retry('Pinterest request timed out'), 7, 5).reason).toBe('retries_exhausted');
  });
  it('leaves every other outcome alone', () => {
    for (const o of [delivered(), skipped('unsupported_type'), deadLetter('pinterest_auth', 'x')]) expect(exhaustRetries(o, 9, 5)).toBe(o);
  });
});
