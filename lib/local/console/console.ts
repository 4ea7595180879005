import type { SQSClient } from '@aws-sdk/client-sqs';
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import type { LoggerLike } from '../../delivery/process-batch';
import { filterProblem, NO_REASON, type DlqFilter } from '../../ops/dlq-message';
import { dlqPeek } from '../../ops/dlq-peek';
import { dlqPurge } from '../../ops/dlq-purge';
import { dlqReplay } from '../../ops/dlq-replay';
import { approximateCounts, dlqStats } from '../../ops/dlq-stats';
import { REASON_DESCRIPTIONS, REASONS } from '../../reasons';
import { isObject } from '../../segment/types';
import type { SettingsProvider } from '../../settings/provider';
import { authorizedBody } from '../sample';
import type { DeliveryLog } from './delivery-log';
import { eventsOf, previewEvents } from './event-tester';
import { refusal } from './guard';
import { listSamples, readSample, SEGMENT_SAMPLES_DIR } from './samples';
import type { SourcesView } from './sources';

/**
 * The local console: one page (GET /, static files under /console/) and a small JSON API under
 * /console/api/ on the ingest server. Reads go to the same code the CLI and the worker run
 * (settings validation, translate, dlq stats/peek); the only writes are send (a signed POST to the
 * real ingest route), replay and purge (lib/ops, as `pinterest-tag dlq replay|purge`). Every
 * request passes the guard first (guard.ts: Host, Origin, Sec-Fetch-Site, JSON only).
 */
export interface ConsoleOptions {
  /** The provider the worker and ingest use: the tester translates with its answers. */
  settings: SettingsProvider;
  /** The Sources panel (read once at start, like the provider). */
  sources: SourcesView;
  deliveries: DeliveryLog;
  sqs: SQSClient;
  queueUrl: string;
  deadLetterQueueUrl: string;
  pinterest: { url: string; sandbox: boolean };
  sqsEndpoint?: string;
  samplesDir?: string;
  /** Long-poll wait of the DLQ scans; 0 suits the embedded server. Default 1 (lib/ops default). */
  scanWaitSeconds?: number;
  now?: () => number;
  logger?: LoggerLike;
}

export interface LocalConsole {
  /** Takes the request when it is the console's (GET /, /console/…); false leaves it to ingest. */
  handle(req: IncomingMessage, res: ServerResponse): boolean;
}

const STATIC_DIR = join(__dirname, 'static');
const STATIC_FILES: Record<string, { file: string; type: string }> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/console/console.css': { file: 'console.css', type: 'text/css; charset=utf-8' },
  '/console/console.js': { file: 'console.js', type: 'text/javascript; charset=utf-8' },
};
const MAX_BODY_BYTES = 5 * 1024 * 1024;
/** DLQ scans hide what they read only this long if the process dies mid-scan (lib/ops default: 900 s). */
const SCAN_VISIBILITY_SECONDS = 30;
const PEEK_LIMIT = 20;

const SECURITY_HEADERS = {
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-resource-policy': 'same-origin',
  'cross-origin-opener-policy': 'same-origin',
};
const PAGE_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function write(res: ServerResponse, status: number, type: string, body: string | Buffer, extra: Record<string, string> = {}): void {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  res.writeHead(status, { ...SECURITY_HEADERS, 'content-type': type, 'content-length': String(bytes.length), ...extra });
  res.end(bytes);
}

const json = (res: ServerResponse, status: number, body: unknown) => write(res, status, 'application/json; charset=utf-8', JSON.stringify(body));

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => (size > MAX_BODY_BYTES ? reject(new HttpError(413, 'request body too large')) : resolve(Buffer.concat(chunks).toString('utf8'))));
    req.on('error', reject);
  });
}

async function readJsonBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  let value: unknown;
  try {
    value = JSON.parse(await readBody(req));
  } catch (error) {
    if (error instanceof HttpError) throw error;
    throw new HttpError(400, 'the request body must be a JSON object');
  }
  if (!isObject(value)) throw new HttpError(400, 'the request body must be a JSON object');
  return value;
}

const optionalString = (body: Record<string, unknown>, key: string): string | undefined => {
  const value = body[key];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw new HttpError(400, `${key} must be a string`);
  return value;
};

function dlqFilter(body: Record<string, unknown>): DlqFilter {
  const source = optionalString(body, 'source');
  const reason = optionalString(body, 'reason');
  const filter: DlqFilter = { ...(source !== undefined ? { source } : {}), ...(reason !== undefined ? { reason } : {}) };
  const problem = filterProblem(filter);
  if (problem) throw new HttpError(400, problem);
  return filter;
}

