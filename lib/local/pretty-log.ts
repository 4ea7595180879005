/**
 * Readable logs for a terminal. The process logger (Powertools) writes one JSON object per line;
 * in a TTY the local stack rewrites those lines as `12:00:05.123 INFO  message key=value …`.
 * Anything that is not a Powertools log line (banners, sandbox summaries) passes unchanged.
 */
const HIDDEN_KEYS = new Set(['level', 'message', 'timestamp', 'service', 'sampling_rate', 'xray_trace_id', 'cold_start', 'function_name', 'function_memory_size', 'function_arn', 'function_request_id']);
const COLORS: Record<string, string> = { DEBUG: '\x1b[90m', INFO: '\x1b[36m', WARN: '\x1b[33m', ERROR: '\x1b[31m', CRITICAL: '\x1b[31m' };
const RESET = '\x1b[0m';
/**
 * Fields that say why (reason, detail, error, and whatever the worker names after them, such as
 * per-reason counts `deadLetteredByReason` or `firstDetail`): shown on their own line under the
 * message, so the cause of a dead letter or retry is read next to the event rather than found later
 * with `dlq peek`.
 */
const CAUSE_KEY = /reason|detail|error|warning/i;

function formatValue(value: unknown): string {
  if (typeof value === 'string') return /^[^\s"=]+$/.test(value) ? value : JSON.stringify(value);
  return JSON.stringify(value);
}

/** One JSON log line in readable form, or undefined when the line is not a log record. */
export function formatLogLine(line: string, color = false): string | undefined {
  const text = line.trim();
  if (!text.startsWith('{')) return undefined;
  let record: unknown;
  try {
    record = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof record !== 'object' || record === null) return undefined;
  const { level, message, timestamp } = record as Record<string, unknown>;
  if (typeof level !== 'string' || typeof message !== 'string') return undefined;
  const time = typeof timestamp === 'string' && /T(\d{2}:\d{2}:\d{2}(?:\.\d{3})?)/.exec(timestamp)?.[1];
  const shown = Object.entries(record as Record<string, unknown>).filter(([key, value]) => !HIDDEN_KEYS.has(key) && value !== undefined);
  const fields = shown
    .filter(([key]) => !CAUSE_KEY.test(key))
    .map(([key, value]) => `${key}=${formatValue(value)}`)
    .join(' ');
  const causes = shown
    .filter(([key]) => CAUSE_KEY.test(key))
    .map(([key, value]) => `${key}=${formatValue(value)}`)
    .join('  ');
  const label = level.toUpperCase().padEnd(5);
  const painted = color ? `${COLORS[level.toUpperCase()] ?? ''}${label}${RESET}` : label;
  const head = `${time ? `${time} ` : ''}${painted} `;
  const main = `${head}${message}${fields ? `  ${fields}` : ''}`;
  // The cause line starts under the message: "12:00:05.123 WARN  " is as wide as the indent.
  return causes ? `${main}\n${' '.repeat(head.length - (color ? painted.length - label.length : 0))}↳ ${causes}` : main;
}

type Writable = { write: (...args: never[]) => boolean };

/** Rewrite the JSON log lines written to `stream` (process.stdout / process.stderr). */
export function prettifyStream(stream: NodeJS.WriteStream, color = stream.isTTY === true): void {
  const write = stream.write.bind(stream) as (chunk: string | Uint8Array, ...rest: unknown[]) => boolean;
  (stream as unknown as Writable).write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    if (typeof chunk !== 'string') return write(chunk, ...rest);
    const out = chunk
      .split('\n')
      .map((line) => formatLogLine(line, color) ?? line)
      .join('\n');
    return write(out, ...rest);
  }) as never;
}
