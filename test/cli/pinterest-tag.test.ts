import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { GetParametersByPathCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DLQ_COMMANDS } from '../../bin/cli/dlq-commands';
import { SETTINGS_COMMANDS } from '../../bin/cli/settings-commands';
import { DLQ_URL, FakeSqs, QUEUE_URL, segmentTrack } from '../support/fake-sqs';
import { runCli } from '../support/run-cli';

const fake = new FakeSqs();
const ssm = mockClient(SSMClient);
const dir = mkdtempSync(join(tmpdir(), 'pinterest-tag-cli-'));
const validDoc = { tagId: '2614759966035', adAccountId: '549755885175' };

const cli = (args: string[], options: { stdin?: string; tty?: boolean; env?: Record<string, string> } = {}) =>
  runCli(args, { ...options, env: { AWS_REGION: 'us-east-1', ...options.env } });

const queues = ['--dlq-url', DLQ_URL, '--queue-url', QUEUE_URL];

beforeEach(() => {
  fake.reset();
  ssm.reset();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function seed() {
  fake.addDeadLetter(segmentTrack({ messageId: 'web-auth' }), { sourceId: 'web', reason: 'pinterest_auth' });
  fake.addDeadLetter(segmentTrack({ messageId: 'ios-auth' }), { sourceId: 'ios', reason: 'pinterest_auth' });
  fake.addDeadLetter(segmentTrack({ messageId: 'web-old' }), { sourceId: 'web', reason: 'event_too_old' });
}

describe('help', () => {
  it('lists every command with --help (exit 0), and on stderr with exit 2 when called bare', async () => {
    const help = await cli(['--help']);
    expect(help.code).toBe(0);
    for (const c of [...DLQ_COMMANDS, ...SETTINGS_COMMANDS]) expect(help.out).toContain(c.name);
    expect(help.out).toContain('translate');
    const bare = await cli([]);
    expect(bare).toMatchObject({ code: 2, out: '' });
    expect(bare.err).toMatch(/^pinterest-tag: which command\? dlq stats.*\nRun `pinterest-tag --help`/);
  });

  it.each([...DLQ_COMMANDS, ...SETTINGS_COMMANDS].map((c) => c.name))('%s --help shows usage, options and examples', async (name) => {
    const { code, out } = await cli([...name.split(' '), '--help']);
    expect(code).toBe(0);
    expect(out).toContain(`Usage: pinterest-tag ${name}`);
    expect(out).toMatch(new RegExp(`Examples:\\n  pinterest-tag ${name}`));
    expect(out).toContain('Exit codes');
    expect(fake.mock.calls()).toHaveLength(0);
  });

  it('shows a group summary for `dlq --help`', async () => {
    const { code, out } = await cli(['dlq', '--help']);
    expect(code).toBe(0);
    expect(out).toContain('Usage: pinterest-tag dlq <stats|peek|replay|purge|move-status>');
  });
});

describe('usage errors exit 2 before touching AWS', () => {
  it.each([
    [['bogus'], 'unknown command "bogus"'],
    [['dlq'], 'dlq needs a command'],
    [['dlq', 'nope'], 'unknown command "dlq nope"'],
    [['dlq', 'stats', '--bogus', ...queues], 'unknown option --bogus'],
    [['dlq', 'stats', 'extra', ...queues], 'unexpected argument "extra"'],
    [['dlq', 'replay', '--reason', 'bad', ...queues], 'unknown reason "bad"'],
    [['dlq', 'replay', '--limit', 'ten', ...queues], '--limit must be a whole number ≥ 1, got "ten"'],
    [['dlq', 'replay', '--rate', 'fast', ...queues], '--rate must be messages per second like 50/s, got "fast"'],
    [['dlq', 'replay', '--all', '--reason', 'pinterest_auth', ...queues], '--all moves every message; it cannot be combined with --reason'],
    [['dlq', 'purge', ...queues, '--yes'], '--reason is required'],
    [['dlq', 'stats'], 'no dead-letter queue: pass --dlq-url, set DEAD_LETTER_QUEUE_URL, or pass --stage'],
    [['settings', 'validate'], 'settings validate needs FILE'],
    [['settings', 'get', '--source', 'web'], 'no settings prefix'],
    [['settings', 'put', '--settings-prefix', '/p', '--file', 'x.json'], '--source is required'],
  ])('%j', async (args, message) => {
    const { code, err } = await cli(args);
    expect(code).toBe(2);
    expect(err).toContain(message);
    expect(fake.mock.calls()).toHaveLength(0);
    expect(ssm.calls()).toHaveLength(0);
  });
});

describe('dlq commands', () => {
  it('stats prints counts by source and reason and leaves the queue as it was', async () => {
    seed();
    const { code, out } = await cli(['dlq', 'stats', '--dlq-url', DLQ_URL]);
    expect(code).toBe(0);
    expect(out).toContain('3 messages read');
    expect(out).toMatch(/web\s+pinterest_auth\s+1/);
    expect(out).toContain('pinterest_auth: Pinterest refused the ad account (404), or the token (401/403) for longer than the credentials pause');
    expect(fake.queue(DLQ_URL).every((m) => m.visible)).toBe(true);
  });

  it('stats --json is machine-readable, and the queue comes from DEAD_LETTER_QUEUE_URL', async () => {
    seed();
    const { code, out } = await cli(['dlq', 'stats', '--json'], { env: { DEAD_LETTER_QUEUE_URL: DLQ_URL } });
    expect(code).toBe(0);
    expect(JSON.parse(out)).toMatchObject({ dlqUrl: DLQ_URL, total: 3, byReason: { pinterest_auth: 2, event_too_old: 1 } });
  });

  it('peek shows why messages failed without personal data', async () => {
    seed();
    const { code, out } = await cli(['dlq', 'peek', '--dlq-url', DLQ_URL, '--reason', 'pinterest_auth']);
    expect(code).toBe(0);
    expect(out).toContain('reason=pinterest_auth  attempts=3');
    expect(out).toContain('event:   track "Order Completed"');
    expect(out).toContain('properties: revenue, email');
    for (const pii of ['jane@example.com', 'user-42', '203.0.113.9']) expect(out).not.toContain(pii);
  });

  it('replay moves the matching messages and prints a summary (exit 0)', async () => {
    seed();
    const { code, out } = await cli(['dlq', 'replay', ...queues, '--reason', 'pinterest_auth', '--source', 'web']);
    expect(code).toBe(0);
    expect(out).toContain('Replayed 1 of 1 matching message (reason pinterest_auth, source web)');
    expect(fake.queue(QUEUE_URL)).toHaveLength(1);
    expect(fake.queue(DLQ_URL)).toHaveLength(2);
  });

  it('replay exits 1 when a send failed, and the message stays', async () => {
    seed();
    fake.failSend = () => true;
    const { code, out } = await cli(['dlq', 'replay', ...queues, '--reason', 'event_too_old', '--json']);
    expect(code).toBe(1);
    expect(JSON.parse(out)).toMatchObject({ replayed: 0, failed: 1 });
    expect(fake.queue(DLQ_URL)).toHaveLength(3);
  });

  it('replay --dry-run changes nothing', async () => {
    seed();
    const { code, out } = await cli(['dlq', 'replay', ...queues, '--dry-run']);
    expect(code).toBe(0);
    expect(out).toContain('Dry run: 3 messages would be replayed');
    expect(fake.queue(QUEUE_URL)).toHaveLength(0);
    expect(fake.queue(DLQ_URL)).toHaveLength(3);
  });

  it('reports AWS failures with exit 1', async () => {
    fake.mock.on(ReceiveMessageCommand).rejects(Object.assign(new Error('not authorized'), { name: 'AccessDenied' }));
    const { code, err } = await cli(['dlq', 'peek', '--dlq-url', DLQ_URL]);
    expect(code).toBe(1);
    expect(err).toContain('pinterest-tag dlq peek failed: AccessDenied: not authorized');
  });
});

describe('dlq purge confirmation', () => {
  const purge = ['dlq', 'purge', '--dlq-url', DLQ_URL, '--reason', 'pinterest_auth'];

  it('refuses without a terminal and without --yes', async () => {
    seed();
    const { code, err } = await cli(purge, { tty: false });
    expect(code).toBe(2);
    expect(err).toContain('refusing to delete without confirmation');
    expect(fake.mock.calls()).toHaveLength(0);
  });

  it('asks on a terminal, and deletes nothing when the answer is no', async () => {
    seed();
    const { code, out, err } = await cli(purge, { tty: true, stdin: 'n\n' });
    expect(err).toContain(`Delete 2 messages (reason pinterest_auth) from ${DLQ_URL} for good? [y/N]`);
    expect(code).toBe(1);
    expect(out).toContain('Nothing deleted.');
    expect(fake.queue(DLQ_URL)).toHaveLength(3);
    expect(fake.queue(DLQ_URL).every((m) => m.visible)).toBe(true);
  });

  it('deletes only the matching messages after "yes"', async () => {
    seed();
    const { code, out } = await cli(purge, { tty: true, stdin: 'yes\n' });
    expect(code).toBe(0);
    expect(out).toContain('Deleted 2 messages (reason pinterest_auth)');
    expect(fake.queue(DLQ_URL).map((m) => JSON.parse(m.body).messageId)).toEqual(['web-old']);
  });

  it('deletes without asking with --yes', async () => {
    seed();
    const { code } = await cli([...purge, '--source', 'ios', '--yes']);
    expect(code).toBe(0);
    expect(fake.queue(DLQ_URL)).toHaveLength(2);
  });
});

describe('settings commands', () => {
  const file = (name: string, doc: unknown) => {
    const path = join(dir, name);
    writeFileSync(path, typeof doc === 'string' ? doc : JSON.stringify(doc));
    return path;
  };

  it('validate exits 0 for a valid document and 2 with the errors for an invalid one', async () => {
    expect((await cli(['settings', 'validate', file('ok.json', validDoc)])).code).toBe(0);
    const bad = await cli(['settings', 'validate', file('bad.json', { tagId: 'x' })]);
    expect(bad.code).toBe(2);
    expect(bad.out).toContain('error: tagId must be digits only');
    const broken = await cli(['settings', 'validate', file('broken.json', '{nope')]);
    expect(broken.code).toBe(2);
    expect(broken.err).toContain('is not valid JSON');
  });

  it('put reads the token from stdin, stores it as SecureString and never prints it', async () => {
    ssm.on(PutParameterCommand).resolves({ Version: 1 });
    const { code, out, err } = await cli(
      ['settings', 'put', '--settings-prefix', '/pinterest-tag/test', '--source', 'web', '--file', file('web.json', validDoc), '--conversion-token-stdin'],
      { stdin: 'pina_SECRET_TOKEN\n' },
    );
    expect(code).toBe(0);
    expect(ssm.commandCalls(PutParameterCommand).map((c) => c.args[0].input)).toEqual([
      { Name: '/pinterest-tag/test/sources/web/conversion-token', Value: 'pina_SECRET_TOKEN', Type: 'SecureString', Overwrite: true },
      { Name: '/pinterest-tag/test/sources/web/settings', Value: JSON.stringify(validDoc), Type: 'String', Overwrite: true },
    ]);
    expect(out + err).not.toContain('pina_SECRET_TOKEN');
  });

  it('put refuses a conversion token on the command line and writes nothing', async () => {
    const { code, out, err } = await cli(
      ['settings', 'put', '--stage', 'test', '--source', 'web', '--file', file('web.json', validDoc), '--conversion-token', 'pina_ARGV_TOKEN'],
    );
    expect(code).toBe(2);
    expect(err).toContain('--conversion-token VALUE would put the secret in the process list');
    expect(err).toContain('--conversion-token-env VAR');
    expect(out + err).not.toContain('pina_ARGV_TOKEN');
    expect(ssm.commandCalls(PutParameterCommand)).toHaveLength(0);
  });

  it('put reads the token from a file or an environment variable', async () => {
    ssm.on(PutParameterCommand).resolves({ Version: 1 });
    const tokenFile = file('token.txt', 'pina_FILE_TOKEN\n');
    const runs = [
      await cli(['settings', 'put', '--stage', 'test', '--source', 'web', '--file', file('web.json', validDoc), '--conversion-token-file', tokenFile]),
      await cli(['settings', 'put', '--stage', 'test', '--source', 'web', '--file', file('web.json', validDoc), '--conversion-token-env', 'TOKEN'], { env: { TOKEN: 'pina_ENV_TOKEN' } }),
    ];
    expect(runs.map((r) => r.code)).toEqual([0, 0]);
    expect(ssm.commandCalls(PutParameterCommand).map((c) => c.args[0].input).filter((i) => i.Name?.endsWith('/conversion-token')).map((i) => i.Value)).toEqual([
      'pina_FILE_TOKEN',
      'pina_ENV_TOKEN',
    ]);
    for (const r of runs) expect(r.out + r.err).not.toMatch(/pina_(FILE|ENV)_TOKEN/);
  });

  it('put writes nothing when the document is invalid (exit 2)', async () => {
    const { code, err } = await cli(
      ['settings', 'put', '--stage', 'test', '--source', 'web', '--file', file('bad-put.json', { tagId: 'x' }), '--conversion-token-env', 'TOKEN'],
      { env: { TOKEN: 'tok' } },
    );
    expect(code).toBe(2);
    expect(err).toContain('invalid input, nothing was written');
    expect(ssm.commandCalls(PutParameterCommand)).toHaveLength(0);
  });

  it('get masks secrets', async () => {
    ssm.on(GetParametersByPathCommand).resolves({
      Parameters: [
        { Name: '/pinterest-tag/prod/sources/web/settings', Type: 'String', Value: JSON.stringify(validDoc), Version: 1 },
        { Name: '/pinterest-tag/prod/sources/web/conversion-token', Type: 'SecureString', Value: 'ENCRYPTED', Version: 3 },
      ],
    });
    const { code, out } = await cli(['settings', 'get', '--source', 'web'], { env: { SETTINGS_PREFIX: '/pinterest-tag/prod' } });
    expect(code).toBe(0);
    expect(out).toContain('conversion token: ******** (SecureString, version 3');
    expect(out).toContain('webhook secret:   not set');
    expect(out).not.toContain('ENCRYPTED');
  });
});

describe('translate', () => {
  it('is the same command as `npm run translate`', async () => {
    const help = await cli(['translate', '--help']);
    expect(help.code).toBe(0);
    expect(help.out).toContain('--settings FILE');
    const event = readFileSync(join(__dirname, '../../events/segment/signed-up.json'), 'utf8').replace(/\n\s*/g, ' ');
    const run = await cli(['translate', '--settings', join(__dirname, '../../config/settings.example.json'), '--now', '2026-11-28T12:00:00Z'], { stdin: `${event}\n` });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.out)).toMatchObject({ event: { event_name: 'signup' } });
  });
});

describe('the npx entry point', () => {
  it('runs as a process with real exit codes', () => {
    const bin = join(__dirname, '../../bin/npx-pinterest-tag.cjs');
    const help = spawnSync(process.execPath, [bin, 'dlq', 'replay', '--help'], { encoding: 'utf8', timeout: 30_000 });
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('Usage: pinterest-tag dlq replay');
    const usage = spawnSync(process.execPath, [bin, 'dlq', 'stats'], { encoding: 'utf8', timeout: 30_000, env: { ...process.env, DEAD_LETTER_QUEUE_URL: '' } });
    expect(usage.status).toBe(2);
    expect(usage.stderr).toContain('no dead-letter queue');
  });
});
