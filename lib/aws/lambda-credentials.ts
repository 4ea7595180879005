import { fromEnv } from '@aws-sdk/credential-provider-env';
import { fromContainerMetadata } from '@smithy/credential-provider-imds';
import type { AwsCredentialIdentity } from '@smithy/types';

/**
 * Stands in for `@aws-sdk/credential-provider-node` in the Lambda bundles only (esbuild alias in
 * scripts/esbuild-options.cjs). Lambda hands a function its role's credentials in environment
 * variables, so the default chain's SSO, web-identity, INI, process and STS clients are dead
 * weight there: about 85 KiB of every minified bundle and its import time (docs/performance.md).
 * Container credentials stay as the fallback for runtimes that serve them that way.
 * Tests, the local stack and the CLI run from source with the SDK's full default chain.
 */
export function defaultProvider(init: Record<string, unknown> = {}): () => Promise<AwsCredentialIdentity> {
  const env = fromEnv(init);
  const container = fromContainerMetadata(init);
  return async () => {
    try {
      return await env();
    } catch (error) {
      if (process.env.AWS_CONTAINER_CREDENTIALS_FULL_URI || process.env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI) return container();
      throw error;
    }
  };
}
