import { trimTrailingSlashes } from '../util/trailing-slashes';

/**
 * Where a source's parameters live under the settings prefix (the one place that knows the SSM
 * layout; ssm-provider.ts, ssm-ingest-credentials.ts and lib/ops read and write by it).
 */
export const SSM_NAMES = {
  settings: 'settings',
  conversionToken: 'conversion-token',
  webhookSecret: 'webhook-secret',
  writeKey: 'write-key',
} as const;

export function sourcePath(prefix: string, sourceId: string): string {
  return `${trimTrailingSlashes(prefix)}/sources/${sourceId}`;
}
