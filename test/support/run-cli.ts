import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { main } from '../../bin/pinterest-tag';

/** Run `pinterest-tag` in-process with captured output; `tty` makes stdin look like a terminal. */
export async function runCli(
  args: string[],
  options: { stdin?: string; tty?: boolean; env?: Record<string, string> } = {},
): Promise<{ code: number; out: string; err: string }> {
  const stdin = Readable.from(options.stdin !== undefined ? [Buffer.from(options.stdin)] : []) as Readable & { isTTY?: boolean };
  stdin.isTTY = options.tty;
  let out = '';
  let err = '';
  const stdout = new Writable({ write: (chunk, _enc, done) => ((out += String(chunk)), done()) });
  const stderr = new Writable({ write: (chunk, _enc, done) => ((err += String(chunk)), done()) });
  // Never the developer's own running `npm start` (.local/stack.json): tests choose their stack file.
  const env = { LOCAL_STACK_FILE: join(__dirname, 'no-such-stack.json'), ...options.env };
  const code = await main(args, { stdin, stdout, stderr, env });
  return { code, out, err };
}
