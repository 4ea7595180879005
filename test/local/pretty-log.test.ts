import { formatLogLine, prettifyStream } from '../../lib/local/pretty-log';

const line = JSON.stringify({
  level: 'INFO',
  message: 'batch processed',
  timestamp: '2026-11-28T12:00:05.123Z',
  service: 'pinterest-tag-local',
  sampling_rate: 0,
  records: 7,
  reason: 'retries exhausted',
  detail: { a: 1 },
});

describe('pretty logs', () => {
  test('a Powertools JSON line becomes time, level, message and fields', () => {
    expect(formatLogLine(line)).toBe('12:00:05.123 INFO  batch processed  records=7\n                   ↳ reason="retries exhausted"  detail={"a":1}');
  });

  test('a line without causes stays one line', () => {
    expect(formatLogLine(JSON.stringify({ level: 'INFO', message: 'stopped', timestamp: '2026-11-28T12:00:05.123Z', batches: 2 }))).toBe('12:00:05.123 INFO  stopped  batches=2');
  });

  test('shows whatever cause fields the worker logs (per-reason counts, first detail) on the cause line', () => {
    const batch = JSON.stringify({
      level: 'INFO',
      message: 'batch processed',
      timestamp: '2026-11-28T12:00:05.123Z',
      records: 3,
      deadLettered: 1,
      retried: 1,
      deadLetteredByReason: { pinterest_rejected: 1 },
      firstDetail: 'Invalid currency',
    });
    expect(formatLogLine(batch)).toBe(
      '12:00:05.123 INFO  batch processed  records=3 deadLettered=1 retried=1\n                   ↳ deadLetteredByReason={"pinterest_rejected":1}  firstDetail="Invalid currency"',
    );
  });

  test('colours the level only when asked', () => {
    expect(formatLogLine(line, true)).toContain('\x1b[36mINFO \x1b[0m');
  });

  test.each(['plain text', '{"not":"a log"}', '{broken', '[1,2]', ''])('leaves %p alone', (text) => {
    expect(formatLogLine(text)).toBeUndefined();
  });

  test('rewrites log lines written to a stream and passes everything else through', () => {
    const written: string[] = [];
    const stream = { isTTY: false, write: (chunk: string) => written.push(chunk) > 0 } as unknown as NodeJS.WriteStream;
    prettifyStream(stream);
    stream.write(`${line}\n`);
    stream.write('Pinterest sandbox: POST …\n');
    expect(written).toEqual(['12:00:05.123 INFO  batch processed  records=7\n                   ↳ reason="retries exhausted"  detail={"a":1}\n', 'Pinterest sandbox: POST …\n']);
  });
});
