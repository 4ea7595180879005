import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A Pinterest Conversions API double for benchmarks: 127.0.0.1, free port, answers every request
 * 200 with every event `processed`. Unlike test/support/pinterest-double.ts it does not parse or
 * keep bodies: it counts events by their `"event_name":` keys, so the worker being measured does
 * not share its event loop with a second JSON parser. Always `close()` it.
 */
export interface BenchDouble {
  url: string;
  /** Requests answered, and events in each. */
  requests: { adAccountId: string; events: number; bytes: number }[];
  close(): Promise<void>;
}

const KEY = '"event_name":';

function countEvents(body: string): number {
  let n = 0;
  for (let i = body.indexOf(KEY); i >= 0; i = body.indexOf(KEY, i + KEY.length)) n++;
  return n;
}

export async function startBenchDouble(): Promise<BenchDouble> {
  const requests: BenchDouble['requests'] = [];
  const replies = new Map<number, string>();
  const reply = (n: number): string => {
    let text = replies.get(n);
    if (text === undefined) {
      const events = Array.from({ length: n }, () => ({ status: 'processed', error_message: '', warning_message: '' }));
      text = JSON.stringify({ num_events_received: n, num_events_processed: n, events });
      replies.set(n, text);
    }
    return text;
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const n = countEvents(body);
      const match = /^\/v5\/ad_accounts\/([^/?]+)\/events/.exec(req.url ?? '');
      requests.push({ adAccountId: match?.[1] ?? '', events: n, bytes: Buffer.byteLength(body) });
      res.writeHead(match ? 200 : 404, { 'content-type': 'application/json' });
      res.end(match ? reply(n) : '{"code":404,"message":"no such route"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
