import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../support/run-cli';

/** `settings put` takes the tracking API write key from stdin, a file or a named env var, never from argv. */
const ssm = mockClient(SSMClient);
const dir = mkdtempSync(join(tmpdir(), 'pinterest-tag-write-key-'));
const doc = join(dir, 'web.json');
writeFileSync(doc, JSON.stringify({ tagId: '2614759966035', adAccountId: '549755885175' }));
const WRITE_KEY = 'web.Q7vd2mX0kP4sT9wZ1yB3cE5gH8jL0nR2';
const base = ['settings', 'put', '--settings-prefix', '/pinterest-tag/test', '--source', 'web', '--file', doc];
const writtenKey = () =>
  ssm.commandCalls(PutParameterCommand).map((c) => c.args[0].input).find((i) => i.Name === '/pinterest-tag/test/sources/web/write-key');

beforeEach(() => {
  ssm.reset();
  ssm.on(PutParameterCommand).resolves({ Version: 1 });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('settings put: the write key', () => {
  it('from stdin, a file or an environment variable, stored as SecureString and never printed', async () => {
    const keyFile = join(dir, 'web.write-key');
    writeFileSync(keyFile, `${WRITE_KEY}\n`);
    const runs = [
      await runCli([...base, '--write-key-stdin'], { stdin: `${WRITE_KEY}\n` }),
      await runCli([...base, '--write-key-file', keyFile]),
      await runCli([...base, '--write-key-env', 'WEB_WRITE_KEY'], { env: { WEB_WRITE_KEY: WRITE_KEY } }),
    ];
    for (const run of runs) {
      expect(run.code).toBe(0);
      expect(run.out + run.err).not.toContain(WRITE_KEY);
    }
    expect(ssm.commandCalls(PutParameterCommand).filter((c) => c.args[0].input.Name?.endsWith('/write-key')).map((c) => c.args[0].input)).toEqual(
      Array(3).fill({ Name: '/pinterest-tag/test/sources/web/write-key', Value: WRITE_KEY, Type: 'SecureString', Overwrite: true }),
    );
  });

  it('has no argv form, and refuses two sources, a missing variable or a key for another source without writing', async () => {
    const outcomes = [
      await runCli([...base, '--write-key', WRITE_KEY]),
      await runCli([...base, '--write-key-stdin', '--write-key-env', 'X'], { stdin: WRITE_KEY, env: { X: WRITE_KEY } }),
      await runCli([...base, '--write-key-env', 'NOT_SET']),
      await runCli([...base, '--write-key-stdin'], { stdin: 'shop.Q7vd2mX0kP4sT9wZ1yB3cE5gH8jL0nR2' }),
    ];
    expect(outcomes.map((o) => o.code)).toEqual([2, 2, 2, 2]);
    expect(outcomes[2]?.err).toContain('environment variable NOT_SET is not set');
    expect(outcomes[3]?.err).toContain('writeKey must start with the source id ("web.")');
    expect(writtenKey()).toBeUndefined();
    for (const o of outcomes) expect(o.out + o.err).not.toContain('Q7vd2mX0kP4sT9wZ1yB3cE5gH8jL0nR2');
  });
});
