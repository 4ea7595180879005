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
  /** Backstop: the receive on which a still-undecided record is dead-lettered (normal retries stay far below). */
  maxReceiveCount: number;
  /** SQS backoff base for records still failing when an invocation's time runs out. */
  retryBaseSeconds: number;
  /** Transient failures are retried this long after the event entered the queue, then retries_exhausted. */
  retryHorizonHours: number;
  /** 401/403: the source is paused this long before its events become pinterest_auth. */
  authPauseHours: number;
  /** Records of an ad account in outage mode (or a paused source) come back after about this long. */
  outageHoldSeconds: number;
  pinterestTimeoutMs: number;
  pinterestConcurrency: number;
  settingsCacheSeconds: number;
}

export const WORKER_DEFAULTS = {
  pinterestApiUrl: DEFAULT_PINTEREST_API_URL,
  maxReceiveCount: 500,
  retryBaseSeconds: 30,
  retryHorizonHours: 24,
  authPauseHours: 24,
  outageHoldSeconds: 600,
  pinterestTimeoutMs: DEFAULT_PINTEREST_TIMEOUT_MS,
  pinterestConcurrency: 4,
  settingsCacheSeconds: 300,
} as const;

/**
 * Pinterest rejects events older than 7 days; the horizon stays well inside that (and inside the
 * main queue's retention, which serverless.yml checks: horizon + 1 day ≤ retention).
 */
export const MAX_RETRY_HORIZON_HOURS = 72;

export function readWorkerConfig(env: Record<string, string | undefined> = process.env): WorkerConfig {
  const localSettingsFile = env.LOCAL_SETTINGS?.trim() || undefined;
  return {
    queueUrl: requireEnv('QUEUE_URL', env),
    deadLetterQueueUrl: requireEnv('DEAD_LETTER_QUEUE_URL', env),
    ...(localSettingsFile ? { localSettingsFile } : { settingsPrefix: requireEnv('SETTINGS_PREFIX', env) }),
    pinterestApiUrl: envString('PINTEREST_API_URL', WORKER_DEFAULTS.pinterestApiUrl, env),
    maxReceiveCount: envNumber('MAX_RECEIVE_COUNT', WORKER_DEFAULTS.maxReceiveCount, { min: 1, max: 1000 }, env),
    retryBaseSeconds: envNumber('RETRY_BASE_SECONDS', WORKER_DEFAULTS.retryBaseSeconds, { min: 0, max: 900 }, env),
    retryHorizonHours: envNumber('RETRY_HORIZON_HOURS', WORKER_DEFAULTS.retryHorizonHours, { min: 0, max: MAX_RETRY_HORIZON_HOURS, integer: false }, env),
    authPauseHours: envNumber('AUTH_PAUSE_HOURS', WORKER_DEFAULTS.authPauseHours, { min: 0, max: MAX_RETRY_HORIZON_HOURS, integer: false }, env),
    outageHoldSeconds: envNumber('OUTAGE_HOLD_SECONDS', WORKER_DEFAULTS.outageHoldSeconds, { min: 1, max: 3600 }, env),
    pinterestTimeoutMs: envNumber('PINTEREST_TIMEOUT_MS', WORKER_DEFAULTS.pinterestTimeoutMs, { min: 100, max: 600_000 }, env),
    pinterestConcurrency: envNumber('PINTEREST_CONCURRENCY', WORKER_DEFAULTS.pinterestConcurrency, { min: 1, max: 100 }, env),
    settingsCacheSeconds: envNumber('SETTINGS_CACHE_SECONDS', WORKER_DEFAULTS.settingsCacheSeconds, { min: 0, max: 86_400 }, env),
  };
}
