import { DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_EVENT_BYTES, readIngestConfig } from '../../lib/ingest/config';

const base = { QUEUE_URL: 'http://q/main', DEAD_LETTER_QUEUE_URL: 'http://q/dead', SETTINGS_PREFIX: '/pinterest-tag/prod' };

describe('readIngestConfig', () => {
  it('applies the documented defaults', () => {
    expect(readIngestConfig(base)).toEqual({
      queueUrl: 'http://q/main',
      deadLetterQueueUrl: 'http://q/dead',
      settingsPrefix: '/pinterest-tag/prod',
      maxBodyBytes: 5_242_880,
      maxEventBytes: 258_048,
      secretCacheSeconds: 300,
      budget: { deadlineMs: 4000, minAttemptMs: 1000, concurrency: 2 },
    });
    expect(DEFAULT_MAX_BODY_BYTES).toBe(5_242_880);
    expect(DEFAULT_MAX_EVENT_BYTES).toBe(262_144 - 4096);
  });

  it('uses LOCAL_SETTINGS instead of SSM and then needs no prefix', () => {
    const { SETTINGS_PREFIX: _p, ...env } = base;
    expect(readIngestConfig({ ...env, LOCAL_SETTINGS: 'local/settings.json' })).toMatchObject({ localSettings: 'local/settings.json' });
    expect(() => readIngestConfig(env)).toThrow('environment variable SETTINGS_PREFIX is required');
  });

  it('names the variable that is missing or wrong', () => {
    expect(() => readIngestConfig({ ...base, QUEUE_URL: '' })).toThrow('QUEUE_URL is required');
    expect(() => readIngestConfig({ ...base, DEAD_LETTER_QUEUE_URL: undefined })).toThrow('DEAD_LETTER_QUEUE_URL is required');
    expect(() => readIngestConfig({ ...base, MAX_BODY_BYTES: '1MB' })).toThrow('MAX_BODY_BYTES must be an integer');
    expect(() => readIngestConfig({ ...base, MAX_EVENT_BYTES: '2000000' })).toThrow('MAX_EVENT_BYTES');
  });

  it('reads the request deadline and keeps the minimum attempt time inside it', () => {
    expect(readIngestConfig({ ...base, INGEST_DEADLINE_MS: '2500', INGEST_SQS_CONCURRENCY: '4' }).budget).toEqual({ deadlineMs: 2500, minAttemptMs: 1000, concurrency: 4 });
    expect(readIngestConfig({ ...base, INGEST_DEADLINE_MS: '500' }).budget.minAttemptMs).toBe(500);
    expect(() => readIngestConfig({ ...base, INGEST_DEADLINE_MS: '2000', INGEST_MIN_ATTEMPT_MS: '3000' })).toThrow('INGEST_MIN_ATTEMPT_MS');
  });

  it('never defaults the per-event limit above the body limit', () => {
    expect(readIngestConfig({ ...base, MAX_BODY_BYTES: '65536' }).maxEventBytes).toBe(65_536);
    expect(readIngestConfig({ ...base, MAX_EVENT_BYTES: '1000', SECRET_CACHE_SECONDS: '30' })).toMatchObject({ maxEventBytes: 1000, secretCacheSeconds: 30 });
  });
});
