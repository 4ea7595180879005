// One minified bundle per Lambda handler: functions/<name>.ts → dist/<name>/index.js (exports `handler`).
// The same esbuild settings as serverless.yml's serverless-esbuild block, so local bundles and
// deployed bundles are the same size.
import { build } from 'esbuild';
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
      bundle: true,
      minify: true,
      sourcemap: false,
      platform: 'node',
      target: 'node22',
      format: 'cjs',
      mainFields: ['module', 'main'],
      legalComments: 'none',
      logLevel: 'warning',
    }),
  ),
);
console.log(`built ${entries.map((n) => `dist/${n}/index.js`).join(', ') || 'nothing (no functions/*.ts yet)'}`);
