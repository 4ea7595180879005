// The esbuild settings every Lambda bundle is built with, shared by scripts/build.mjs (local
// bundles, size and cold-start measurements) and serverless-esbuild (`custom.esbuild.config` in
// serverless.yml), so what we measure is what we deploy.
//
// The AWS SDK v3 is bundled, not left to the Lambda runtime's copy: the minified single-file bundle
// loads faster than the runtime's many-file SDK and pins the SDK version the tests ran against
// (numbers in docs/performance.md).
'use strict';

/** Plain esbuild build options (no entry points or output paths). */
const esbuildOptions = {
  bundle: true,
  minify: true,
  sourcemap: false,
  platform: 'node',
  target: 'node22',
  format: 'cjs',
  mainFields: ['module', 'main'],
  legalComments: 'none',
  logLevel: 'warning',
  // Lambda passes credentials in environment variables: swap the SDK's full default credential
  // chain (SSO, web identity, INI, STS clients: ~85 KiB) for env + container credentials.
  alias: { '@aws-sdk/credential-provider-node': require('node:path').join(__dirname, '..', 'lib', 'aws', 'lambda-credentials.ts') },
};

/** serverless-esbuild options: the esbuild settings plus the plugin's own. */
function serverlessEsbuildOptions() {
  return {
    ...esbuildOptions,
    // Nothing external: no `npm install` while packaging (offline CI), one self-contained file.
    external: [],
    exclude: [],
    packager: 'npm',
    // Two cores on CI: zipping three bundles in parallel is plenty.
    zipConcurrency: 3,
  };
}

module.exports = serverlessEsbuildOptions;
module.exports.esbuildOptions = esbuildOptions;
