import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

/**
 * An SQS-compatible server inside this process: fauxqs (MIT), which speaks the JSON protocol the
 * AWS SDK v3 uses, answers with real MD5 digests (the SDK checks them) and honours redrive
 * policies. Its `startFauxqs` always listens on 0.0.0.0, so the app is built with `buildApp` and
 * bound to loopback here.
 *
 * fauxqs is ESM-only; it is loaded with a dynamic import, which Node 20.19+ and tsx both resolve
 * from this CommonJS code (require of ESM), and jest through the mapping in jest.config.js.
 *
 * Queue URLs it hands out look like http://sqs.us-east-1.localhost:PORT/000000000000/name.
 * `*.localhost` does not resolve everywhere, so every client of it must set `endpoint` to
 * `endpoint` below (the SDK then sends there instead of to the queue URL's host).
 */
export interface EmbeddedSqs {
  /** e.g. http://127.0.0.1:9324 */
  endpoint: string;
  port: number;
  stop(): Promise<void>;
}

export interface EmbeddedSqsOptions {
  /** 0 picks a free port. */
  port?: number;
  host?: string;
}

interface FastifyLike {
  listen(options: { port: number; host: string }): Promise<string>;
  close(): Promise<void>;
  server: { address(): AddressInfo | string | null };
}

/**
 * The characters SQS accepts in a message body (its SendMessage reference): #x9 | #xA | #xD |
 * #x20–#xD7FF | #xE000–#xFFFD | #x10000–#x10FFFF. With the `u` flag a lone surrogate is a code
 * point outside the class, as it is for SQS. One character class: linear time.
 */
// eslint-disable-next-line no-control-regex -- tab, LF and CR are part of SQS's documented range
const CHARACTER_SQS_REFUSES = /[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
const ASTRAL_SAMPLE = '\u{1F35C}';

/** fauxqs's folder in node_modules (its package exports only its entry point, not its files). */
function fauxqsDirectory(): string {
  const candidates = (require.resolve.paths('fauxqs') ?? []).map((dir) => join(dir, 'fauxqs'));
  const found = candidates.find((dir) => existsSync(join(dir, 'package.json')));
  if (!found) throw new Error('fauxqs is not installed (npm install)');
  return found;
}

/**
 * fauxqs 1.9.2 checks bodies with `/[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD]/`: no `u` flag and no
 * #x10000–#x10FFFF, so every emoji, astral CJK ideograph or other character outside the Basic
 * Multilingual Plane gets `InvalidMessageContents`, where real SQS stores it. SendMessage and
 * SendMessageBatch both call `test` on that one RegExp object, exported from its `sqsTypes` module;
 * this gives that object SQS's own check. Bodies are then stored and returned byte for byte, with
 * fauxqs's MD5 over the real UTF-8 (the SDK verifies it), exactly as SQS would: nothing is escaped
 * and nothing changes for real SQS, which never runs this code. Skipped once fauxqs accepts astral
 * characters itself; a fauxqs that moved the check fails loudly here rather than refusing emoji.
 */
async function acceptWhatSqsAccepts(): Promise<void> {
  const types = (await import(join(fauxqsDirectory(), 'dist', 'sqs', 'sqsTypes.js'))) as { INVALID_MESSAGE_BODY_CHAR?: { test?: unknown } };
  const check = types.INVALID_MESSAGE_BODY_CHAR;
  if (typeof check?.test !== 'function') {
    throw new Error('fauxqs no longer exports INVALID_MESSAGE_BODY_CHAR from dist/sqs/sqsTypes.js: revisit lib/local/embedded-sqs.ts');
  }
  if (!check.test(ASTRAL_SAMPLE)) return;
  Object.defineProperty(check, 'test', { value: (text: string) => CHARACTER_SQS_REFUSES.test(text), configurable: true, writable: true });
}

export async function startEmbeddedSqs({ port = 0, host = '127.0.0.1' }: EmbeddedSqsOptions = {}): Promise<EmbeddedSqs> {
  const { buildApp } = (await import('fauxqs')) as unknown as { buildApp(options: { logger: boolean }): FastifyLike };
  await acceptWhatSqsAccepts();
  const app = buildApp({ logger: false });
  try {
    await app.listen({ port, host });
  } catch (error) {
    await app.close().catch(() => undefined);
    throw error;
  }
  const address = app.server.address() as AddressInfo;
  return {
    endpoint: `http://${host}:${address.port}`,
    port: address.port,
    stop: () => app.close(),
  };
}
