import { envNumber, envString, requireEnv } from '../config/env';
import { ATTRIBUTE_ROOM_BYTES } from '../http/body-size';

/**
 * The ingest function's environment. Defaults fit a standard SQS queue: a 256 KiB message holds
 * one event plus its attributes. The body limit stays just under Lambda's 6 MB synchronous payload
 * limit: Segment does not retry a 413, so a batch refused for size would be lost upstream.
 */
export const SQS_MAX_MESSAGE_BYTES = 262_144;
export const DEFAULT_MAX_BODY_BYTES = 5_242_880;
export const DEFAULT_MAX_EVENT_BYTES = SQS_MAX_MESSAGE_BYTES - ATTRIBUTE_ROOM_BYTES;
export const DEFAULT_SECRET_CACHE_SECONDS = 300;

/**
 * Segment waits 5 s for an answer. The AWS calls of one request (secret lookup, SendMessageBatch
 * chunks) share one deadline that leaves a second of that for Lambda, API Gateway and the network;
 * no call starts with under `minAttemptMs` left (it could not finish), and at most `concurrency`
 * SQS calls run at once, so a slow queue gets fewer, longer calls rather than a burst of abandoned ones.
 */
export interface IngestBudget {
  deadlineMs: number;
  minAttemptMs: number;
  concurrency: number;
}
export const DEFAULT_INGEST_BUDGET: IngestBudget = { deadlineMs: 4000, minAttemptMs: 1000, concurrency: 2 };
/**
 * The worker's dead-letter writes and the operator's replay send with the 256 KiB per-message limit
 * that every SQS queue and emulator accepts; an event ingest accepted above it could never be
 * dead-lettered or replayed, so the setting may lower the limit but not raise it.
 */
const MAX_EVENT_BYTES_CEILING = DEFAULT_MAX_EVENT_BYTES;

export interface IngestConfig {
  queueUrl: string;
  deadLetterQueueUrl: string;
  /** SSM prefix; undefined when `localSettings` is used. */
  settingsPrefix?: string;
  /** Path of a local settings file (the local stack); replaces SSM. */
  localSettings?: string;
  maxBodyBytes: number;
  maxEventBytes: number;
  secretCacheSeconds: number;
  budget: IngestBudget;
}

type Env = Record<string, string | undefined>;

export function readIngestConfig(env: Env = process.env): IngestConfig {
  const localSettings = envString('LOCAL_SETTINGS', '', env) || undefined;
  const maxBodyBytes = envNumber('MAX_BODY_BYTES', DEFAULT_MAX_BODY_BYTES, { min: 1024, max: 6_291_456 }, env);
  return {
    queueUrl: requireEnv('QUEUE_URL', env),
    deadLetterQueueUrl: requireEnv('DEAD_LETTER_QUEUE_URL', env),
    ...(localSettings ? { localSettings } : { settingsPrefix: requireEnv('SETTINGS_PREFIX', env) }),
    maxBodyBytes,
    maxEventBytes: envNumber('MAX_EVENT_BYTES', Math.min(DEFAULT_MAX_EVENT_BYTES, maxBodyBytes), { min: 256, max: MAX_EVENT_BYTES_CEILING }, env),
    secretCacheSeconds: envNumber('SECRET_CACHE_SECONDS', DEFAULT_SECRET_CACHE_SECONDS, { min: 0, max: 86_400 }, env),
    budget: readBudget(env),
  };
}

function readBudget(env: Env): IngestBudget {
  const deadlineMs = envNumber('INGEST_DEADLINE_MS', DEFAULT_INGEST_BUDGET.deadlineMs, { min: 100, max: 28_000 }, env);
  return {
    deadlineMs,
    minAttemptMs: envNumber('INGEST_MIN_ATTEMPT_MS', Math.min(DEFAULT_INGEST_BUDGET.minAttemptMs, deadlineMs), { min: 0, max: deadlineMs }, env),
    concurrency: envNumber('INGEST_SQS_CONCURRENCY', DEFAULT_INGEST_BUDGET.concurrency, { min: 1, max: 20 }, env),
  };
}