export function createConsole(options: ConsoleOptions): LocalConsole {
  const now = options.now ?? Date.now;
  const samplesDir = options.samplesDir ?? SEGMENT_SAMPLES_DIR;
  const statics = new Map(Object.entries(STATIC_FILES).map(([path, { file, type }]) => [path, { type, body: readFileSync(join(STATIC_DIR, file)) }]));
  const scan = {
    sqs: options.sqs,
    dlqUrl: options.deadLetterQueueUrl,
    visibilityTimeoutSeconds: SCAN_VISIBILITY_SECONDS,
    ...(options.scanWaitSeconds !== undefined ? { waitTimeSeconds: options.scanWaitSeconds } : {}),
  };
  // One DLQ walk at a time: two walks hide each other's messages and both would miscount.
  let dlqQueue: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(work: () => Promise<T>): Promise<T> => {
    const run = dlqQueue.then(work, work);
    dlqQueue = run.catch(() => undefined);
    return run;
  };

  async function send(body: Record<string, unknown>, port: number): Promise<unknown> {
    const sourceId = optionalString(body, 'sourceId');
    const text = optionalString(body, 'text');
    if (!sourceId || !text) throw new HttpError(400, 'sourceId and text are required');
    const events = eventsOf(text);
    if (!events.ok) throw new HttpError(400, events.error);
    const credentials = await options.settings.getIngestCredentials(sourceId);
    const secret = credentials?.webhookSecret;
    if (!credentials || !secret) throw new HttpError(409, `source "${sourceId}" has no webhookSecret, so ingest would refuse its events`);
    // The body as Segment would post it, authenticated the way the source's `auth` accepts, through the real ingest route.
    const signed = authorizedBody(events.events, secret, credentials.auth);
    const response = await fetch(`http://127.0.0.1:${port}/v1/sources/${encodeURIComponent(sourceId)}/events`, {
      method: 'POST',
      headers: signed.headers,
      body: signed.payload,
    });
    const answer = await response.text();
    let parsed: unknown = answer;
    try {
      parsed = JSON.parse(answer);
    } catch {
      // not JSON: shown as text
    }
    return { status: response.status, events: events.events.length, body: parsed };
  }

  async function api(method: string, path: string, query: URLSearchParams, req: IncomingMessage): Promise<unknown> {
    const route = `${method} ${path}`;
    switch (route) {
      case 'GET /console/api/overview':
        return {
          sources: options.sources,
          samples: listSamples(samplesDir),
          pinterest: options.pinterest,
          queues: { queueUrl: options.queueUrl, deadLetterQueueUrl: options.deadLetterQueueUrl, ...(options.sqsEndpoint ? { endpoint: options.sqsEndpoint } : {}) },
          reasons: Object.fromEntries([...REASONS.map((r) => [r, REASON_DESCRIPTIONS[r]]), [NO_REASON, 'moved here by SQS after too many receives']]),
        };
      case 'GET /console/api/sample': {
        const name = query.get('name') ?? '';
        const text = readSample(samplesDir, name, new Date(now()));
        if (text === undefined) throw new HttpError(404, `no sample named "${name}"`);
        return { name, text };
      }
      case 'POST /console/api/translate': {
        const body = await readJsonBody(req);
        const sourceId = optionalString(body, 'sourceId');
        if (!sourceId) throw new HttpError(400, 'sourceId is required');
        return previewEvents(options.settings, sourceId, optionalString(body, 'text') ?? '', now());
      }
      case 'POST /console/api/send':
        return send(await readJsonBody(req), req.socket.localPort as number);
      case 'GET /console/api/deliveries': {
        const after = Number(query.get('after') ?? 0) || 0;
        const dlq = await approximateCounts(options.sqs, options.deadLetterQueueUrl);
        return {
          lastSeq: options.deliveries.lastSeq,
          deliveries: options.deliveries.since(after),
          chart: options.deliveries.chart(),
          totals: options.deliveries.totals,
          dlqMessages: dlq.visible + dlq.inFlight + dlq.delayed,
        };
      }
      case 'GET /console/api/dlq':
        return exclusive(async () => {
          // Two walks, not one snapshot: entries first, so a message arriving in between is counted
          // (more counted than listed reads as "first N"; the reverse would look like a lost message).
          const peek = await dlqPeek({ ...scan, limit: PEEK_LIMIT });
          const stats = await dlqStats({ ...scan, now });
          return { stats, peek };
        });
      case 'POST /console/api/dlq/replay': {
        const filter = dlqFilter(await readJsonBody(req));
        return exclusive(() => dlqReplay({ ...scan, filter, queueUrl: options.queueUrl, now }));
      }
      case 'POST /console/api/dlq/purge': {
        const body = await readJsonBody(req);
        const filter = dlqFilter(body);
        if (!filter.reason) throw new HttpError(400, 'purge needs a reason: it never deletes everything');
        if (body.confirm !== true) throw new HttpError(400, 'purge deletes for good: send "confirm": true');
        return exclusive(() => dlqPurge({ ...scan, filter: { ...filter, reason: filter.reason as string } }));
      }
      default:
        throw new HttpError(404, `no console API ${route}`);
    }
  }

  return {
    handle(req, res) {
      const url = new URL(req.url ?? '/', 'http://console.invalid');
      const path = url.pathname;
      const method = (req.method ?? 'GET').toUpperCase();
      const isApi = path.startsWith('/console/api/');
      const file = method === 'GET' ? statics.get(path) : undefined;
      if (!isApi && !file) return false;

      const refused = refusal(
        {
          method,
          host: req.headers.host,
          origin: req.headers.origin,
          secFetchSite: req.headers['sec-fetch-site'] as string | undefined,
          contentType: req.headers['content-type'],
        },
        req.socket.localPort as number,
      );
      if (refused) {
        // Worth a line: on a developer's machine this is another web page trying to drive the console.
        options.logger?.warn('console refused a request', { method, path, status: refused.status, why: refused.message });
        req.resume();
        json(res, refused.status, { message: refused.message });
        return true;
      }
      if (file) {
        write(res, 200, file.type, file.body, path === '/' ? { 'content-security-policy': PAGE_POLICY } : {});
        return true;
      }
      api(method, path, url.searchParams, req).then(
        (body) => json(res, 200, body),
        (error: unknown) => {
          const status = error instanceof HttpError ? error.status : 500;
          if (status === 500) options.logger?.error('console request failed', { route: `${method} ${path}`, error: (error as Error).message });
          if (res.headersSent) res.destroy();
          else json(res, status, { message: (error as Error).message });
        },
      );
      return true;
    },
  };
}
