import { readFileSync } from 'node:fs';

/**
 * Secrets the operator hands the CLI without putting them on its command line (where shell
 * history, `ps` and CI logs keep them): from a file or from a named environment variable (stdin is
 * bin/cli's `readSecretFromStdin`). One trailing newline is dropped, as `echo` and editors add one;
 * an empty secret is an error. Messages name the file or variable, never the value.
 */
export class SecretInputError extends Error {
  override name = 'SecretInputError';
}

function cleaned(value: string, where: string): string {
  const secret = value.replace(/\r?\n$/, '');
  if (secret.trim() === '') throw new SecretInputError(`${where} is empty`);
  return secret;
}

export function readSecretFile(path: string): string {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new SecretInputError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  return cleaned(text, path);
}

export function readSecretEnv(name: string, env: Record<string, string | undefined>): string {
  const value = env[name];
  if (value === undefined) throw new SecretInputError(`environment variable ${name} is not set`);
  return cleaned(value, `environment variable ${name}`);
}
