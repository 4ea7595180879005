// Bundle the AWS SDK v3 or leave it to the Lambda runtime? Builds every functions/*.ts both ways
// with the deployed esbuild settings and prints bundle size and cold-start import time (median of
// fresh `node` processes requiring the bundle). "external" resolves @aws-sdk/* from node_modules,
// as Lambda resolves it from the runtime's own unbundled copy.
//   node scripts/measure-sdk-bundling.mjs [runs=15]
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import buildConfig from './esbuild-options.cjs';

const runs = Number(process.argv[2] ?? 15);
// Inside the repo so that the external variant resolves @aws-sdk/* from ./node_modules.
const outRoot = resolve('.scratch', 'measure-sdk-bundling');
rmSync(outRoot, { recursive: true, force: true });
const names = readdirSync('functions').filter((f) => f.endsWith('.ts')).map((f) => basename(f, '.ts'));
const variants = { bundled: [], external: ['@aws-sdk/*'] };

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const script = (file) =>
  `const t=process.hrtime.bigint();require(${JSON.stringify(file)});process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6))`;
const env = {
  ...process.env,
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  AWS_REGION: 'us-east-1',
  QUEUE_URL: 'https://sqs.invalid/q',
  DEAD_LETTER_QUEUE_URL: 'https://sqs.invalid/d',
  SETTINGS_PREFIX: '/pinterest-tag/measure',
};
const importMs = (file) => Number(execFileSync(process.execPath, ['-e', script(file)], { env, encoding: 'utf8' }));

const cells = [];
for (const name of names) {
  for (const [variant, external] of Object.entries(variants)) {
    const outfile = join(outRoot, variant, name, 'index.js');
    mkdirSync(join(outRoot, variant, name), { recursive: true });
    await build({ ...buildConfig.esbuildOptions, entryPoints: [join('functions', `${name}.ts`)], outfile, external });
    cells.push({ name, variant, outfile, bytes: statSync(outfile).size, gz: gzipSync(readFileSync(outfile)).length, times: [] });
  }
}
// Interleaved, so a busy machine slows both variants alike.
for (let i = 0; i < runs; i++) for (const c of cells) c.times.push(importMs(c.outfile));
const rows = cells.map((c) => ({ ...c, kib: (c.bytes / 1024).toFixed(0), gzKib: (c.gz / 1024).toFixed(0), ms: median(c.times).toFixed(1) }));
rmSync(outRoot, { recursive: true, force: true });
console.log(`node ${process.version}, ${process.arch}, median of ${runs} fresh processes\n`);
console.log('| function | AWS SDK | bundle KiB | gzip KiB | import ms |\n| --- | --- | ---: | ---: | ---: |');
for (const r of rows) console.log(`| ${r.name} | ${r.variant} | ${r.kib} | ${r.gzKib} | ${r.ms} |`);
