import { isAbsolute, relative } from 'node:path';
import { FileSettingsProvider } from '../settings/file-provider';
import { describeSources, SettingsFileError } from '../settings/validate-sources';

/**
 * `npm start` checks its settings file before it starts anything: every source, every field, all
 * problems at once (file, source and field; line and column for a JSON syntax error). Invalid
 * settings would otherwise surface one dead-lettered event at a time.
 */
export type LocalSettingsCheck =
  | { ok: true; provider: FileSettingsProvider; warnings: string[] }
  | { ok: false; errors: string[]; warnings: string[] };

/** The path as a user reads it: relative to where they are when that is shorter, else absolute. */
export function displayPath(file: string, cwd = process.cwd()): string {
  const rel = relative(cwd, file);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file;
}

export function checkLocalSettings(file: string, cwd = process.cwd()): LocalSettingsCheck {
  const shown = displayPath(file, cwd);
  let provider: FileSettingsProvider;
  try {
    provider = new FileSettingsProvider(file);
  } catch (error) {
    if (!(error instanceof SettingsFileError)) throw error;
    return { ok: false, errors: [new SettingsFileError(shown, error.problem, error.line, error.column).message], warnings: [] };
  }
  const { errors, warnings } = describeSources(shown, provider.validateAll());
  if (provider.sourceIds().length === 0) warnings.push(`${shown}: no sources: every event will be refused (add one under "sources")`);
  return errors.length > 0 ? { ok: false, errors, warnings } : { ok: true, provider, warnings };
}

/** What `npm start` prints when it refuses to start. */
export function refusalMessage(file: string, check: Extract<LocalSettingsCheck, { ok: false }>): string {
  const count = check.errors.length;
  return [
    `local stack not started: ${count} ${count === 1 ? 'problem' : 'problems'} in the settings file ${file}`,
    ...check.errors.map((e) => `  error: ${e}`),
    ...check.warnings.map((w) => `  warning: ${w}`),
    `Fix ${count === 1 ? 'it' : 'them'} and run npm start again (\`npx pinterest-tag settings validate ${file}\` checks the file on its own).`,
  ].join('\n');
}
