import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { STANDARD_EVENT_NAMES } from '../vocabulary/event-names';
import { validateEventsRequest } from '../pinterest/event-schema';

/**
 * A local Pinterest Conversions API for the local stack: `POST /v5/ad_accounts/{id}/events`
 * answered like Pinterest answers, after enforcing the published request rules (Bearer token
 * present, a `{"data": [...]}` body of 1 to 1000 events, required fields, closed `custom_data`,
 * types, 64-hex hashes). An accepted request gets 200 with one `events[]` entry per event (a
 * warning for non-standard names, as Pinterest gives); a broken one gets Pinterest's error shape.
 * Each answer is printed as a short readable summary; the token and hashed values never are.
 */
export interface SandboxAnswer {
  status: number;
  body: unknown;
  /** The readable lines printed for this request. */
  summary: string;
}

const ROUTE = /^\/v5\/ad_accounts\/([^/?]+)\/events(?:\?(.*))?$/;
const STANDARD = new Set<string>(STANDARD_EVENT_NAMES);
const MAX_LISTED_EVENTS = 10;

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

function describeEvent(event: Json, index: number): string[] {
  const user = isObject(event.user_data) ? event.user_data : {};
  const custom = isObject(event.custom_data) ? event.custom_data : {};
  const hashed = Object.keys(user).filter((k) => Array.isArray(user[k]));
  const plain = Object.keys(user).filter((k) => !Array.isArray(user[k]));
  const time = typeof event.event_time === 'number' ? new Date(event.event_time * 1000).toISOString().replace('.000Z', 'Z') : '?';
  const customText = Object.entries(custom)
    .map(([k, v]) => (Array.isArray(v) ? `${k}=[${v.length}]` : `${k}=${typeof v === 'object' ? '{…}' : String(v)}`))
    .join(' ');
  return [
    `  ${index + 1}. ${String(event.event_name)}  ${String(event.action_source)}  ${time}  event_id=${String(event.event_id)}`,
    `     user_data: ${hashed.length ? `${hashed.join(' ')} (hashed)` : '-'}${plain.length ? `  ${plain.join(' ')}` : ''}`,
    ...(customText ? [`     custom_data: ${customText}`] : []),
  ];
}

/** Pinterest's answer to one request, and its summary. Pure, so the rules are unit-tested. */
export function answerEventsRequest(method: string, url: string, authorization: string | undefined, bodyText: string): SandboxAnswer {
  const route = ROUTE.exec(url);
  const head = `Pinterest sandbox: ${method} ${url}`;
  const refuse = (status: number, code: number, message: string): SandboxAnswer => ({
    status,
    body: { code, message },
    summary: `${head} -> ${status} ${message}`,
  });
  if (!route || method !== 'POST') return refuse(404, 404, 'Not found');
  const adAccountId = decodeURIComponent(route[1] as string);
  if (!/^\d{1,18}$/.test(adAccountId)) return refuse(400, 1, `Invalid ad_account_id "${adAccountId}": digits only, at most 18`);
  if (!/^Bearer\s+\S+/i.test(authorization ?? '')) return refuse(401, 2, 'Authentication failed.');

  let body: unknown;
  try {
    body = JSON.parse(bodyText);
  } catch {
    return refuse(400, 1, 'Invalid request: the body is not JSON');
  }
  const problems = validateEventsRequest(body);
  if (problems.length > 0) {
    const shown = problems.slice(0, 5).join('; ');
    return refuse(400, 4196, `Invalid request: ${shown}${problems.length > 5 ? ` (and ${problems.length - 5} more)` : ''}`);
  }

  const events = (body as { data: Json[] }).data;
  const testMode = new URLSearchParams(route[2] ?? '').get('test') === 'true';
  const results = events.map((event) => {
    const name = String(event.event_name);
    return STANDARD.has(name)
      ? { status: 'processed', error_message: '', warning_message: '' }
      : { status: 'processed', error_message: '', warning_message: `Event name '${name}' is not a standard event; it is labeled as an 'Unknown' event` };
  });
  const lines = [
    `${head} -> 200  ${events.length} event${events.length === 1 ? '' : 's'}, ad account ${adAccountId}${testMode ? ', TEST MODE (Pinterest would record nothing)' : ''}, Bearer token present`,
    ...events.slice(0, MAX_LISTED_EVENTS).flatMap(describeEvent),
    ...(events.length > MAX_LISTED_EVENTS ? [`  … and ${events.length - MAX_LISTED_EVENTS} more`] : []),
  ];
  return {
    status: 200,
    body: { num_events_received: events.length, num_events_processed: events.length, events: results },
    summary: lines.join('\n'),
  };
}

export interface SandboxOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  /** Where summaries go. Default: stdout. */
  print?: (summary: string) => void;
}

export interface PinterestSandbox {
  /** Base URL to use as PINTEREST_API_URL, e.g. http://127.0.0.1:43121 */
  url: string;
  /** Requests answered, and how many events the accepted ones carried. */
  readonly counts: { requests: number; accepted: number; events: number };
  close(): Promise<void>;
}

export async function startPinterestSandbox({ port = 0, host = '127.0.0.1', print }: SandboxOptions = {}): Promise<PinterestSandbox> {
  const write = print ?? ((summary: string) => process.stdout.write(`${summary}\n`));
  const counts = { requests: 0, accepted: 0, events: 0 };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const answer = answerEventsRequest(req.method ?? 'GET', req.url ?? '/', req.headers.authorization, Buffer.concat(chunks).toString('utf8'));
      counts.requests++;
      if (answer.status === 200) {
        counts.accepted++;
        counts.events += (answer.body as { num_events_received: number }).num_events_received;
      }
      write(answer.summary);
      res.writeHead(answer.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://${host}:${address.port}`,
    counts,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
