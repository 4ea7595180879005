import { readFileSync } from 'node:fs';
import type { Readable, Writable } from 'node:stream';
import { translate } from '../pinterest/translate';
import { FileSettingsProvider } from '../settings/file-provider';
import { parseSourceSettings, type SourceSettings } from '../settings/schema';
import { parseIsoTime } from '../segment/timestamp';
import { isObject } from '../segment/types';
import { ArgumentError, parseCliArgs } from '../util/cli-args';
import { lineAndColumn, parseJson } from '../util/parse-json';

/**
 * "What would Pinterest receive?": Segment events in, one answer per event out, either
 * `{"event": {...}}` exactly as it would go into `data[]`, or `{"dropped": {reason, message}}`.
 * Input is whatever a Segment event file looks like: one JSON document (pretty-printed or not),
 * several documents one after another, NDJSON, an array of events or a `{"batch": [...]}` body;
 * from files named on the command line, or stdin. Shared by `npm run translate` and the operator CLI.
 */

export const TRANSLATE_USAGE = `Usage: pinterest-tag translate --settings SETTINGS.json [--now ISO_TIME] [--source ID] [FILE ...]
       (or npm run --silent translate -- ...; without FILE, events are read from stdin)

Reads Segment events (a JSON document, pretty-printed or not; an array of events; a {"batch": [...]}
body; or newline-delimited JSON, one event per line) and writes one JSON line per event:
  {"event": {...}}                               the Pinterest Conversions API event as sent in data[]
  {"dropped": {"reason": "...", "message": "..."}}  why nothing would be sent

Options:
  --settings FILE  a source's settings document (see docs/settings.md), or a local settings file
                   {"sources": {"<id>": {...}}} together with --source
  --source ID      which source of a {"sources": ...} file (optional when it holds exactly one)
  --now ISO_TIME   pin the clock, e.g. 2026-11-28T12:00:00Z (default: the real time); events more
                   than 7 days before it are dropped as event_too_old
  -h, --help       show this help

Example: pinterest-tag translate --settings config/settings.example.json --now 2026-11-28T12:00:00Z events/segment/order-completed.json

Settings warnings go to stderr. Exit codes: 0 done (drops included), 2 bad arguments or invalid settings.`;

const HELP_POINTER = 'Run `pinterest-tag translate --help` for usage and examples.';

export type TranslateCliArgs =
  | { kind: 'help' }
  | { kind: 'run'; settingsPath: string; source?: string; nowMs?: number; files: string[] }
  | { kind: 'error'; message: string };

export function parseTranslateArgs(argv: readonly string[]): TranslateCliArgs {
  let values: Record<string, string | boolean | undefined>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseCliArgs(argv, {
      settings: { type: 'string' },
      now: { type: 'string' },
      source: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    }));
  } catch (error) {
    if (error instanceof ArgumentError) return { kind: 'error', message: error.message };
    throw error;
  }
  if (values.help) return { kind: 'help' };
  const settings = typeof values.settings === 'string' ? values.settings : undefined;
  if (!settings) return { kind: 'error', message: '--settings FILE is required' };
  let nowMs: number | undefined;
  if (typeof values.now === 'string') {
    nowMs = parseIsoTime(values.now);
    if (nowMs === undefined) return { kind: 'error', message: `--now must be an ISO 8601 time like 2026-11-28T12:00:00Z, not "${values.now}"` };
  }
  return {
    kind: 'run',
    settingsPath: settings,
    files: positionals,
    ...(typeof values.source === 'string' && { source: values.source }),
    ...(nowMs !== undefined && { nowMs }),
  };
}

export type LoadedSettings = { ok: true; settings: SourceSettings; warnings: string[] } | { ok: false; message: string };

/** A settings document, or one source of a local `{"sources": {...}}` file. Never throws. */
export async function loadSettingsFile(path: string, source?: string): Promise<LoadedSettings> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    return { ok: false, message: `cannot read settings file ${path} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})` };
  }
  const json = parseJson(text);
  if (!json.ok) return { ok: false, message: `settings file ${path} is not valid JSON (line ${json.line}, column ${json.column}): ${json.detail}` };
  const doc = json.value;
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

/** One parsed input document, or why a piece of input is not JSON (never quoting it: it may hold personal data). */
export type InputDocument = { ok: true; value: unknown } | { ok: false; message: string };

/** Offsets of top-level JSON values written one after another (pretty-printed documents in a row). */
function topLevelSpans(text: string): [number, number][] {
  const spans: [number, number][] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    if (start === -1 && c !== undefined && !/\s/.test(c)) start = i;
    if (c === '{' || c === '[') depth++;
    else if ((c === '}' || c === ']') && depth > 0 && --depth === 0 && start !== -1) {
      spans.push([start, i + 1]);
      start = -1;
    } else if (depth === 0 && start !== -1 && c !== undefined && /\s/.test(c)) {
      spans.push([start, i]);
      start = -1;
    }
  }
  if (start !== -1) spans.push([start, text.length]);
  return spans;
}

