import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../support/segment-events';

/**
 * `npm run invoke -- ingest events/lambda/<file>.json`: the deployed ingest handler on a sample API
 * Gateway event, without AWS (embedded SQS, file settings), from any directory.
 */
function invoke(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', require.resolve('tsx'), join(REPO_ROOT, 'bin', 'invoke.ts'), ...args], { cwd, env: { ...process.env, AWS_PROFILE: '', AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '' } }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('bin/invoke', () => {
  it('runs the ingest handler on a sample event with no AWS credentials, from another directory', async () => {
    const result = await invoke(['ingest', join(REPO_ROOT, 'events', 'lambda', 'ingest-batch.json')], mkdtempSync(join(tmpdir(), 'invoke-')));
    expect(result.code).toBe(0);
    const [json, summary] = result.stdout.split('\nenqueued: ');
    expect(JSON.parse(json as string)).toEqual({ statusCode: 200, body: { accepted: 3, ignored: 1, rejected: [expect.objectContaining({ index: 3, reason: 'invalid_event' })] } });
    expect(summary).toMatch(/^3 on the main queue, 1 on the dead-letter queue/);
  }, 30_000);

  it('answers a bad signature with 401, and a wrong function name with its usage', async () => {
    const bad = await invoke(['ingest', 'events/lambda/ingest-bad-signature.json'], REPO_ROOT);
    expect(JSON.parse(bad.stdout.split('\nenqueued: ')[0] as string)).toEqual({ statusCode: 401, body: { message: 'missing or invalid credentials' } });
    const wrong = await invoke(['worker', 'x.json'], REPO_ROOT);
    expect(wrong).toMatchObject({ code: 2, stderr: expect.stringContaining('usage: npm run invoke -- ingest') });
  }, 30_000);
});
