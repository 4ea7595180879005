import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { send } from '../../bin/send';
import { authenticate } from '../../lib/auth/authenticate';
import type { AuthMethod } from '../../lib/auth/methods';

// `npm run send` must use a credential the source accepts: a source whose `auth` leaves out
// `signature` would answer 401 to a signed body. The server records what arrives; the real
// authenticator judges it.

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

let server: Server;
let url: string;
const received: Received[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"accepted":1}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const SECRET = 'send-test-secret';
const EVENT = { type: 'track', event: 'Order Completed', messageId: 'm-1', userId: 'u-1', timestamp: '2026-11-28T12:00:00Z' };

function files(auth: AuthMethod[] | undefined): { settings: string; events: string } {
  const dir = mkdtempSync(join(tmpdir(), 'send-test-'));
  const settings = join(dir, 'sources.json');
  writeFileSync(settings, JSON.stringify({ sources: { web: { tagId: '1', webhookSecret: SECRET, ...(auth ? { auth } : {}) } } }));
  const events = join(dir, 'event.json');
  writeFileSync(events, JSON.stringify(EVENT));
  return { settings, events };
}

describe.each<[string, AuthMethod[] | undefined, string]>([
  ['the default', undefined, 'signature'],
  ['bearer only', ['bearer'], 'bearer'],
  ['basic only', ['basic'], 'basic'],
])('npm run send, source auth %s', (_label, auth, expected) => {
  test(`authenticates with ${expected}, which the source accepts`, async () => {
    const { settings, events } = files(auth);
    const out = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      expect(await send([events, '--source', 'web', '--url', url, '--settings', settings, '--keep-timestamps'], {})).toBe(0);
    } finally {
      out.mockRestore();
    }
    const last = received.at(-1) as Received;
    const headers = new Map(Object.entries(last.headers).map(([name, value]) => [name, String(value)]));
    const methods = auth ?? ['signature', 'bearer', 'basic'];
    const result = authenticate({ headers, rawBody: last.body, text: last.body, secret: SECRET, methods, maxSignedElementChars: 32_768 });
    expect(result).toMatchObject({ ok: true, method: expected });
  });
});
