import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { StructuredResult } from '../http/response';
import { toApiGatewayEvent } from './api-gateway-event';

/**
 * A local stand-in for API Gateway in front of the ingest function: an HTTP server on loopback
 * that turns each request into a payload v2 event, calls the handler, and writes its structured
 * result back. Like API Gateway it refuses bodies over 10 MB and answers unknown routes itself.
 */
export type ApiGatewayHandler = (event: APIGatewayProxyEventV2) => Promise<StructuredResult>;

export interface IngestServerOptions {
  handler: ApiGatewayHandler;
  /** 0 picks a free port. */
  port?: number;
  host?: string;
  /** Sees each request first and returns true when it answered it (the local console: GET /, /console/…). */
  intercept?: (req: IncomingMessage, res: ServerResponse) => boolean;
}

export interface IngestServer {
  /** e.g. http://127.0.0.1:3000 */
  url: string;
  port: number;
  /** Stop accepting, let requests in flight finish (at most `graceMs`), then close. */
  close(graceMs?: number): Promise<void>;
}

export const API_GATEWAY_MAX_BODY_BYTES = 10 * 1024 * 1024;

function send(res: ServerResponse, result: StructuredResult, closing = false): void {
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(result.headers ?? {})) headers[name.toLowerCase()] = String(value);
  if (result.cookies?.length) headers['set-cookie'] = result.cookies;
  const body = result.body === undefined ? Buffer.alloc(0) : Buffer.from(result.body, result.isBase64Encoded ? 'base64' : 'utf8');
  headers['content-length'] = String(body.length);
  // While shutting down, answered connections are closed instead of kept alive for more requests.
  if (closing) headers.connection = 'close';
  res.writeHead(result.statusCode ?? 200, headers);
  res.end(body);
}

const gatewayError = (statusCode: number, message: string): StructuredResult => ({
  statusCode,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ message }),
});

function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(tooLarge ? undefined : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export async function startIngestServer({ handler, port = 3000, host = '127.0.0.1', intercept }: IngestServerOptions): Promise<IngestServer> {
  let closing = false;
  const server = createServer((req, res) => {
    if (intercept?.(req, res)) return;
    void (async () => {
      try {
        const body = await readBody(req, API_GATEWAY_MAX_BODY_BYTES);
        if (body === undefined) return send(res, gatewayError(413, 'Request Entity Too Large'), closing);
        const event = toApiGatewayEvent({
          method: req.method ?? 'GET',
          url: req.url ?? '/',
          rawHeaders: req.rawHeaders,
          body,
          sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
          protocol: `HTTP/${req.httpVersion}`,
        });
        if (!event) return send(res, gatewayError(404, 'Not Found'), closing);
        send(res, await handler(event), closing);
      } catch {
        // What API Gateway answers when the integration fails.
        if (!res.headersSent) send(res, gatewayError(500, 'Internal Server Error'), closing);
        else res.destroy();
      }
    })();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://${host}:${address.port}`,
    port: address.port,
    close: (graceMs = 5000) =>
      new Promise<void>((resolve) => {
        closing = true;
        const force = setTimeout(() => server.closeAllConnections(), graceMs);
        force.unref();
        server.close(() => {
          clearTimeout(force);
          resolve();
        });
        server.closeIdleConnections();
      }),
  };
}
