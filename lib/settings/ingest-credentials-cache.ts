import { LRUCache } from 'lru-cache';
import type { IngestCredentials } from './provider';

/**
 * Ingest's cache of source credentials, found and not found alike, bounded by entry count (least
 * recently used out first, so a flood of invented ids pushes out other invented ids, never the
 * whole cache at once) and by age. Concurrent lookups of the same id share one load: a burst of
 * requests for an unknown id costs one SSM call per TTL, not one per request.
 */
export interface CredentialsCacheOptions {
  /** One lookup: the credentials, `undefined` for a source that does not exist; throws when it cannot tell. */
  load: (sourceId: string) => Promise<IngestCredentials | undefined>;
  maxAgeSeconds: number;
  /** How long "no such source" is remembered. */
  negativeMaxAgeSeconds: number;
  /** Entries kept; default 10,000 (a few MB at most). */
  maxEntries?: number;
  now?: () => number;
}

type Entry = { found: true; credentials: IngestCredentials } | { found: false };

export const DEFAULT_CREDENTIALS_CACHE_ENTRIES = 10_000;

export class CredentialsCache {
  private readonly cache: LRUCache<string, Entry>;

  constructor(options: CredentialsCacheOptions) {
    const positiveTtlMs = Math.max(1, options.maxAgeSeconds * 1000);
    const negativeTtlMs = Math.max(1, options.negativeMaxAgeSeconds * 1000);
    this.cache = new LRUCache<string, Entry>({
      max: options.maxEntries ?? DEFAULT_CREDENTIALS_CACHE_ENTRIES,
      ttl: positiveTtlMs,
      // Checked on every read: with an injected clock a cached "now" would be wrong.
      ttlResolution: 0,
      // lru-cache reads an entry stored at time 0 as "never expires": an injected clock starts at 1.
      ...(options.now ? { perf: { now: () => 1 + (options.now as () => number)() } } : {}),
      fetchMethod: async (sourceId, _stale, { options: entryOptions }) => {
        const credentials = await options.load(sourceId);
        if (credentials) return { found: true, credentials };
        entryOptions.ttl = negativeTtlMs;
        return { found: false };
      },
    });
  }

  /** Rejects when the load fails (nothing is cached then) or `signal` aborts first (the shared load goes on and fills the cache). */
  async get(sourceId: string, signal?: AbortSignal): Promise<IngestCredentials | undefined> {
    const entry = await abortable(this.cache.fetch(sourceId), signal);
    return entry?.found ? entry.credentials : undefined;
  }

  get size(): number {
    return this.cache.size;
  }
}

function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