/**
 * The documents of an input text: one JSON document; else NDJSON when its first line is JSON on
 * its own (a bad line is reported and the next line read); else documents one after another.
 */
export function splitDocuments(text: string, name = 'input'): InputDocument[] {
  if (text.trim() === '') return [];
  const whole = parseJson(text);
  if (whole.ok) return [whole];
  const lines = text.split(/\r?\n/);
  const firstLine = lines.findIndex((line) => line.trim() !== '');
  if (firstLine !== -1 && parseJson(lines[firstLine] as string).ok) {
    return lines.flatMap((line, i): InputDocument[] => {
      if (line.trim() === '') return [];
      const parsed = parseJson(line);
      return [parsed.ok ? parsed : { ok: false, message: `${name} line ${i + 1} is not valid JSON (column ${parsed.column}: ${parsed.detail})` }];
    });
  }
  return topLevelSpans(text).map(([from, to]): InputDocument => {
    const parsed = parseJson(text.slice(from, to));
    if (parsed.ok) return parsed;
    const { line, column } = lineAndColumn(text, from + parsed.position);
    return { ok: false, message: `${name} is not valid JSON at line ${line}, column ${column}: ${parsed.detail}` };
  });
}

/** The Segment events of a document: an array's items, a `{"batch": [...]}` body's batch, else the document. */
export function eventsOf(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (isObject(value) && Array.isArray(value.batch)) return value.batch;
  return [value];
}

/** The answer line for one event (no newline). */
export function translateValue(event: unknown, settings: SourceSettings, nowMs: number): string {
  const result = translate(event, settings, nowMs);
  return JSON.stringify(result.ok ? { event: result.event } : { dropped: result.drop });
}

export interface StreamSummary {
  documents: number;
  events: number;
  dropped: number;
}

async function readAll(input: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of input) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString('utf8');
}

/** Translate every event of `text`; `clock` is read once per event. */
export async function translateText(text: string, name: string, output: Writable, settings: SourceSettings, clock: () => number): Promise<StreamSummary> {
  const summary: StreamSummary = { documents: 0, events: 0, dropped: 0 };
  const write = async (line: string) => {
    if (!output.write(`${line}\n`)) await new Promise<void>((resolve) => output.once('drain', resolve));
  };
  for (const doc of splitDocuments(text, name)) {
    summary.documents += 1;
    if (!doc.ok) {
      summary.dropped += 1;
      await write(JSON.stringify({ dropped: { reason: 'invalid_event', message: doc.message } }));
      continue;
    }
    for (const event of eventsOf(doc.value)) {
      const answer = translateValue(event, settings, clock());
      if (answer.startsWith('{"event"')) summary.events += 1;
      else summary.dropped += 1;
      await write(answer);
    }
  }
  return summary;
}

/** All of `input` (stdin), translated. */
export async function translateStream(input: Readable, output: Writable, settings: SourceSettings, clock: () => number): Promise<StreamSummary> {
  return translateText(await readAll(input), 'stdin', output, settings, clock);
}

export interface CliIo {
  stdin: Readable & { isTTY?: boolean };
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
    io.stderr.write(`translate: ${args.message}\n${HELP_POINTER}\n`);
    return 2;
  }
  const readsStdin = args.files.length === 0 || args.files.includes('-');
  if (readsStdin && io.stdin.isTTY) {
    // Nothing piped in: say what to give rather than wait silently for the terminal.
    io.stderr.write(
      'translate: no events given: name event files, or pipe them in, e.g.\n' +
        `  pinterest-tag translate --settings ${args.settingsPath} events/segment/order-completed.json\n` +
        `  pinterest-tag translate --settings ${args.settingsPath} < events/segment/sample.ndjson\n`,
    );
    return 2;
  }
  const loaded = await loadSettingsFile(args.settingsPath, args.source);
  if (!loaded.ok) {
    io.stderr.write(`translate: invalid settings in ${args.settingsPath}:\n${loaded.message.replace(/^/gm, '  ')}\n`);
    return 2;
  }
  for (const warning of loaded.warnings) io.stderr.write(`translate: settings warning: ${warning}\n`);
  const { nowMs } = args;
  const clock = nowMs === undefined ? Date.now : () => nowMs;
  const inputs = args.files.length === 0 ? ['-'] : args.files;
  const texts: { name: string; text: string }[] = [];
  for (const file of inputs) {
    if (file === '-') {
      texts.push({ name: 'stdin', text: await readAll(io.stdin) });
      continue;
    }
    try {
      texts.push({ name: file, text: readFileSync(file, 'utf8') });
    } catch (error) {
      io.stderr.write(`translate: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})\n${HELP_POINTER}\n`);
      return 2;
    }
  }
  for (const { name, text } of texts) await translateText(text, name, io.stdout, loaded.settings, clock);
  return 0;
}
