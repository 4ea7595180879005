import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { parseTranslateArgs, runTranslateCli, translateLine } from '../../lib/ops/translate-stream';
import { NOW_ISO, NOW_MS, SAMPLE_NDJSON_PATH, SAMPLE_SETTINGS_PATH, settingsWith } from '../support/segment-events';

function collect(stream: PassThrough): () => string {
  let out = '';
  stream.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  return () => out;
}

async function cli(argv: string[], input: string) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out = collect(stdout);
  const err = collect(stderr);
  const code = await runTranslateCli(argv, { stdin: Readable.from([input]), stdout, stderr });
  return { code, stdout: out(), stderr: err() };
}

const lines = (text: string) => text.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Record<string, unknown>);

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'translate-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('parseTranslateArgs', () => {
  it('reads --settings, --now and --source', () => {
    expect(parseTranslateArgs(['--settings', 's.json', '--now', NOW_ISO, '--source', 'web'])).toEqual({
      kind: 'run',
      settingsPath: 's.json',
      source: 'web',
      nowMs: NOW_MS,
    });
    expect(parseTranslateArgs(['--help'])).toEqual({ kind: 'help' });
    expect(parseTranslateArgs(['-h'])).toEqual({ kind: 'help' });
  });

  it('explains what is wrong', () => {
    expect(parseTranslateArgs([])).toEqual({ kind: 'error', message: '--settings FILE is required' });
    expect(parseTranslateArgs(['--settings', 's.json', '--now', 'tomorrow'])).toMatchObject({ kind: 'error', message: expect.stringMatching(/--now must be an ISO 8601 time/) });
    expect(parseTranslateArgs(['--settings', 's.json', '--bogus'])).toMatchObject({ kind: 'error' });
  });
});

describe('translateLine', () => {
  it('answers unparsable JSON with an invalid_event drop that does not quote the line', () => {
    const answer = JSON.parse(translateLine('{"email": "jane@example.com"', settingsWith(), NOW_MS, 3)) as { dropped: { reason: string; message: string } };
    expect(answer.dropped.reason).toBe('invalid_event');
    expect(answer.dropped.message).toBe('line 3 is not valid JSON (expected one Segment event per line)');
  });
});

describe('runTranslateCli', () => {
  it('writes one answer per non-blank input line, in order, on the sample events', async () => {
    const input = readFileSync(SAMPLE_NDJSON_PATH, 'utf8').replace('\n', '\n\n   \n').concat('this is not json\r\n[1,2]\n');
    const result = await cli(['--settings', SAMPLE_SETTINGS_PATH, '--now', NOW_ISO], input);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    const answers = lines(result.stdout);
    expect(answers.map((a) => ('event' in a ? (a.event as { event_name: string }).event_name : (a.dropped as { reason: string }).reason))).toEqual([
      'checkout',
      'add_to_cart',
      'search',
      'page_visit',
      'view_category',
      'page_visit',
      'signup',
      'unsupported_type',
      'invalid_event',
      'invalid_event',
    ]);
    expect(answers[8]).toEqual({ dropped: { reason: 'invalid_event', message: 'line 11 is not valid JSON (expected one Segment event per line)' } });
  });

  it('uses the real clock without --now', async () => {
    const event = { type: 'track', event: 'Order Completed', messageId: 'm', timestamp: new Date().toISOString(), context: { ip: '203.0.113.1', userAgent: 'ua' } };
    const result = await cli(['--settings', SAMPLE_SETTINGS_PATH], `${JSON.stringify(event)}\n`);
    expect(lines(result.stdout)).toEqual([{ event: expect.objectContaining({ event_name: 'checkout', event_id: 'm' }) }]);
  });

  it('prints settings warnings on stderr and still translates', async () => {
    const path = join(dir, 'warn.json');
    writeFileSync(path, JSON.stringify({ tagId: '2614759966035', customProperties: ['myObject.myProperty'] }));
    const result = await cli(['--settings', path, '--now', NOW_ISO], '');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/settings warning: customProperties\[0\] \("myObject.myProperty"\)/);
    expect(result.stderr).toMatch(/settings warning: adAccountId is not set/);
  });

  it('exits 2 with the reason on invalid settings, unreadable files and bad arguments', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ tagId: 'abc' }));
    const invalid = await cli(['--settings', bad], '');
    expect(invalid).toEqual({ code: 2, stdout: '', stderr: expect.stringContaining('tagId must be digits only, like 2614759966035') });

    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{"tagId": ');
    expect(await cli(['--settings', broken], '')).toEqual({ code: 2, stdout: '', stderr: expect.stringContaining('is not valid JSON') });
    expect(await cli(['--settings', join(dir, 'missing.json')], '')).toEqual({ code: 2, stdout: '', stderr: expect.stringContaining('ENOENT') });
    expect((await cli(['--now', NOW_ISO], '')).code).toBe(2);
  });

  it('reads one source of a local {"sources": ...} settings file', async () => {
    const path = join(dir, 'local.json');
    writeFileSync(path, JSON.stringify({ sources: { web: { tagId: '1', adAccountId: '2', unmappedEvents: 'drop' }, app: { tagId: '3', adAccountId: '4' } } }));
    const event = JSON.stringify({ type: 'track', event: 'Coupon Applied', messageId: 'm', timestamp: '2026-11-28T11:59:00Z', context: { ip: '203.0.113.1', userAgent: 'ua' } });
    const web = await cli(['--settings', path, '--source', 'web', '--now', NOW_ISO], event);
    expect(lines(web.stdout)).toEqual([{ dropped: expect.objectContaining({ reason: 'unmapped_event' }) }]);
    const app = await cli(['--settings', path, '--source', 'app', '--now', NOW_ISO], event);
    expect(lines(app.stdout)).toEqual([{ event: expect.objectContaining({ event_name: 'coupon_applied' }) }]);
    const ambiguous = await cli(['--settings', path], event);
    expect(ambiguous).toMatchObject({ code: 2, stderr: expect.stringContaining('choose one with --source') });
  });

  it('prints usage on --help', async () => {
    const result = await cli(['--help'], '');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Usage: npm run --silent translate -- --settings SETTINGS.json/);
  });
});
