import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { translate } from '../pinterest/translate';
import { FileSettingsProvider } from '../settings/file-provider';
import { parseSourceSettings, type SourceSettings } from '../settings/schema';
import { parseIsoTime } from '../segment/timestamp';
import { isObject } from '../segment/types';

/**
 * "What would Pinterest receive?": Segment events in (one JSON per line), one answer per line out,
 * either `{"event": {...}}` exactly as it would go into `data[]`, or `{"dropped": {reason, message}}`.
 * Shared by `npm run translate` and the operator CLI.
 */

export const TRANSLATE_USAGE = `Usage: npm run --silent translate -- --settings SETTINGS.json [--now ISO_TIME] [--source ID] < events.ndjson

Reads newline-delimited Segment events on stdin and writes, for each non-blank line, one JSON line:
  {"event": {...}}                               the Pinterest Conversions API event as sent in data[]
  {"dropped": {"reason": "...", "message": "..."}}  why nothing would be sent

Options:
  --settings FILE  a source's settings document (see docs/settings.md), or a local
                   settings file {"sources": {"<id>": {...}}} together with --source
  --source ID      which source of a {"sources": ...} file (optional when it holds exactly one)
  --now ISO_TIME   pin the clock, e.g. 2026-11-28T12:00:00Z (default: the real time); events more
                   than 7 days before it are dropped as event_too_old
  -h, --help       show this help

Settings warnings go to stderr. Exit codes: 0 done (drops included), 2 bad arguments or invalid settings.`;

export type TranslateCliArgs =
  | { kind: 'help' }
  | { kind: 'run'; settingsPath: string; source?: string; nowMs?: number }
  | { kind: 'error'; message: string };

export function parseTranslateArgs(argv: readonly string[]): TranslateCliArgs {
  let values: { settings?: string; now?: string; source?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        settings: { type: 'string' },
        now: { type: 'string' },
        source: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    return { kind: 'error', message: (error as Error).message };
  }
  if (values.help) return { kind: 'help' };
  if (!values.settings) return { kind: 'error', message: '--settings FILE is required' };
  let nowMs: number | undefined;
  if (values.now !== undefined) {
    nowMs = parseIsoTime(values.now);
    if (nowMs === undefined) return { kind: 'error', message: `--now must be an ISO 8601 time like 2026-11-28T12:00:00Z, not "${values.now}"` };
  }
  return {
    kind: 'run',
    settingsPath: values.settings,
    ...(values.source !== undefined && { source: values.source }),
    ...(nowMs !== undefined && { nowMs }),
  };
}

export type LoadedSettings = { ok: true; settings: SourceSettings; warnings: string[] } | { ok: false; message: string };

/** A settings document, or one source of a local `{"sources": {...}}` file. Never throws. */
export async function loadSettingsFile(path: string, source?: string): Promise<LoadedSettings> {
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { ok: false, message: code ? `cannot read settings file ${path} (${code})` : `settings file ${path} is not valid JSON` };
  }
  if (isObject(doc) && isObject(doc.sources) && !('tagId' in doc)) {
    const ids = Object.keys(doc.sources);
    const id = source ?? (ids.length === 1 ? ids[0] : undefined);
    if (id === undefined) return { ok: false, message: `${path} holds several sources (${ids.join(', ')}); choose one with --source` };
    const lookup = await new FileSettingsProvider({ sources: doc.sources }).getSource(id);
    if (lookup.status !== 'ok') return { ok: false, message: `source "${id}": ${lookup.message}` };
    return { ok: true, settings: lookup.settings, warnings: lookup.warnings };
  }
  const parsed = parseSourceSettings(doc);
  if (!parsed.ok) return { ok: false, message: [...parsed.errors, ...parsed.warnings.map((w) => `warning: ${w}`)].join('\n') };
  return parsed;
}

/** The answer line for one input line (no newline). Unparsable JSON is an invalid_event drop. */
export function translateLine(line: string, settings: SourceSettings, nowMs: number, lineNumber?: number): string {
  let event: unknown;
  try {
    event = JSON.parse(line);
  } catch {
    // The parser's message quotes the input, which may hold personal data: say where, not what.
    const where = lineNumber === undefined ? 'the line' : `line ${lineNumber}`;
    return JSON.stringify({ dropped: { reason: 'invalid_event', message: `${where} is not valid JSON (expected one Segment event per line)` } });
  }
  const result = translate(event, settings, nowMs);
  return JSON.stringify(result.ok ? { event: result.event } : { dropped: result.drop });
}

export interface StreamSummary {
  lines: number;
  events: number;
  dropped: number;
}

/** Translate every non-blank line of input to output; `clock` is read once per line. */
export async function translateStream(
  input: Readable,
  output: Writable,
  settings: SourceSettings,
  clock: () => number,
): Promise<StreamSummary> {
  const summary: StreamSummary = { lines: 0, events: 0, dropped: 0 };
  const lines = createInterface({ input, crlfDelay: Infinity });
  let lineNumber = 0;
  for await (const line of lines) {
    lineNumber += 1;
    if (line.trim() === '') continue;
    const answer = translateLine(line, settings, clock(), lineNumber);
    summary.lines += 1;
    if (answer.startsWith('{"event"')) summary.events += 1;
    else summary.dropped += 1;
    if (!output.write(`${answer}\n`)) await new Promise<void>((resolve) => output.once('drain', resolve));
  }
  return summary;
}

export interface CliIo {
  stdin: Readable;
  stdout: Writable;
  stderr: Writable;
}

/** The whole `translate` command; resolves to the exit code. */
export async function runTranslateCli(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseTranslateArgs(argv);
  if (args.kind === 'help') {
    io.stdout.write(`${TRANSLATE_USAGE}\n`);
    return 0;
  }
  if (args.kind === 'error') {
    io.stderr.write(`translate: ${args.message}\n\n${TRANSLATE_USAGE}\n`);
    return 2;
  }
  const loaded = await loadSettingsFile(args.settingsPath, args.source);
  if (!loaded.ok) {
    io.stderr.write(`translate: invalid settings in ${args.settingsPath}:\n${loaded.message.replace(/^/gm, '  ')}\n`);
    return 2;
  }
  for (const warning of loaded.warnings) io.stderr.write(`translate: settings warning: ${warning}\n`);
  const { nowMs } = args;
  await translateStream(io.stdin, io.stdout, loaded.settings, nowMs === undefined ? Date.now : () => nowMs);
  return 0;
}
