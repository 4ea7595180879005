import type { AuthMethod } from '../auth/methods';
import type { SourceSettings } from './schema';

/**
 * Where a source's settings come from: SSM Parameter Store in AWS, a local JSON file for local
 * runs and the CLI. Both return the same validated shape, so everything downstream is shared.
 *
 * Contract: `missing` and `invalid` are permanent answers about the source (its events go to the
 * dead-letter queue with `settings_missing` / `settings_invalid`). A transient failure (throttling,
 * outage) is thrown, never turned into one of those, so the events are retried.
 */
export type SourceLookup =
  | { status: 'ok'; settings: SourceSettings; conversionToken?: string; warnings: string[] }
  | { status: 'missing'; message: string }
  | { status: 'invalid'; message: string };

/**
 * What ingest needs to authenticate a source's requests, and nothing else: no conversion token,
 * no mapping. Undefined when the source does not exist for ingest (no webhook secret, no write key).
 */
export interface IngestCredentials {
  webhookSecret?: string;
  /** The Segment tracking API write key (`<sourceId>.<secret>`), when the source has one. */
  writeKey?: string;
  /** The settings document's `auth`, or the default when it has none (or there is no document). */
  auth: readonly AuthMethod[];
}

export interface SettingsProvider {
  /** Settings document plus conversion token. */
  getSource(sourceId: string): Promise<SourceLookup>;
  /** The source's webhook secret, or undefined when the source or its secret does not exist. */
  getWebhookSecret(sourceId: string): Promise<string | undefined>;
  /** Ingest's view of a source, cached (found and not found alike); transient failures are thrown. */
  getIngestCredentials(sourceId: string, signal?: AbortSignal): Promise<IngestCredentials | undefined>;
}

export const SOURCE_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
