import { readFileSync } from 'node:fs';
import { isObject } from '../segment/types';
import { parseJson } from '../util/parse-json';
import { SOURCE_ID_PATTERN } from './provider';
import { parseSourceSettings } from './schema';

/**
 * Every source of a local settings file checked at once, so a broken file is found when the stack
 * (or a worker with LOCAL_SETTINGS) starts rather than one dead-lettered event at a time. Messages
 * name the field and never quote a value (a settings file holds tokens).
 */
export interface Validation {
  ok: boolean;
  errors: string[];
  warnings: string[];
}

export const LOCAL_SETTINGS_SHAPE = 'local settings must look like {"sources": {"<sourceId>": {...settings}}}';

/** A settings file that cannot be used at all: unreadable, not JSON, or not {"sources": {...}}. */
export class SettingsFileError extends Error {
  override name = 'SettingsFileError';
  constructor(
    readonly file: string,
    readonly problem: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(`${file}${line !== undefined ? `:${line}:${column ?? 1}` : ''}: ${problem}`);
  }
}

export function validateSourceId(sourceId: string): string | undefined {
  return SOURCE_ID_PATTERN.test(sourceId) ? undefined : `source id "${sourceId}" must be 1-64 letters, digits, "_" or "-"`;
}

export function validateDocument(doc: unknown): Validation {
  const result = parseSourceSettings(doc);
  return result.ok ? { ok: true, errors: [], warnings: result.warnings } : { ok: false, errors: result.errors, warnings: result.warnings };
}

/** Each source's settings document and its id. */
export function validateSources(sources: Record<string, unknown>): Record<string, Validation> {
  const results: Record<string, Validation> = {};
  for (const [id, source] of Object.entries(sources)) {
    const validation = validateDocument(source);
    const idProblem = validateSourceId(id);
    results[id] = idProblem ? { ...validation, ok: false, errors: [idProblem, ...validation.errors] } : validation;
  }
  return results;
}

/** The `sources` object of a local settings file; SettingsFileError (file, line, column) when there is none. */
export function readSettingsFile(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new SettingsFileError(file, `cannot read the settings file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  const parsed = parseJson(text);
  if (!parsed.ok) throw new SettingsFileError(file, `not valid JSON: ${parsed.detail}`, parsed.line, parsed.column);
  if (!isObject(parsed.value) || !isObject(parsed.value.sources)) throw new SettingsFileError(file, LOCAL_SETTINGS_SHAPE);
  return parsed.value.sources;
}

/** One line per problem, `FILE: source "ID": message`, errors first. */
export function describeSources(file: string, results: Record<string, Validation>): { errors: string[]; warnings: string[] } {
  const errors: string[] = [];
  const warnings: string[] = [];
  for (const [id, v] of Object.entries(results)) {
    for (const e of v.errors) errors.push(`${file}: source "${id}": ${e}`);
    for (const w of v.warnings) warnings.push(`${file}: source "${id}": ${w}`);
  }
  return { errors, warnings };
}

type ErrorLogger = { error: (message: string, attributes: Record<string, unknown>) => void };

/**
 * The worker's cold start with a file provider: one ERROR line per invalid source (its events would
 * all be dead-lettered as settings_invalid). Returns how many sources are invalid.
 */
export function logInvalidSources(results: Record<string, Validation>, logger: ErrorLogger, file?: string): number {
  let invalid = 0;
  for (const [sourceId, v] of Object.entries(results)) {
    if (v.ok) continue;
    invalid++;
    logger.error('settings invalid: events of this source will be dead-lettered as settings_invalid', {
      sourceId: validateSourceId(sourceId) ? undefined : sourceId,
      ...(file ? { file } : {}),
      errors: v.errors,
    });
  }
  return invalid;
}
