import { DEFAULT_PINTEREST_API_URL, DEFAULT_PINTEREST_TIMEOUT_MS } from '../pinterest/client';
import { envNumber, envString, requireEnv } from './env';

/**
 * The worker's environment, read once per cold start. A bad value fails the cold start with a
 * message naming the variable.
 */
export interface WorkerConfig {
  queueUrl: string;
  deadLetterQueueUrl: string;
  /** SSM prefix, e.g. /pinterest-tag/prod; unused when `localSettingsFile` is set. */
  settingsPrefix?: string;
  /** A local settings file (FileSettingsProvider) instead of SSM. */
  localSettingsFile?: string;
  pinterestApiUrl: string;
  maxReceiveCount: number;
  retryBaseSeconds: number;
  pinterestTimeoutMs: number;
  pinterestConcurrency: number;
  settingsCacheSeconds: number;
}

export const WORKER_DEFAULTS = {
  pinterestApiUrl: DEFAULT_PINTEREST_API_URL,
  maxReceiveCount: 5,
  retryBaseSeconds: 30,
  pinterestTimeoutMs: DEFAULT_PINTEREST_TIMEOUT_MS,
  pinterestConcurrency: 4,
  settingsCacheSeconds: 300,
} as const;

export function readWorkerConfig(env: Record<string, string | undefined> = process.env): WorkerConfig {
  const localSettingsFile = env.LOCAL_SETTINGS?.trim() || undefined;
  return {
    queueUrl: requireEnv('QUEUE_URL', env),
    deadLetterQueueUrl: requireEnv('DEAD_LETTER_QUEUE_URL', env),
    ...(localSettingsFile ? { localSettingsFile } : { settingsPrefix: requireEnv('SETTINGS_PREFIX', env) }),
    pinterestApiUrl: envString('PINTEREST_API_URL', WORKER_DEFAULTS.pinterestApiUrl, env),
    maxReceiveCount: envNumber('MAX_RECEIVE_COUNT', WORKER_DEFAULTS.maxReceiveCount, { min: 1, max: 1000 }, env),
    retryBaseSeconds: envNumber('RETRY_BASE_SECONDS', WORKER_DEFAULTS.retryBaseSeconds, { min: 0, max: 900 }, env),
    pinterestTimeoutMs: envNumber('PINTEREST_TIMEOUT_MS', WORKER_DEFAULTS.pinterestTimeoutMs, { min: 100, max: 600_000 }, env),
    pinterestConcurrency: envNumber('PINTEREST_CONCURRENCY', WORKER_DEFAULTS.pinterestConcurrency, { min: 1, max: 100 }, env),
    settingsCacheSeconds: envNumber('SETTINGS_CACHE_SECONDS', WORKER_DEFAULTS.settingsCacheSeconds, { min: 0, max: 86_400 }, env),
  };
}
