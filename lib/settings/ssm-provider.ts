import { AsyncLocalStorage } from 'node:async_hooks';
import { SSMProvider } from '@aws-lambda-powertools/parameters/ssm';
import { SSMClient } from '@aws-sdk/client-ssm';
import { parseJson } from '../util/parse-json';
import { trimTrailingSlashes } from '../util/trailing-slashes';
import type { LookupOptions, SettingsProvider, SourceLookup } from './provider';
import { parseSourceSettings } from './schema';

/**
 * Settings from SSM Parameter Store. Layout under `prefix` (e.g. `/pinterest-tag/prod`):
 *   <prefix>/sources/<sourceId>/settings          String, the JSON settings document
 *   <prefix>/sources/<sourceId>/conversion-token  SecureString
 *   <prefix>/sources/<sourceId>/webhook-secret    SecureString (read by ingest)
 *
 * The worker reads exactly two names, `settings` and `conversion-token`, with one GetParameters:
 * never the folder, so its IAM policy can leave out every `webhook-secret` (the layout is
 * unchanged; nothing to migrate). Ingest reads only the webhook secret (its policy allows nothing else). Values are cached for `maxAgeSeconds`, and
 * concurrent reads of the same key share one request. SSM errors (throttling, outage) are
 * thrown: they are transient, never a reason to drop events.
 */
export const SSM_NAMES = { settings: 'settings', conversionToken: 'conversion-token', webhookSecret: 'webhook-secret' } as const;

export function sourcePath(prefix: string, sourceId: string): string {
  return `${trimTrailingSlashes(prefix)}/sources/${sourceId}`;
}

export interface SsmSettingsOptions {
  prefix: string;
  client?: SSMClient;
  /** Cache TTL for settings, token and secrets. Default 300 s. */
  maxAgeSeconds?: number;
  /** How long "this source has no webhook secret" is remembered, so floods of unknown ids do not hit SSM. Default 60 s. */
  negativeMaxAgeSeconds?: number;
  now?: () => number;
}

/**
 * Powertools' get takes no per-call send options, so the caller's abort signal rides along in
 * async context: every send the provider makes while `callSignal.run(signal, …)` is active carries it.
 */
const callSignal = new AsyncLocalStorage<AbortSignal | undefined>();

function sendingWithCallSignal(client: SSMClient): SSMClient {
  return new Proxy(client, {
    get(target, key, receiver) {
      if (key !== 'send') return Reflect.get(target, key, receiver) as unknown;
      return (command: Parameters<SSMClient['send']>[0], options?: object) => {
        const abortSignal = callSignal.getStore();
        return target.send(command as never, { ...(abortSignal ? { abortSignal } : {}), ...options });
      };
    },
  });
}

function isParameterNotFound(error: unknown): boolean {
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    if (e.name === 'ParameterNotFound') return true;
  }
  return false;
}

export class SsmSettingsProvider implements SettingsProvider {
  private readonly provider: SSMProvider;
  private readonly prefix: string;
  private readonly maxAge: number;
  private readonly negativeMaxAgeMs: number;
  private readonly now: () => number;
  private readonly inFlight = new Map<string, Promise<unknown>>();
  private readonly unknownSecrets = new Map<string, number>();

  constructor(options: SsmSettingsOptions) {
    this.prefix = options.prefix;
    this.maxAge = options.maxAgeSeconds ?? 300;
    this.negativeMaxAgeMs = (options.negativeMaxAgeSeconds ?? 60) * 1000;
    this.now = options.now ?? Date.now;
    this.provider = new SSMProvider({ awsSdkV3Client: sendingWithCallSignal(options.client ?? new SSMClient({})) });
  }

  private once<T>(key: string, load: () => Promise<T>): Promise<T> {
    const pending = this.inFlight.get(key) as Promise<T> | undefined;
    if (pending) return pending;
    const promise = load().finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, promise);
    return promise;
  }

  async getSource(sourceId: string): Promise<SourceLookup> {
    const path = sourcePath(this.prefix, sourceId);
    const settingsName = `${path}/${SSM_NAMES.settings}`;
    const tokenName = `${path}/${SSM_NAMES.conversionToken}`;
    // A missing name is listed in `_errors` (throwOnError: false), not thrown: a source without a
    // token is valid. Throttling and outages still throw.
    const values = await this.once(`source:${sourceId}`, () =>
      this.provider.getParametersByName<string>({ [settingsName]: {}, [tokenName]: {} }, { decrypt: true, maxAge: this.maxAge, throwOnError: false }),
    );
    const raw = values[settingsName];
    if (typeof raw !== 'string') {
      return { status: 'missing', message: `no settings parameter ${path}/${SSM_NAMES.settings}` };
    }
    // The shared parser's message never quotes the text, which may hold a misplaced token.
    const doc = parseJson(raw);
    if (!doc.ok) return { status: 'invalid', message: `${path}/${SSM_NAMES.settings} is not valid JSON: ${doc.message}` };
    const result = parseSourceSettings(doc.value);
    if (!result.ok) return { status: 'invalid', message: result.errors.join('; ') };
    const token = values[tokenName];
    const warnings = [...result.warnings];
    if (result.settings.conversionToken || result.settings.webhookSecret) {
      warnings.push('the settings document holds a secret in plain text; store it as a SecureString parameter instead');
    }
    const conversionToken = typeof token === 'string' && token !== '' ? token : result.settings.conversionToken;
    return { status: 'ok', settings: result.settings, warnings, ...(conversionToken ? { conversionToken } : {}) };
  }

  async getWebhookSecret(sourceId: string, options: LookupOptions = {}): Promise<string | undefined> {
    const knownMissingAt = this.unknownSecrets.get(sourceId);
    if (knownMissingAt !== undefined && this.now() - knownMissingAt < this.negativeMaxAgeMs) return undefined;
    const name = `${sourcePath(this.prefix, sourceId)}/${SSM_NAMES.webhookSecret}`;
    try {
      const value = await this.once(`secret:${sourceId}`, () =>
        callSignal.run(options.signal, () => this.provider.get(name, { decrypt: true, maxAge: this.maxAge })),
      );
      if (typeof value === 'string' && value !== '') {
        this.unknownSecrets.delete(sourceId);
        return value;
      }
    } catch (error) {
      if (options.signal?.aborted || !isParameterNotFound(error)) throw error;
    }
    if (this.unknownSecrets.size > 10_000) this.unknownSecrets.clear();
    this.unknownSecrets.set(sourceId, this.now());
    return undefined;
  }
}
