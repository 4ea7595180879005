import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';

/**
 * `serverless package --stage ci` run fresh (offline, no AWS credentials, about 3 s) in a
 * temporary copy of the repository: osls always works in `<service>/.serverless` and
 * serverless-esbuild in `<service>/.esbuild`, and a test must neither read a stale template nor
 * clobber a developer's. `params` become `--param name=value` (a stage variant).
 */
export type Json = Record<string, unknown>;
export interface Resource {
  Type: string;
  Properties: Json;
  Condition?: string;
}
export interface Template {
  Resources: Record<string, Resource>;
  Parameters?: Json;
  Conditions?: Json;
  Outputs?: Json;
}
export interface PackagedStack {
  template: Template;
  /** `<copy>/.serverless`: the template and the function zips. */
  outDir: string;
  templatePath: string;
  remove(): void;
}

const root = resolve(__dirname, '..', '..');
const NOT_COPIED = new Set(['node_modules', '.git', '.serverless', '.esbuild', 'dist', 'coverage', '.scratch', '.local']);

export function packageStack(params: Record<string, string> = {}): PackagedStack {
  const workDir = mkdtempSync(join(tmpdir(), 'ptd-package-'));
  const service = join(workDir, 'service');
  cpSync(root, service, { recursive: true, filter: (src) => !NOT_COPIED.has(relative(root, src).split(sep)[0]!) });
  symlinkSync(join(root, 'node_modules'), join(service, 'node_modules'), 'dir');
  const outDir = join(service, '.serverless');
  const env: NodeJS.ProcessEnv = { ...process.env, AWS_REGION: 'us-east-1' };
  // Prove packaging needs no credentials.
  for (const name of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE']) delete env[name];
  const paramArgs = Object.entries(params).flatMap(([name, value]) => ['--param', `${name}=${value}`]);
  const run = spawnSync(process.execPath, [require.resolve('osls/bin/serverless.js'), 'package', '--stage', 'ci', ...paramArgs], {
    cwd: service,
    env,
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (run.status !== 0) {
    rmSync(workDir, { recursive: true, force: true });
    const missing = ['ingest', 'worker', 'replay'].filter((f) => !existsSync(join(root, 'functions', `${f}.ts`)));
    throw new Error(
      `serverless package --stage ci failed (exit ${run.status})` +
        (missing.length ? `; serverless.yml declares handlers that do not exist: ${missing.map((f) => `functions/${f}.ts`).join(', ')}` : '') +
        `\n${(run.stdout + run.stderr).slice(-3000)}`,
    );
  }
  const templatePath = join(outDir, 'cloudformation-template-update-stack.json');
  return {
    template: JSON.parse(readFileSync(templatePath, 'utf8')) as Template,
    outDir,
    templatePath,
    remove: () => rmSync(workDir, { recursive: true, force: true }),
  };
}
