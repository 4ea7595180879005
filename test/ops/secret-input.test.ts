import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { readSecret, secretSource, SecretInputError } from '../../lib/ops/secret-input';
import { runCli } from '../support/run-cli';

const io = (stdin = '', env: Record<string, string> = {}) => ({
  stdin: Readable.from([Buffer.from(stdin)]) as Readable & { isTTY?: boolean },
  stderr: new Writable({ write: (_c, _e, done) => done() }),
  env,
});

describe('secretSource', () => {
  it('refuses a value on the command line, naming the three safe ways', () => {
    expect(() => secretSource('webhook-secret', { value: 'whsec_123' })).toThrow(
      '--webhook-secret VALUE would put the secret in the process list and shell history; use --webhook-secret-stdin, --webhook-secret-file FILE or --webhook-secret-env VAR',
    );
    // The message never carries the value.
    expect(() => secretSource('webhook-secret', { value: 'whsec_123' })).not.toThrow(/whsec_123/);
  });

  it('takes exactly one of stdin, file, env', () => {
    expect(secretSource('write-key', { stdin: true })).toEqual({ kind: 'stdin' });
    expect(secretSource('write-key', { file: 'k.txt' })).toEqual({ kind: 'file', path: 'k.txt' });
    expect(secretSource('write-key', { env: 'KEY' })).toEqual({ kind: 'env', name: 'KEY' });
    expect(secretSource('write-key', {})).toBeUndefined();
    expect(() => secretSource('write-key', { stdin: true, env: 'KEY' })).toThrow(SecretInputError);
  });
});

describe('readSecret', () => {
  const dir = mkdtempSync(join(tmpdir(), 'secret-input-'));

  it('reads stdin, a file or a variable, trailing newlines dropped', async () => {
    const file = join(dir, 's.txt');
    writeFileSync(file, 'from-file\r\n');
    await expect(readSecret({ kind: 'stdin' }, io('from-stdin\n'), 'Secret')).resolves.toBe('from-stdin');
    await expect(readSecret({ kind: 'file', path: file }, io(), 'Secret')).resolves.toBe('from-file');
    await expect(readSecret({ kind: 'env', name: 'S' }, io('', { S: 'from-env' }), 'Secret')).resolves.toBe('from-env');
  });

  it('an empty or missing secret is an error that names the source, not a value', async () => {
    await expect(readSecret({ kind: 'env', name: 'NOPE' }, io(), 'Webhook secret')).rejects.toThrow('environment variable NOPE is not set');
    await expect(readSecret({ kind: 'file', path: join(dir, 'missing') }, io(), 'Webhook secret')).rejects.toThrow(/cannot read .*missing: ENOENT/);
    await expect(readSecret({ kind: 'stdin' }, io('\n'), 'Webhook secret')).rejects.toThrow('Webhook secret is empty');
  });
});

describe('settings put refuses a webhook secret in argv', () => {
  it('exits with a usage error before reading anything', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'secret-cli-')), 'web.json');
    writeFileSync(file, JSON.stringify({ tagId: '2614759966035', adAccountId: '549755885175' }));
    const run = await runCli(['settings', 'put', '--settings-prefix', '/pinterest-tag/x', '--source', 'web', '--file', file, '--webhook-secret', 'whsec_argv']);
    expect(run.code).toBe(2);
    expect(run.err).toContain('--webhook-secret VALUE would put the secret in the process list');
    expect(run.err + run.out).not.toContain('whsec_argv');
  });
});
