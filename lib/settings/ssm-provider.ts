import { SSMProvider } from '@aws-lambda-powertools/parameters/ssm';
import { SSMClient } from '@aws-sdk/client-ssm';
import { parseJson } from '../util/parse-json';
import type { IngestCredentials, SettingsProvider, SourceLookup } from './provider';
import { parseSourceSettings } from './schema';
import { SSM_NAMES, sourcePath } from './ssm-layout';
import { SsmIngestCredentials, type SsmIngestCredentialsOptions } from './ssm-ingest-credentials';

/**
 * Settings from SSM Parameter Store. Layout under `prefix` (e.g. `/pinterest-tag/prod`):
 *   <prefix>/sources/<sourceId>/settings          String, the JSON settings document
 *   <prefix>/sources/<sourceId>/conversion-token  SecureString
 *   <prefix>/sources/<sourceId>/webhook-secret    SecureString (read by ingest)
 *   <prefix>/sources/<sourceId>/write-key         SecureString (read by ingest: the tracking API door)
 *
 * The worker reads exactly two names, `settings` and `conversion-token`, with one GetParameters:
 * never the folder, so its IAM policy can leave out every `webhook-secret` (the layout is
 * unchanged; nothing to migrate). Ingest reads the webhook secret, the write key and the settings
 * document (for its `auth`) with one GetParameters per source, and its IAM policy allows nothing
 * else. Values are cached for `maxAgeSeconds`, and
 * concurrent reads of the same key share one request. SSM errors (throttling, outage) are
 * thrown: they are transient, never a reason to drop events.
 */
export { SSM_NAMES, sourcePath } from './ssm-layout';

/** `maxAgeSeconds` is the TTL of settings, token and secrets alike; the rest concerns ingest's reads. */
export type SsmSettingsOptions = SsmIngestCredentialsOptions;


export class SsmSettingsProvider implements SettingsProvider {
  private readonly provider: SSMProvider;
  private readonly client: SSMClient;
  private readonly prefix: string;
  private readonly maxAge: number;
  private readonly inFlight = new Map<string, Promise<unknown>>();
  private readonly ingestCredentials: SsmIngestCredentials;

  constructor(options: SsmSettingsOptions) {
    this.prefix = options.prefix;
    this.maxAge = options.maxAgeSeconds ?? 300;
    this.client = options.client ?? new SSMClient({});
    this.provider = new SSMProvider({ awsSdkV3Client: this.client });
    this.ingestCredentials = new SsmIngestCredentials({ ...options, client: this.client });
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

  /** Ingest's side (ssm-ingest-credentials.ts); here so one provider serves the local stack and tests. */
  getWebhookSecret(sourceId: string, signal?: AbortSignal): Promise<string | undefined> {
    return this.ingestCredentials.getWebhookSecret(sourceId, signal);
  }

  getIngestCredentials(sourceId: string, signal?: AbortSignal): Promise<IngestCredentials | undefined> {
    return this.ingestCredentials.getIngestCredentials(sourceId, signal);
  }
}
