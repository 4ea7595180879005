import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHandler } from '../../functions/ingest';
import type { LoggerLike } from '../../lib/delivery/process-batch';
import { startLocalStack, type LocalStack } from '../../lib/local';
import { FileSettingsProvider } from '../../lib/settings/file-provider';
import { silentLogger } from '../support/local-stack';

/**
 * A local stack with its console, as `npm start` runs it (embedded SQS, the built-in Pinterest
 * sandbox, a settings file on disk), for the console's API and browser tests. Three sources:
 * `shop` delivers, `unready` has no ad account (its events are dead-lettered as settings_missing,
 * so replay sends them round again), `broken` fails validation.
 */
export const CONSOLE_SETTINGS = {
  sources: {
    shop: {
      tagId: '2614759966035',
      adAccountId: '549755885175',
      conversionToken: 'pina_CONSOLE_TEST_TOKEN',
      webhookSecret: 'shop-webhook-secret',
      eventMapping: { 'Signed Up': 'Signup', 'Lead Generated': 'Lead' },
      customProperties: ['merchandising.contentBrand', { property: 'category_name', target: 'content_category' }],
      unmappedEvents: 'partner',
      testMode: true,
    },
    unready: {
      tagId: '2614759966035',
      conversionToken: 'pina_UNREADY_TOKEN',
      webhookSecret: 'unready-webhook-secret',
      unmappedEvents: 'drop',
    },
    broken: { tagId: '2614759966O35', testMode: 'yes' },
  },
};

export interface ConsoleStack {
  stack: LocalStack;
  settingsFile: string;
  port: number;
  close(): Promise<void>;
}

export async function startConsoleStack(logger: LoggerLike = silentLogger): Promise<ConsoleStack> {
  const dir = mkdtempSync(join(tmpdir(), 'console-stack-'));
  const settingsFile = join(dir, 'local-sources.json');
  writeFileSync(settingsFile, JSON.stringify(CONSOLE_SETTINGS, null, 2));
  const stack = await startLocalStack({
    createIngestHandler: createHandler,
    settings: new FileSettingsProvider(settingsFile),
    port: 0,
    sqs: { embedded: { port: 0 } },
    sandbox: { print: () => undefined },
    worker: { retryBaseSeconds: 0 },
    poller: { batchWindowMs: 100 },
    logger,
    console: { settingsFile },
  });
  return {
    stack,
    settingsFile,
    port: Number(new URL(stack.url).port),
    async close() {
      await stack.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json(): unknown;
}

/** An HTTP request with any headers, Host included (fetch does not let a caller set Host). */
export function rawRequest(
  port: number,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: options.method ?? 'GET', headers: { host: `127.0.0.1:${port}`, ...options.headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: () => JSON.parse(text) });
      });
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

/** A same-origin JSON call, as the page makes it. */
export function consoleApi(port: number, path: string, body?: unknown): Promise<RawResponse> {
  return rawRequest(port, path, {
    ...(body === undefined
      ? {}
      : { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json', origin: `http://127.0.0.1:${port}` } }),
  });
}
