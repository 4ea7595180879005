import type { IngestCredentials } from './provider';

/**
 * Ingest's cache of source credentials, found and not found alike, bounded by entry count (least
 * recently used out first, so a flood of invented ids pushes out other invented ids, never the
 * whole cache at once) and by age. Concurrent lookups of the same id share one load: a burst of
 * requests for an unknown id costs one SSM call per TTL, not one per request.
 *
 * Hand-written on a Map (whose iteration order is insertion order, so delete + set marks an entry
 * as most recently used) rather than lru-cache: that package adds 18 KiB to the ingest bundle,
 * whose budget is 350 KiB (npm run bench), for the 40 lines below.
 */
export interface CredentialsCacheOptions {
  /** One lookup: the credentials, `undefined` for a source that does not exist; throws when it cannot tell. */
  load: (sourceId: string, signal?: AbortSignal) => Promise<IngestCredentials | undefined>;
  maxAgeSeconds: number;
  /** How long "no such source" is remembered. */
  negativeMaxAgeSeconds: number;
  /** Entries kept; default 10,000 (a few MB at most). */
  maxEntries?: number;
  now?: () => number;
}

type Entry = { credentials: IngestCredentials | undefined; expiresAt: number };

export const DEFAULT_CREDENTIALS_CACHE_ENTRIES = 10_000;

export class CredentialsCache {
  private readonly entries = new Map<string, Entry>();
  private readonly inFlight = new Map<string, Promise<IngestCredentials | undefined>>();
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(private readonly options: CredentialsCacheOptions) {
    this.maxEntries = Math.max(1, options.maxEntries ?? DEFAULT_CREDENTIALS_CACHE_ENTRIES);
    this.now = options.now ?? Date.now;
  }

  /** Rejects when the load fails (nothing is cached then) or `signal` aborts first (the shared load goes on and fills the cache). */
  get(sourceId: string, signal?: AbortSignal): Promise<IngestCredentials | undefined> {
    const cached = this.entries.get(sourceId);
    if (cached && cached.expiresAt > this.now()) {
      this.remember(sourceId, cached);
      return Promise.resolve(cached.credentials);
    }
    let pending = this.inFlight.get(sourceId);
    if (!pending) {
      pending = this.load(sourceId, signal).finally(() => this.inFlight.delete(sourceId));
      this.inFlight.set(sourceId, pending);
    }
    return abortable(pending, signal);
  }

  get size(): number {
    return this.entries.size;
  }

  /** `signal` (the first caller's deadline) aborts the SSM call itself, so nothing outlives the answer. */
  private async load(sourceId: string, signal?: AbortSignal): Promise<IngestCredentials | undefined> {
    const credentials = await this.options.load(sourceId, signal);
    const maxAgeSeconds = credentials ? this.options.maxAgeSeconds : this.options.negativeMaxAgeSeconds;
    this.remember(sourceId, { credentials, expiresAt: this.now() + maxAgeSeconds * 1000 });
    return credentials;
  }

  /** Insert as the most recently used entry; evict the least recently used beyond the bound. */
  private remember(sourceId: string, entry: Entry): void {
    this.entries.delete(sourceId);
    this.entries.set(sourceId, entry);
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.entries.delete(oldest.value);
    }
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
