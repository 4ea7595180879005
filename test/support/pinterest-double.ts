import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for Pinterest's Conversions API: a real HTTP server on 127.0.0.1 (free port) that
 * records every request and answers what the test tells it to: 200 with per-event statuses, 422
 * with details, whole-request errors with `{code, message}`, 429 with X-RateLimit-Reset, no
 * answer at all (hang, for timeouts) or a dropped connection (drop). Always `close()` it.
 */
export interface RecordedRequest {
  method: string;
  /** Path and query, e.g. /v5/ad_accounts/123/events?test=true */
  url: string;
  adAccountId: string;
  testMode: boolean;
  authorization: string | undefined;
  contentType: string | undefined;
  body: unknown;
  /** `body.data`, the events sent. */
  events: Record<string, unknown>[];
}

export type Reply = { status: number; body?: unknown; headers?: Record<string, string> } | 'hang' | 'drop';
export type Responder = (request: RecordedRequest, index: number) => Reply;

export type EventStatus = 'processed' | 'failed' | { status: string; error_message?: string | null; warning_message?: string | null };

/** 200 (or 422) with one `events[]` entry per request event. */
export function perEvent(request: RecordedRequest, statusOf: (event: Record<string, unknown>, i: number) => EventStatus, httpStatus = 200): Reply {
  const events = request.events.map((event, i) => {
    const s = statusOf(event, i);
    if (s === 'processed') return { status: 'processed', error_message: '', warning_message: '' };
    if (s === 'failed') return { status: 'failed', error_message: 'Invalid event', warning_message: '' };
    return s;
  });
  const processed = events.filter((e) => e.status === 'processed').length;
  const counts = { num_events_received: events.length, num_events_processed: processed };
  const body =
    httpStatus === 422
      ? { code: 953, message: 'Not all events were successfully processed', details: { ...counts, events } }
      : { ...counts, events };
  return { status: httpStatus, body };
}

export const allProcessed: Responder = (request) => perEvent(request, () => 'processed');

export function errorReply(status: number, code: number, message: string, headers?: Record<string, string>): Reply {
  return { status, body: { code, message }, ...(headers ? { headers } : {}) };
}

export interface PinterestDouble {
  url: string;
  requests: RecordedRequest[];
  respond(responder: Responder): void;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export async function startPinterestDouble(initial: Responder = allProcessed): Promise<PinterestDouble> {
  let responder = initial;
  const requests: RecordedRequest[] = [];
  const hanging: ServerResponse[] = [];

  const server = createServer(async (req, res) => {
    const text = await readBody(req);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
    const url = req.url ?? '';
    const match = /^\/v5\/ad_accounts\/([^/?]+)\/events(\?.*)?$/.exec(url);
    const data = (body as { data?: unknown })?.data;
    const request: RecordedRequest = {
      method: req.method ?? '',
      url,
      adAccountId: match ? decodeURIComponent(match[1] as string) : '',
      testMode: new URLSearchParams(match?.[2] ?? '').get('test') === 'true',
      authorization: req.headers.authorization,
      contentType: req.headers['content-type'],
      body,
      events: Array.isArray(data) ? (data as Record<string, unknown>[]) : [],
    };
    requests.push(request);
    const reply = match ? responder(request, requests.length - 1) : errorReply(404, 404, 'no such route');
    if (reply === 'hang') {
      hanging.push(res);
      return;
    }
    if (reply === 'drop') {
      // The connection dies without a status line, as when a load balancer resets it.
      req.socket.destroy();
      return;
    }
    res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
    res.end(reply.body === undefined ? '' : typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body));
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    respond(next) {
      responder = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of hanging) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
