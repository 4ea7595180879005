import type { SSMClient } from '@aws-sdk/client-ssm';
import { isObject } from '../segment/types';
import { FileSettingsProvider } from '../settings/file-provider';
import type { SourceLookup } from '../settings/provider';
import { parseSourceSettings } from '../settings/schema';
import { SsmSettingsProvider } from '../settings/ssm-provider';

/**
 * One source's validated settings and conversion token for an operator command: from a local file
 * (a `{"sources": {...}}` file as `npm start` reads, or a single settings document) or from SSM,
 * through the same providers the functions use.
 */
export async function lookupSource(
  sourceId: string,
  from: { document: unknown } | { ssm: SSMClient; prefix: string },
): Promise<SourceLookup> {
  if ('ssm' in from) return new SsmSettingsProvider({ client: from.ssm, prefix: from.prefix, maxAgeSeconds: 0 }).getSource(sourceId);
  const doc = from.document;
  if (isObject(doc) && isObject(doc.sources)) return new FileSettingsProvider({ sources: doc.sources }).getSource(sourceId);
  const result = parseSourceSettings(doc);
  if (!result.ok) return { status: 'invalid', message: result.errors.join('; ') };
  const { conversionToken } = result.settings;
  return { status: 'ok', settings: result.settings, warnings: result.warnings, ...(conversionToken ? { conversionToken } : {}) };
}
