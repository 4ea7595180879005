import { execFile, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { waitFor } from '../support/local-stack';

/**
 * `npm start` as a newcomer runs it: a separate process on the shipped settings and the built-in
 * Pinterest sandbox. The curl command it prints must produce a delivery in the sandbox output,
 * `npm run send` must post a sample, and SIGTERM must end it cleanly.
 */
const ROOT = join(__dirname, '..', '..');
const TMP = mkdtempSync(join(tmpdir(), 'npm-start-'));
// Not the clone's own .local/stack.json: a developer's running stack must not be touched.
const STACK_FILE = join(TMP, 'stack.json');

function run(script: string, args: string[], env: Record<string, string>): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
  });
}

function collect(child: ChildProcessWithoutNullStreams): { out: () => string; exit: Promise<number | null> } {
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
  return { out: () => out, exit: new Promise((resolve) => child.once('exit', (code) => resolve(code))) };
}

describe('npm start (bin/local.ts)', () => {
  let child: ChildProcessWithoutNullStreams;
  let output: ReturnType<typeof collect>;
  let ready: { url: string; sqsEndpoint: string; deadLetterQueueUrl: string };

  beforeAll(async () => {
    child = run('bin/local.ts', [], { PORT: '0', SQS_PORT: '0', LOG_FORMAT: 'json', PINTEREST_API_URL: '', LOCAL_SETTINGS: '', BATCH_WINDOW_SECONDS: '0.2', LOCAL_STACK_FILE: STACK_FILE });
    output = collect(child);
    const line = await waitFor('the ready log line', () => output.out().split('\n').find((l) => l.includes('"local stack ready"')), 30_000);
    ready = JSON.parse(line) as typeof ready;
  }, 40_000);

  afterAll(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await output.exit;
    }
  });

  test('prints where to post, the demo source and secret, and the queue URLs', () => {
    const text = output.out();
    expect(text).toContain(`POST ${ready.url}/v1/sources/{sourceId}/events`);
    expect(text).toContain('demo (webhook secret "demo-webhook-secret")');
    expect(text).toContain(ready.deadLetterQueueUrl);
    expect(text).toContain(`node ${join(ROOT, 'bin', 'npx-pinterest-tag.cjs')} dlq stats`);
  });

  test('writes .local/stack.json with the queue URLs and ports, for the CLI and the console', () => {
    const stack = JSON.parse(readFileSync(STACK_FILE, 'utf8')) as Record<string, unknown>;
    expect(stack).toMatchObject({
      version: 1,
      pid: child.pid,
      ingestUrl: ready.url,
      sqsEndpoint: ready.sqsEndpoint,
      deadLetterQueueUrl: ready.deadLetterQueueUrl,
      queueUrl: expect.stringContaining('pinterest-tag-local-events'),
      settingsFile: join(ROOT, 'config', 'local-sources.json'),
      ports: { ingest: Number(new URL(ready.url).port), sqs: Number(new URL(ready.sqsEndpoint).port), sandbox: expect.any(Number) },
    });
  });

  test('the printed curl command produces a delivery in the sandbox output', async () => {
    const curl = /curl -sS -X POST (\S+) \\\n\s+-H 'content-type: application\/json' \\\n\s+-H 'x-signature: ([0-9a-f]{40})' \\\n\s+--data-binary @(\S+)/.exec(output.out());
    expect(curl).not.toBeNull();
    const [, url, signature, file] = curl as RegExpExecArray;
    expect(url).toBe(`${ready.url}/v1/sources/demo/events`);
    // What curl --data-binary sends: the file's bytes, unchanged.
    const response = await fetch(url as string, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-signature': signature as string },
      body: readFileSync(file as string),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ accepted: 1, ignored: 0, rejected: [] });
    await waitFor('the sandbox summary', () => output.out().includes('Pinterest sandbox: POST /v5/ad_accounts/549755885175/events?test=true -> 200  1 event'));
    expect(output.out()).toMatch(/1\. checkout {2}web .*\n\s+user_data: em ph fn ln ge db ct st zp country external_id \(hashed\)/);
    expect(output.out()).not.toContain('Jane.Doe');
  });

  test('the printed curl works from any directory (absolute path to the body)', async () => {
    const curl = /(curl -sS -X POST \S+ \\\n(?:.*\\\n)*.*--data-binary @\S+)/.exec(output.out());
    expect(curl).not.toBeNull();
    const command = (curl as RegExpExecArray)[1] as string;
    const body = /--data-binary @(\S+)/.exec(command)?.[1] as string;
    expect(isAbsolute(body)).toBe(true);
    if (!existsSync('/usr/bin/curl') && !existsSync('/bin/curl')) return;
    const answer = await new Promise<string>((resolve, reject) =>
      execFile('sh', ['-c', command], { cwd: TMP }, (error, stdout) => (error ? reject(error) : resolve(stdout))),
    );
    expect(JSON.parse(answer)).toEqual({ accepted: 1, ignored: 0, rejected: [] });
    // Delivered before the next test posts, so each test sees its own batch.
    await waitFor('the second delivery', () => output.out().split('events?test=true -> 200  1 event').length > 2);
  });

  test('npm run send posts a sample file with the right signature', async () => {
    const send = run('bin/send.ts', ['events/segment/sample.ndjson', '--url', ready.url], {});
    const sent = collect(send);
    expect(await sent.exit).toBe(0);
    expect(sent.out()).toContain('8 event(s) -> 200');
    await waitFor('the sandbox to receive the sample', () => /events\?test=true -> 200 {2}7 events/.test(output.out()));
  });

  test('logs are JSON lines when stdout is not a terminal', () => {
    const logLines = output.out().split('\n').filter((l) => l.startsWith('{'));
    expect(logLines.length).toBeGreaterThan(2);
    for (const line of logLines) expect(JSON.parse(line)).toEqual(expect.objectContaining({ level: expect.any(String), message: expect.any(String) }));
  });

  test('SIGTERM aborts the long poll, finishes and exits 0', async () => {
    child.kill('SIGTERM');
    expect(await output.exit).toBe(0);
    expect(output.out()).toContain('"message":"stopped"');
    expect(existsSync(STACK_FILE)).toBe(false);
  });
});

describe('npm start with invalid settings', () => {
  test('refuses to start and lists every problem with file, source and field', async () => {
    const settings = join(TMP, 'bad-sources.json');
    writeFileSync(settings, JSON.stringify({ sources: { shop: { tagId: '12a', testMode: 'yes', eventMapping: { 'Order Completed': 'Purchase' } }, app: { tagId: '1', adAccountId: 'x' } } }));
    const child = run('bin/local.ts', [], { PORT: '0', SQS_PORT: '0', LOG_FORMAT: 'json', LOCAL_SETTINGS: settings, LOCAL_STACK_FILE: join(TMP, 'never.json') });
    const result = collect(child);
    expect(await result.exit).toBe(1);
    const text = result.out();
    expect(text).toContain(`local stack not started: 4 problems in the settings file ${settings}`);
    for (const problem of ['source "shop": tagId must be digits only', 'source "shop": testMode must be true or false', 'source "shop": eventMapping["Order Completed"]', 'source "app": adAccountId must be digits only']) {
      expect(text).toContain(problem);
    }
    expect(text).not.toContain('local stack running');
    expect(existsSync(join(TMP, 'never.json'))).toBe(false);
  }, 30_000);
});
