import { resolve } from 'node:path';
import { DEFAULT_MAX_BODY_BYTES } from '../../lib/ingest/config';
import { readLocalStackConfig } from '../../lib/local/config';

describe('readLocalStackConfig', () => {
  test('documented defaults', () => {
    expect(readLocalStackConfig({}, '/repo')).toEqual({
      port: 3000,
      sqsPort: 9324,
      sandboxPort: 0,
      settingsFile: resolve('/repo', 'config/local-sources.json'),
      maxReceiveCount: 500,
      retryBaseSeconds: 30,
      retryHorizonHours: 24,
      authPauseHours: 24,
      outageHoldSeconds: 600,
      pinterestTimeoutMs: 10_000,
      pinterestConcurrency: 4,
      batchSize: 100,
      batchWindowMs: 1000,
      functionTimeoutMs: 60_000,
      visibilityTimeoutSeconds: 361,
      concurrentBatches: 1,
      maxBodyBytes: DEFAULT_MAX_BODY_BYTES,
      maxEventBytes: expect.any(Number),
      ingestBudget: { deadlineMs: 4000, minAttemptMs: 1000, concurrency: 2 },
    });
  });

  test('reads every variable', () => {
    const config = readLocalStackConfig(
      {
        PORT: '0',
        SQS_PORT: '4566',
        LOCAL_SETTINGS: 'my.json',
        PINTEREST_API_URL: 'https://api.pinterest.com',
        RETRY_BASE_SECONDS: '2',
        MAX_RECEIVE_COUNT: '3',
        BATCH_SIZE: '500',
        BATCH_WINDOW_SECONDS: '0.25',
        FUNCTION_TIMEOUT_SECONDS: '90',
        CONCURRENT_BATCHES: '3',
        INGEST_DEADLINE_MS: '2500',
        INGEST_SQS_CONCURRENCY: '4',
      },
      '/repo',
    );
    expect(config).toMatchObject({
      port: 0,
      sqsPort: 4566,
      settingsFile: resolve('/repo', 'my.json'),
      pinterestApiUrl: 'https://api.pinterest.com',
      retryBaseSeconds: 2,
      maxReceiveCount: 3,
      batchSize: 500,
      batchWindowMs: 250,
      functionTimeoutMs: 90_000,
      visibilityTimeoutSeconds: 541,
      concurrentBatches: 3,
      ingestBudget: { deadlineMs: 2500, minAttemptMs: 1000, concurrency: 4 },
    });
  });

  test.each([
    ['PORT', '70000', /PORT must be an integer ≥ 0 and ≤ 65535/],
    ['BATCH_SIZE', '0', /BATCH_SIZE must be an integer ≥ 1/],
    ['BATCH_WINDOW_SECONDS', 'soon', /BATCH_WINDOW_SECONDS must be a number/],
    ['RETRY_BASE_SECONDS', '-1', /RETRY_BASE_SECONDS/],
  ])('a bad %s names the variable', (name, value, message) => {
    expect(() => readLocalStackConfig({ [name]: value })).toThrow(message);
  });
});
