import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { validatePinterestEvent } from '../../lib/pinterest/event-schema';
import { NOW_ISO, REPO_ROOT, SAMPLE_NDJSON_PATH, SAMPLE_SETTINGS_PATH } from '../support/segment-events';

// End-to-end through a real process: the command as docs/settings.md shows it. Kept to a few spawns
// (each costs a tsx start); the rules are covered in-process by test/ops/translate-stream.test.ts.

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(command: string, args: string[], input: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: REPO_ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

const tsx = (args: string[], input = '') => run(process.execPath, [require.resolve('tsx/cli'), 'bin/translate.ts', ...args], input);

describe('bin/translate', () => {
  it('npm run --silent translate answers every sample event with one valid JSON line', async () => {
    const input = readFileSync(SAMPLE_NDJSON_PATH, 'utf8');
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const result = await run(npm, ['run', '--silent', 'translate', '--', '--settings', SAMPLE_SETTINGS_PATH, '--now', NOW_ISO], input);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const answers = result.stdout.trimEnd().split('\n').map((line) => JSON.parse(line) as { event?: unknown; dropped?: { reason: string } });
    expect(answers).toHaveLength(input.trimEnd().split('\n').length);
    for (const answer of answers) {
      if (answer.event) expect(validatePinterestEvent(answer.event)).toEqual([]);
    }
    expect(answers.filter((a) => a.dropped).map((a) => a.dropped?.reason)).toEqual(['unsupported_type']);
  });

  it('exits 2 with a message on stderr when the settings are invalid', async () => {
    const result = await tsx(['--settings', 'package.json', '--now', NOW_ISO]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^translate: invalid settings in package.json:\n {2}tagId is required/);
  });

  it('prints help', async () => {
    const result = await tsx(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Usage: npm run --silent translate/);
  });
});
