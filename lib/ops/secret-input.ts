import { readFileSync } from 'node:fs';
import type { Readable, Writable } from 'node:stream';

/**
 * Where an operator command takes a secret from: standard input, a file or an environment
 * variable, never a command-line value (argv is visible to every process on the machine in `ps`
 * and is kept in shell history). One module so every secret option behaves the same way.
 *
 * For an option `--NAME` the accepted forms are `--NAME-stdin`, `--NAME-file FILE` and
 * `--NAME-env VAR`; `--NAME VALUE` is refused with a message naming those three.
 */
export type SecretSource = { kind: 'stdin' } | { kind: 'file'; path: string } | { kind: 'env'; name: string };

export interface SecretFlags {
  /** `--NAME VALUE`, refused when set. */
  value?: string | undefined;
  stdin?: boolean;
  file?: string | undefined;
  env?: string | undefined;
}

export interface SecretInputIo {
  stdin: Readable & { isTTY?: boolean };
  stderr: Writable;
  env: Record<string, string | undefined>;
}

export class SecretInputError extends Error {
  override name = 'SecretInputError';
}

function cleaned(value: string, where: string): string {
  const secret = value.replace(/\r?\n$/, '');
  if (secret.trim() === '') throw new SecretInputError(`${where} is empty`);
  return secret;
}

/** A secret file's content, one trailing newline dropped (as `echo` and editors add one). */
export function readSecretFile(path: string): string {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new SecretInputError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  return cleaned(text, path);
}

/** A named environment variable's value, one trailing newline dropped. */
export function readSecretEnv(name: string, env: Record<string, string | undefined>): string {
  const value = env[name];
  if (value === undefined) throw new SecretInputError(`environment variable ${name} is not set`);
  return cleaned(value, `environment variable ${name}`);
}

/** The option names of secret `name` (e.g. `webhook-secret`), for a command's option table. */
export const secretOptionNames = (name: string) => ({ stdin: `${name}-stdin`, file: `${name}-file`, env: `${name}-env` });

/** The one source the flags name, or undefined for none; throws on an argv value or on two sources. */
export function secretSource(name: string, flags: SecretFlags): SecretSource | undefined {
  const o = secretOptionNames(name);
  if (flags.value !== undefined) {
    throw new SecretInputError(
      `--${name} VALUE would put the secret in the process list and shell history; use --${o.stdin}, --${o.file} FILE or --${o.env} VAR`,
    );
  }
  const given: SecretSource[] = [
    ...(flags.stdin ? [{ kind: 'stdin' } as const] : []),
    ...(flags.file !== undefined ? [{ kind: 'file', path: flags.file } as const] : []),
    ...(flags.env !== undefined ? [{ kind: 'env', name: flags.env } as const] : []),
  ];
  if (given.length > 1) throw new SecretInputError(`give --${name} one way only: --${o.stdin}, --${o.file} or --${o.env}`);
  return given[0];
}

const withoutTrailingNewlines = (text: string): string => {
  let end = text.length;
  while (end > 0 && (text[end - 1] === '\n' || text[end - 1] === '\r')) end--;
  return text.slice(0, end);
};

/** Reads standard input to its end (a pipe or file), or one line when it is a terminal (with a prompt on stderr). */
export async function readSecretFromStdin(io: Pick<SecretInputIo, 'stdin' | 'stderr'>, what: string): Promise<string> {
  if (io.stdin.isTTY) io.stderr.write(`${what} (input is not stored in shell history), then Enter: `);
  const chunks: Buffer[] = [];
  for await (const chunk of io.stdin) {
    chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
    if (io.stdin.isTTY && Buffer.concat(chunks).includes(10)) break;
  }
  const text = Buffer.concat(chunks).toString('utf8');
  return withoutTrailingNewlines(io.stdin.isTTY ? (text.split('\n')[0] ?? '') : text);
}

/** The secret from its source; an empty secret is an error. Messages name the source, never the value. */
export async function readSecret(source: SecretSource, io: SecretInputIo, what: string): Promise<string> {
  if (source.kind === 'file') return readSecretFile(source.path);
  if (source.kind === 'env') return readSecretEnv(source.name, io.env);
  const value = await readSecretFromStdin(io, what);
  if (value.trim() === '') throw new SecretInputError(`${what} is empty`);
  return value;
}
