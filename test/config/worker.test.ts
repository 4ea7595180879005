import { readWorkerConfig } from '../../lib/config/worker';

const required = { QUEUE_URL: 'https://sqs/main', DEAD_LETTER_QUEUE_URL: 'https://sqs/dlq', SETTINGS_PREFIX: '/pinterest-tag/dev' };

describe('readWorkerConfig', () => {
  it('applies the documented defaults', () => {
    expect(readWorkerConfig(required)).toEqual({
      queueUrl: 'https://sqs/main',
      deadLetterQueueUrl: 'https://sqs/dlq',
      settingsPrefix: '/pinterest-tag/dev',
      pinterestApiUrl: 'https://api.pinterest.com',
      maxReceiveCount: 500,
      retryBaseSeconds: 30,
      retryHorizonHours: 24,
      authPauseHours: 24,
      outageHoldSeconds: 600,
      pinterestTimeoutMs: 10_000,
      pinterestConcurrency: 4,
      settingsCacheSeconds: 300,
    });
  });

  it('reads every variable', () => {
    expect(
      readWorkerConfig({
        ...required,
        PINTEREST_API_URL: 'http://127.0.0.1:9999',
        MAX_RECEIVE_COUNT: '3',
        RETRY_BASE_SECONDS: '10',
        PINTEREST_TIMEOUT_MS: '5000',
        PINTEREST_CONCURRENCY: '8',
        SETTINGS_CACHE_SECONDS: '60',
        RETRY_HORIZON_HOURS: '36',
        AUTH_PAUSE_HOURS: '2.5',
        OUTAGE_HOLD_SECONDS: '300',
      }),
    ).toMatchObject({
      pinterestApiUrl: 'http://127.0.0.1:9999',
      maxReceiveCount: 3,
      retryBaseSeconds: 10,
      pinterestTimeoutMs: 5000,
      pinterestConcurrency: 8,
      settingsCacheSeconds: 60,
      retryHorizonHours: 36,
      authPauseHours: 2.5,
      outageHoldSeconds: 300,
    });
  });

  it('needs no SETTINGS_PREFIX when LOCAL_SETTINGS names a file', () => {
    const { SETTINGS_PREFIX: _omit, ...rest } = required;
    expect(readWorkerConfig({ ...rest, LOCAL_SETTINGS: 'settings.local.json' })).toMatchObject({ localSettingsFile: 'settings.local.json' });
    expect(readWorkerConfig({ ...rest, LOCAL_SETTINGS: 'x.json' }).settingsPrefix).toBeUndefined();
  });

  it('names the variable that is missing or wrong', () => {
    expect(() => readWorkerConfig({ ...required, DEAD_LETTER_QUEUE_URL: '' })).toThrow('environment variable DEAD_LETTER_QUEUE_URL is required');
    expect(() => readWorkerConfig({ QUEUE_URL: 'q', DEAD_LETTER_QUEUE_URL: 'd' })).toThrow('SETTINGS_PREFIX is required');
    expect(() => readWorkerConfig({ ...required, PINTEREST_CONCURRENCY: '0' })).toThrow(/PINTEREST_CONCURRENCY must be an integer ≥ 1/);
    // Well inside Pinterest's 7-day limit on event age.
    expect(() => readWorkerConfig({ ...required, RETRY_HORIZON_HOURS: '168' })).toThrow('RETRY_HORIZON_HOURS must be a number ≥ 0 and ≤ 72, got "168"');
    expect(() => readWorkerConfig({ ...required, AUTH_PAUSE_HOURS: '100' })).toThrow(/AUTH_PAUSE_HOURS must be a number ≥ 0 and ≤ 72/);
  });
});
