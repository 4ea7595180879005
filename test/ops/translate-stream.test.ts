import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { parseTranslateArgs, runTranslateCli, splitDocuments } from '../../lib/ops/translate-stream';
import { NOW_ISO, NOW_MS, SAMPLE_NDJSON_PATH, SAMPLE_SETTINGS_PATH } from '../support/segment-events';

function collect(stream: PassThrough): () => string {
  let out = '';
  stream.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  return () => out;
}

async function cli(argv: string[], input: string, tty = false) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out = collect(stdout);
  const err = collect(stderr);
  const stdin = Readable.from([input]) as Readable & { isTTY?: boolean };
  if (tty) stdin.isTTY = true;
  const code = await runTranslateCli(argv, { stdin, stdout, stderr });
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
      files: [],
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

describe('splitDocuments', () => {
  it('answers unparsable NDJSON lines with where and what was expected, never quoting the line', () => {
    const docs = splitDocuments('{"a": 1}\n\n{"email": "jane@example.com"\n{"b": 2}', 'stdin');
    expect(docs).toEqual([
      { ok: true, value: { a: 1 } },
      { ok: false, message: 'stdin line 3 is not valid JSON (column 29: expected \',\' or \'}\', found end of input)' },
      { ok: true, value: { b: 2 } },
    ]);
    expect(JSON.stringify(docs)).not.toContain('jane@');
  });

  it('reads pretty-printed documents, one or several in a row, and points at a syntax error', () => {
    const pretty = (v: unknown) => JSON.stringify(v, null, 2);
    expect(splitDocuments(pretty({ a: { b: [1, '}'] } }))).toEqual([{ ok: true, value: { a: { b: [1, '}'] } } }]);
    expect(splitDocuments(`${pretty({ a: 1 })}\n${pretty([{ b: '\\"{' }])}\n`)).toEqual([{ ok: true, value: { a: 1 } }, { ok: true, value: [{ b: '\\"{' }] }]);
    expect(splitDocuments('{\n  "a": 1,\n  "b": \n}', 'x.json')).toEqual([{ ok: false, message: "x.json is not valid JSON at line 4, column 1: expected a value, found '}'" }]);
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
      // [1,2] is an array of two (invalid) events.
      'invalid_event',
      'invalid_event',
    ]);
    expect(answers[8]).toEqual({ dropped: { reason: 'invalid_event', message: "stdin line 11 is not valid JSON (column 2: expected 'true', found 'h')" } });
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

  it('takes files: a pretty-printed sample, an array, a {batch} body and NDJSON give the same answers', async () => {
    const sample = readFileSync(join(__dirname, '../../events/segment/order-completed.json'), 'utf8');
    const event = JSON.parse(sample) as unknown;
    const files = {
      'pretty.json': sample,
      'array.json': JSON.stringify([event, event]),
      'batch.json': JSON.stringify({ batch: [event], sentAt: NOW_ISO }, null, 2),
      'events.ndjson': `${JSON.stringify(event)}\n${JSON.stringify(event)}\n`,
    };
    const paths = Object.entries(files).map(([name, text]) => {
      writeFileSync(join(dir, name), text);
      return join(dir, name);
    });
    const result = await cli(['--settings', SAMPLE_SETTINGS_PATH, '--now', NOW_ISO, ...paths], '');
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const answers = lines(result.stdout);
    expect(answers).toHaveLength(6);
    const [first] = answers;
    expect(first).toEqual({ event: expect.objectContaining({ event_name: 'checkout' }) });
    for (const answer of answers) expect(answer).toEqual(first);
    const piped = await cli(['--settings', SAMPLE_SETTINGS_PATH, '--now', NOW_ISO], sample);
    expect(lines(piped.stdout)).toEqual([first]);
  });

  it('with nothing piped in on a terminal, prints a hint instead of waiting', async () => {
    const result = await cli(['--settings', SAMPLE_SETTINGS_PATH], '', true);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^translate: no events given: name event files, or pipe them in/);
    expect(result.stderr).toContain('events/segment/order-completed.json');
  });

  it('answers a mistyped flag with the closest valid one and a pointer to --help, not the whole usage', async () => {
    const result = await cli(['--setings', SAMPLE_SETTINGS_PATH], '');
    expect(result).toEqual({
      code: 2,
      stdout: '',
      stderr: 'translate: unknown option --setings; did you mean --settings?\nRun `pinterest-tag translate --help` for usage and examples.\n',
    });
    expect((await cli(['--settings', SAMPLE_SETTINGS_PATH, join(dir, 'missing.ndjson')], '')).stderr).toContain('cannot read');
  });

  it('prints usage on --help', async () => {
    const result = await cli(['--help'], '');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Usage: pinterest-tag translate --settings SETTINGS.json/);
  });
});
