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

export interface SettingsProvider {
  /** Settings document plus conversion token. */
  getSource(sourceId: string): Promise<SourceLookup>;
  /** The source's webhook secret, or undefined when the source or its secret does not exist. */
  getWebhookSecret(sourceId: string, options?: LookupOptions): Promise<string | undefined>;
}

/** `signal` aborts the lookup's calls (ingest's request deadline); an aborted lookup throws. */
export interface LookupOptions {
  signal?: AbortSignal;
}

export const SOURCE_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
