import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, type BuildOptions } from 'esbuild';
import { REPO_ROOT } from './fixtures';
import { median } from './measure';

/**
 * Bundle size and import time of each Lambda, built two ways: with the AWS SDK v3 inside the bundle,
 * and with `@aws-sdk/*` left external (Lambda's Node runtime ships the SDK). Bundles are written to
 * .scratch/bench (never over dist/), inside the repo so an external `@aws-sdk/*` resolves from the
 * repo's node_modules: the import time then includes loading the SDK's many files, as on Lambda.
 */
export const FUNCTIONS = ['ingest', 'worker'] as const;
export type FunctionName = (typeof FUNCTIONS)[number];
export const SDK_EXTERNAL = ['@aws-sdk/*'];
export const OUT_DIR = join(REPO_ROOT, '.scratch', 'bench');

/** The esbuild options the deploy uses: scripts/esbuild-options.cjs when it exists, else scripts/build.mjs's. */
export function deployBuildOptions(): { options: BuildOptions; sdkExternal: boolean; source: string } {
  const shared = join(REPO_ROOT, 'scripts', 'esbuild-options.cjs');
  if (existsSync(shared)) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS config file shared with serverless.yml
    const mod = require(shared) as (() => { external?: string[] }) & { esbuildOptions: BuildOptions };
    const external = mod().external ?? [];
    return { options: mod.esbuildOptions, sdkExternal: external.some((e) => e.startsWith('@aws-sdk')), source: 'scripts/esbuild-options.cjs' };
  }
  return {
    options: { bundle: true, minify: true, sourcemap: false, platform: 'node', target: 'node22', format: 'cjs', mainFields: ['module', 'main'], legalComments: 'none', logLevel: 'warning' },
    sdkExternal: false,
    source: 'scripts/build.mjs',
  };
}

export interface BundleInfo {
  name: FunctionName;
  sdkExternal: boolean;
  path: string;
  bytes: number;
  gzipBytes: number;
}

export async function buildBundles(): Promise<BundleInfo[]> {
  const { options } = deployBuildOptions();
  const out: BundleInfo[] = [];
  for (const sdkExternal of [false, true]) {
    for (const name of FUNCTIONS) {
      const path = join(OUT_DIR, sdkExternal ? 'sdk-external' : 'sdk-bundled', name, 'index.js');
      await build({ ...options, entryPoints: [join(REPO_ROOT, 'functions', `${name}.ts`)], outfile: path, external: sdkExternal ? SDK_EXTERNAL : [], logLevel: 'error' });
      const code = readFileSync(path);
      out.push({ name, sdkExternal, path, bytes: code.length, gzipBytes: gzipSync(code).length });
    }
  }
  return out;
}

// Env the handlers read at import (the worker builds its clients at module load).
const HANDLER_ENV = {
  QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/main',
  DEAD_LETTER_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/dlq',
  SETTINGS_PREFIX: '/bench',
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
  POWERTOOLS_SERVICE_NAME: 'pinterest-tag-destination',
  POWERTOOLS_METRICS_NAMESPACE: 'PinterestTagDestination',
};

const PROBE = `const t=process.hrtime.bigint();require(process.argv[1]);process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6));`;

/** Milliseconds to `require` the module in a fresh `node` process; median of `runs`. */
export function importMs(path: string, runs: number): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const result = spawnSync(process.execPath, ['-e', PROBE, path], { cwd: REPO_ROOT, env: { PATH: process.env.PATH, ...HANDLER_ENV }, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`importing ${path} failed: ${result.stderr}`);
    times.push(Number(result.stdout));
  }
  return median(times);
}

export function emptyModule(): string {
  const path = join(OUT_DIR, 'empty.js');
  mkdirSync(OUT_DIR, { recursive: true });
  writeFileSync(path, 'module.exports = {};\n');
  return path;
}
