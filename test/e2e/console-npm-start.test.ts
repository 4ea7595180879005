import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { waitFor } from '../support/local-stack';

/** `npm start` serves the console on its ingest port, over the settings file it runs on. */
const ROOT = join(__dirname, '..', '..');

test('npm start prints the console address and serves it with the shipped settings', async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bin/local.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', SQS_PORT: '0', LOG_FORMAT: 'json', PINTEREST_API_URL: '', LOCAL_SETTINGS: '' },
  });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const exit = new Promise((resolve) => child.once('exit', resolve));
  try {
    const line = await waitFor('the ready log line', () => out.split('\n').find((l) => l.includes('"local stack ready"')), 30_000);
    const { url } = JSON.parse(line) as { url: string };
    expect(out).toContain(`Console                 ${url}/`);

    const page = await fetch(`${url}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('data-testid="sources"');
    const overview = (await (await fetch(`${url}/console/api/overview`)).json()) as {
      sources: { file: string; ok: boolean; sources: { id: string; errors: string[] }[] };
      pinterest: { sandbox: boolean };
    };
    expect(overview.sources.file).toBe(join(ROOT, 'config', 'local-sources.json'));
    expect(overview.sources).toMatchObject({ ok: true, sources: [{ id: 'demo', errors: [] }] });
    expect(overview.pinterest.sandbox).toBe(true);
  } finally {
    child.kill('SIGTERM');
    await exit;
  }
}, 40_000);
