import { GetParametersCommand, SSMClient } from '@aws-sdk/client-ssm';
import { parseJson } from '../util/parse-json';
import { CredentialsCache } from './ingest-credentials-cache';
import type { IngestCredentials } from './provider';
import { authMethodsOf } from './schema';
import { SSM_NAMES, sourcePath } from './ssm-layout';

/**
 * Ingest's reads from SSM, and nothing else: a source's webhook secret, write key and settings
 * document (for its `auth`) in one decrypted GetParameters call, cached (ingest-credentials-cache.ts).
 * Its own module so the ingest bundle carries neither Powertools Parameters nor the worker's reads.
 */
export interface SsmIngestCredentialsOptions {
  prefix: string;
  client?: SSMClient;
  /** Cache TTL of a source that exists. Default 300 s. */
  maxAgeSeconds?: number;
  /** How long "no such source" is remembered, so floods of unknown ids do not hit SSM. Default 60 s. */
  negativeMaxAgeSeconds?: number;
  /** Sources (found or not) remembered, least recently used out first. Default 10,000. */
  maxCachedSources?: number;
  now?: () => number;
}

export class SsmIngestCredentials {
  private readonly client: SSMClient;
  private readonly cache: CredentialsCache;

  constructor(private readonly options: SsmIngestCredentialsOptions) {
    this.client = options.client ?? new SSMClient({});
    this.cache = new CredentialsCache({
      load: (sourceId, signal) => this.load(sourceId, signal),
      maxAgeSeconds: options.maxAgeSeconds ?? 300,
      negativeMaxAgeSeconds: options.negativeMaxAgeSeconds ?? 60,
      ...(options.maxCachedSources !== undefined ? { maxEntries: options.maxCachedSources } : {}),
      ...(options.now ? { now: options.now } : {}),
    });
  }

  getIngestCredentials(sourceId: string, signal?: AbortSignal): Promise<IngestCredentials | undefined> {
    return this.cache.get(sourceId, signal);
  }

  async getWebhookSecret(sourceId: string, signal?: AbortSignal): Promise<string | undefined> {
    return (await this.getIngestCredentials(sourceId, signal))?.webhookSecret;
  }

  /** Names that do not exist come back as InvalidParameters (no error), so an unknown source costs one call too. */
  private async load(sourceId: string, signal?: AbortSignal): Promise<IngestCredentials | undefined> {
    const path = sourcePath(this.options.prefix, sourceId);
    const names = { secret: `${path}/${SSM_NAMES.webhookSecret}`, writeKey: `${path}/${SSM_NAMES.writeKey}`, settings: `${path}/${SSM_NAMES.settings}` };
    const { Parameters = [] } = await this.client.send(
      new GetParametersCommand({ Names: [names.secret, names.writeKey, names.settings], WithDecryption: true }),
      signal ? { abortSignal: signal } : {},
    );
    const value = (name: string) => {
      const found = Parameters.find((p) => p.Name === name)?.Value;
      return found !== undefined && found !== '' ? found : undefined;
    };
    const webhookSecret = value(names.secret);
    const writeKey = value(names.writeKey);
    if (webhookSecret === undefined && writeKey === undefined) return undefined;
    const settings = value(names.settings);
    const document = settings === undefined ? undefined : parseJson(settings);
    return {
      ...(webhookSecret ? { webhookSecret } : {}),
      ...(writeKey ? { writeKey } : {}),
      auth: authMethodsOf(document?.ok ? document.value : undefined),
    };
  }
}
