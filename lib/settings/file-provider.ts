import { isObject } from '../segment/types';
import type { IngestCredentials, SettingsProvider, SourceLookup } from './provider';
import { authMethodsOf, parseSourceSettings } from './schema';
import { LOCAL_SETTINGS_SHAPE, readSettingsFile, validateSources, type Validation } from './validate-sources';

/**
 * Settings from a local JSON file: `{"sources": {"<sourceId>": <settings document>}}`, where each
 * document may carry `conversionToken`, `webhookSecret` and `writeKey` (in AWS those are
 * SecureString parameters). The file is read once; a broken file is a startup error, not a per-event one.
 */
export class FileSettingsProvider implements SettingsProvider {
  private readonly sources: Record<string, unknown>;
  /** The file the settings came from, when they came from one. */
  readonly file: string | undefined;

  constructor(source: string | { sources: Record<string, unknown> }) {
    // A broken file names itself, with line and column for a JSON syntax error (SettingsFileError).
    if (typeof source === 'string') {
      this.sources = readSettingsFile(source);
      this.file = source;
      return;
    }
    if (!isObject(source) || !isObject(source.sources)) throw new Error(LOCAL_SETTINGS_SHAPE);
    this.sources = source.sources;
    this.file = undefined;
  }

  /** Every source validated at once (cheap: the file is in memory), for a check at start. */
  validateAll(): Record<string, Validation> {
    return validateSources(this.sources);
  }

  sourceIds(): string[] {
    return Object.keys(this.sources);
  }

  async getSource(sourceId: string): Promise<SourceLookup> {
    if (!Object.hasOwn(this.sources, sourceId)) {
      return { status: 'missing', message: `no settings for source "${sourceId}"` };
    }
    const result = parseSourceSettings(this.sources[sourceId]);
    if (!result.ok) return { status: 'invalid', message: result.errors.join('; ') };
    const { conversionToken } = result.settings;
    return { status: 'ok', settings: result.settings, warnings: result.warnings, ...(conversionToken ? { conversionToken } : {}) };
  }

  async getWebhookSecret(sourceId: string): Promise<string | undefined> {
    return this.secretOf(sourceId, 'webhookSecret');
  }

  async getIngestCredentials(sourceId: string): Promise<IngestCredentials | undefined> {
    const webhookSecret = this.secretOf(sourceId, 'webhookSecret');
    const writeKey = this.secretOf(sourceId, 'writeKey');
    if (webhookSecret === undefined && writeKey === undefined) return undefined;
    return { ...(webhookSecret ? { webhookSecret } : {}), ...(writeKey ? { writeKey } : {}), auth: authMethodsOf(this.sources[sourceId]) };
  }

  private secretOf(sourceId: string, key: 'webhookSecret' | 'writeKey'): string | undefined {
    const doc = Object.hasOwn(this.sources, sourceId) ? this.sources[sourceId] : undefined;
    const value = isObject(doc) ? doc[key] : undefined;
    return typeof value === 'string' && value !== '' ? value : undefined;
  }
}
