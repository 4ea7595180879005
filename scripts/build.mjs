// One minified bundle per Lambda handler: functions/<name>.ts → dist/<name>/index.js (exports `handler`).
// The esbuild settings live in scripts/esbuild-options.cjs, shared with serverless.yml's
// serverless-esbuild config, so local bundles and deployed bundles are the same.
import { build } from 'esbuild';
import buildConfig from './esbuild-options.cjs';
import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';

const only = process.argv.slice(2);
const entries = readdirSync('functions')
  .filter((f) => f.endsWith('.ts'))
  .map((f) => basename(f, '.ts'))
  .filter((name) => only.length === 0 || only.includes(name));

await Promise.all(
  entries.map((name) =>
    build({
      entryPoints: [join('functions', `${name}.ts`)],
      outfile: join('dist', name, 'index.js'),
      ...buildConfig.esbuildOptions,
    }),
  ),
);
console.log(`built ${entries.map((n) => `dist/${n}/index.js`).join(', ') || 'nothing (no functions/*.ts yet)'}`);
