import type { AddressInfo } from 'node:net';

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

export async function startEmbeddedSqs({ port = 0, host = '127.0.0.1' }: EmbeddedSqsOptions = {}): Promise<EmbeddedSqs> {
  const { buildApp } = (await import('fauxqs')) as unknown as { buildApp(options: { logger: boolean }): FastifyLike };
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
