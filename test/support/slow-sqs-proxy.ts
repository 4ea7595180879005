import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';

/**
 * A loopback proxy in front of a real SQS server (moto_server) that plays a brownout queue: each
 * SendMessageBatch is forwarded at once (so the server stores it) and its answer is held for
 * `delayMs(call)` before it is relayed, the worst case for a client that gives up on slow calls.
 * It records which message bodies each held call carries, so a test can see what is still in
 * flight at the moment the caller answers.
 */
export interface HeldCall {
  call: number;
  bodies: string[];
}

export interface SlowSqsProxy {
  origin: string;
  /** SendMessageBatch calls whose answer the client has neither received nor abandoned. */
  inFlight(): HeldCall[];
  /** SendMessageBatch calls the client abandoned (closed the connection before the answer). */
  abandoned(): number;
  calls(): number;
  close(): Promise<void>;
}

const readBody = (req: IncomingMessage): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });

function batchBodies(target: string | undefined, body: Buffer): string[] | undefined {
  if (target !== 'AmazonSQS.SendMessageBatch') return undefined;
  const parsed = JSON.parse(body.toString('utf8')) as { Entries?: { MessageBody?: string }[] };
  return (parsed.Entries ?? []).map((e) => e.MessageBody ?? '');
}

export async function startSlowSqsProxy(upstream: string, delayMs: (call: number) => number): Promise<SlowSqsProxy> {
  const target = new URL(upstream);
  const held = new Map<number, HeldCall>();
  let calls = 0;
  let abandoned = 0;
  const server: Server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      const bodies = batchBodies(req.headers['x-amz-target'] as string | undefined, body);
      const call = bodies ? ++calls : 0;
      if (bodies) held.set(call, { call, bodies });
      let gone = false;
      res.on('close', () => {
        if (bodies && !res.writableFinished) {
          gone = true;
          abandoned++;
        }
        held.delete(call);
      });
      const upstreamReq = httpRequest(
        { hostname: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...req.headers, host: target.host } },
        (upstreamRes) => {
          void readBody(upstreamRes).then(async (answer) => {
            if (bodies) await new Promise((resolve) => setTimeout(resolve, delayMs(call)));
            if (gone || res.destroyed) return;
            held.delete(call);
            res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
            res.end(answer);
          });
        },
      );
      upstreamReq.on('error', () => {
        if (!res.destroyed) res.destroy();
      });
      upstreamReq.end(body);
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (typeof address !== 'object' || !address) throw new Error('proxy has no address');
  return {
    origin: `http://127.0.0.1:${address.port}`,
    inFlight: () => [...held.values()],
    abandoned: () => abandoned,
    calls: () => calls,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
