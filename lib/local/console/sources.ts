import { readFileSync } from 'node:fs';
import { parseJson, validateSettingsFile, type Validation } from '../../ops/settings';
import { isObject } from '../../segment/types';

/**
 * The Sources panel: each source of the local settings file as written (Tag ID, ad account, test
 * mode, mapping, custom properties) with the errors and warnings of `pinterest-tag settings
 * validate`, which this calls. Secrets are reported as set or not, never shown.
 */
export interface SourceView {
  id: string;
  ok: boolean;
  errors: string[];
  warnings: string[];
  tagId?: unknown;
  adAccountId?: unknown;
  testMode?: unknown;
  unmappedEvents?: unknown;
  actionSource?: unknown;
  eventIdPath?: unknown;
  eventMapping?: unknown;
  advertiserDefinedEvents?: unknown;
  customProperties?: unknown;
  conversionToken: boolean;
  webhookSecret: boolean;
}

export interface SourcesView {
  /** Where the settings come from, for the heading. */
  file?: string;
  ok: boolean;
  /** The file could not be read or is not a settings file. */
  error?: string;
  /** Why there is nothing to show (settings from SSM, say). */
  note?: string;
  sources: SourceView[];
}

const SHOWN = ['tagId', 'adAccountId', 'testMode', 'unmappedEvents', 'actionSource', 'eventIdPath', 'eventMapping', 'advertiserDefinedEvents', 'customProperties'] as const;

export function describeSources(doc: unknown, file?: string): SourcesView {
  const where = file ? { file } : {};
  if (!isObject(doc) || !isObject(doc.sources)) {
    return { ...where, ok: false, error: 'the settings file must look like {"sources": {"<sourceId>": {...settings}}}', sources: [] };
  }
  const documents = doc.sources;
  const validated = validateSettingsFile(doc);
  const sources = Object.entries(validated.sources).map(([id, validation]: [string, Validation]): SourceView => {
    const source = isObject(documents[id]) ? documents[id] : {};
    const shown: Partial<SourceView> = {};
    for (const key of SHOWN) if (key in source) shown[key] = source[key];
    return {
      id,
      ok: validation.ok,
      errors: validation.errors,
      warnings: validation.warnings,
      ...shown,
      conversionToken: typeof source.conversionToken === 'string' && source.conversionToken !== '',
      webhookSecret: typeof source.webhookSecret === 'string' && source.webhookSecret !== '',
    };
  });
  return { ...where, ok: validated.ok, sources };
}

/** Read once, like the FileSettingsProvider the worker uses: the panel shows what the stack runs on. */
export function readSourcesView(file: string): SourcesView {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    return { file, ok: false, error: `cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`, sources: [] };
  }
  const parsed = parseJson(text, file);
  return parsed.ok ? describeSources(parsed.value, file) : { file, ok: false, error: parsed.error, sources: [] };
}
