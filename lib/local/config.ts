import { resolve } from 'node:path';
import { envNumber, envString } from '../config/env';
import { readWorkerConfig } from '../config/worker';
import { readIngestConfig, type IngestBudget } from '../ingest/config';
import { POLLER_DEFAULTS } from './poller';

/**
 * The local stack's environment, with documented defaults. The worker and ingest variables
 * (RETRY_BASE_SECONDS, MAX_RECEIVE_COUNT, PINTEREST_TIMEOUT_MS, MAX_BODY_BYTES, …) are read by the
 * same functions the Lambda handlers use, so they mean the same thing and fail the same way; the
 * queue URLs they require do not exist yet at this point and are filled in with placeholders.
 */
export interface LocalStackConfig {
  /** Ingest HTTP port on 127.0.0.1. */
  port: number;
  /** Embedded SQS port on 127.0.0.1 (0 = any free port). */
  sqsPort: number;
  /** Pinterest sandbox port (0 = any free port); unused when pinterestApiUrl is set. */
  sandboxPort: number;
  settingsFile: string;
  /** Undefined: start the built-in sandbox. */
  pinterestApiUrl?: string;
  maxReceiveCount: number;
  retryBaseSeconds: number;
  retryHorizonHours: number;
  authPauseHours: number;
  outageHoldSeconds: number;
  pinterestTimeoutMs: number;
  pinterestConcurrency: number;
  batchSize: number;
  batchWindowMs: number;
  functionTimeoutMs: number;
  visibilityTimeoutSeconds: number;
  concurrentBatches: number;
  maxBodyBytes: number;
  maxEventBytes: number;
  /** Ingest's one deadline per request (INGEST_DEADLINE_MS, INGEST_MIN_ATTEMPT_MS, INGEST_SQS_CONCURRENCY). */
  ingestBudget: IngestBudget;
}

export const LOCAL_DEFAULTS = {
  port: 3000,
  sqsPort: 9324,
  settingsFile: 'config/local-sources.json',
  functionTimeoutSeconds: 60,
} as const;

type Env = Record<string, string | undefined>;

/** AWS's advice for an SQS event source (and serverless.yml's rule): 6 × function timeout + batching window. */
export function defaultVisibilityTimeoutSeconds(functionTimeoutMs: number, batchWindowMs: number): number {
  return Math.min(6 * Math.ceil(functionTimeoutMs / 1000) + Math.ceil(batchWindowMs / 1000), 43_200);
}

export function readLocalStackConfig(env: Env = process.env, cwd = process.cwd()): LocalStackConfig {
  const settingsFile = resolve(cwd, envString('LOCAL_SETTINGS', LOCAL_DEFAULTS.settingsFile, env));
  const placeholders = { QUEUE_URL: 'local', DEAD_LETTER_QUEUE_URL: 'local', LOCAL_SETTINGS: settingsFile };
  const worker = readWorkerConfig({ ...env, ...placeholders });
  const ingest = readIngestConfig({ ...env, ...placeholders });
  const functionTimeoutSeconds = envNumber('FUNCTION_TIMEOUT_SECONDS', LOCAL_DEFAULTS.functionTimeoutSeconds, { min: 1, max: 900 }, env);
  const pinterestApiUrl = env.PINTEREST_API_URL?.trim();
  const batchWindowMs = Math.round(1000 * envNumber('BATCH_WINDOW_SECONDS', POLLER_DEFAULTS.batchWindowMs / 1000, { min: 0, max: 300, integer: false }, env));
  return {
    port: envNumber('PORT', LOCAL_DEFAULTS.port, { min: 0, max: 65_535 }, env),
    sqsPort: envNumber('SQS_PORT', LOCAL_DEFAULTS.sqsPort, { min: 0, max: 65_535 }, env),
    sandboxPort: envNumber('SANDBOX_PORT', 0, { min: 0, max: 65_535 }, env),
    settingsFile,
    ...(pinterestApiUrl ? { pinterestApiUrl } : {}),
    maxReceiveCount: worker.maxReceiveCount,
    retryBaseSeconds: worker.retryBaseSeconds,
    retryHorizonHours: worker.retryHorizonHours,
    authPauseHours: worker.authPauseHours,
    outageHoldSeconds: worker.outageHoldSeconds,
    pinterestTimeoutMs: worker.pinterestTimeoutMs,
    pinterestConcurrency: worker.pinterestConcurrency,
    batchSize: envNumber('BATCH_SIZE', POLLER_DEFAULTS.batchSize, { min: 1, max: 10_000 }, env),
    batchWindowMs,
    functionTimeoutMs: functionTimeoutSeconds * 1000,
    visibilityTimeoutSeconds: envNumber('VISIBILITY_TIMEOUT_SECONDS', defaultVisibilityTimeoutSeconds(functionTimeoutSeconds * 1000, batchWindowMs), { min: 0, max: 43_200 }, env),
    concurrentBatches: envNumber('CONCURRENT_BATCHES', POLLER_DEFAULTS.concurrency, { min: 1, max: 50 }, env),
    maxBodyBytes: ingest.maxBodyBytes,
    maxEventBytes: ingest.maxEventBytes,
    ingestBudget: ingest.budget,
  };
}
