import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { documentedRuleProblems, schemaProblems } from '../pinterest/event-schema';
import { STANDARD_EVENT_NAMES } from '../vocabulary/event-names';
import { SandboxAdAccounts } from './sandbox-ad-accounts';

/**
 * A local Pinterest API for the local stack, answering the way Pinterest answers:
 *  - `POST /v5/ad_accounts/{id}/events`: a body that breaks Pinterest's published schema
 *    (lib/pinterest/contract, via lib/pinterest/event-schema) gets `400` with Pinterest's error
 *    shape `{code, message}`, naming the fields; an event that breaks a rule Pinterest documents in
 *    prose (event name, SHA-256 hex, Unix seconds, decimal strings) is `failed` in the per-event
 *    answer (`422`, code 953, "Not all events were successfully processed"); the rest `processed`,
 *    an advertiser-defined name not registered for the account with Pinterest's "Unknown" warning.
 *  - the advertiser-defined events and conversion tags endpoints (./sandbox-ad-accounts.ts), so
 *    `pinterest-tag events define|list` and `settings validate --online` run against it.
 * Every request needs a Bearer token. Each answer is printed as a short readable summary; the token
 * and hashed values never are.
 */
export interface SandboxAnswer {
  status: number;
  body: unknown;
  /** The readable lines printed for this request. */
  summary: string;
}

const EVENTS_ROUTE = /^\/v5\/ad_accounts\/([^/?]+)\/events(?:\?(.*))?$/;
const ACCOUNT_ROUTE = /^\/v5\/ad_accounts\/([^/?]+)\/(advertiser_defined_events|conversion_tags)(?:\?.*)?$/;
const STANDARD = new Set<string>(STANDARD_EVENT_NAMES);
const MAX_LISTED_EVENTS = 10;
const MAX_LISTED_PROBLEMS = 5;

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

function describeEvent(event: Json, index: number, problems: readonly string[]): string[] {
  const user = isObject(event.user_data) ? event.user_data : {};
  const custom = isObject(event.custom_data) ? event.custom_data : {};
  const hashed = Object.keys(user).filter((k) => Array.isArray(user[k]));
  const plain = Object.keys(user).filter((k) => !Array.isArray(user[k]));
  const time = typeof event.event_time === 'number' ? new Date(event.event_time * 1000).toISOString().replace('.000Z', 'Z') : '?';
  const customText = Object.entries(custom)
    .map(([k, v]) => (Array.isArray(v) ? `${k}=[${v.length}]` : `${k}=${typeof v === 'object' ? '{…}' : String(v)}`))
    .join(' ');
  return [
    `  ${index + 1}. ${String(event.event_name)}  ${String(event.action_source)}  ${time}  event_id=${String(event.event_id)}${problems.length ? '  FAILED' : ''}`,
    `     user_data: ${hashed.length ? `${hashed.join(' ')} (hashed)` : '-'}${plain.length ? `  ${plain.join(' ')}` : ''}`,
    ...(customText ? [`     custom_data: ${customText}`] : []),
    ...problems.map((p) => `     refused: ${p}`),
  ];
}

const listed = (problems: readonly string[]) =>
  `${problems.slice(0, MAX_LISTED_PROBLEMS).join('; ')}${problems.length > MAX_LISTED_PROBLEMS ? ` (and ${problems.length - MAX_LISTED_PROBLEMS} more)` : ''}`;

interface EventsRoute {
  adAccountId: string;
  query: string;
}

function answerEvents(route: EventsRoute, body: unknown, head: string, accounts: SandboxAdAccounts): SandboxAnswer {
  const problems = schemaProblems(body);
  if (problems.length > 0) {
    const message = `Invalid request: ${listed(problems)}`;
    return { status: 400, body: { code: 4196, message }, summary: `${head} -> 400 ${message}` };
  }
  const events = (body as { data: Json[] }).data;
  const testMode = new URLSearchParams(route.query).get('test') === 'true';
  const refused = events.map((event) => documentedRuleProblems(event));
  const results = events.map((event, i) => {
    const eventProblems = refused[i] ?? [];
    if (eventProblems.length > 0) return { status: 'failed', error_message: listed(eventProblems), warning_message: '' };
    const name = String(event.event_name);
    if (STANDARD.has(name) || accounts.isDefined(route.adAccountId, name)) return { status: 'processed', error_message: '', warning_message: '' };
    return {
      status: 'processed',
      error_message: '',
      warning_message: `Event name '${name}' is not a standard event nor an advertiser-defined event of this ad account; it is labeled as an 'Unknown' event`,
    };
  });
  const processed = results.filter((r) => r.status === 'processed').length;
  const counts = { num_events_received: events.length, num_events_processed: processed };
  const allProcessed = processed === events.length;
  const status = allProcessed ? 200 : 422;
  const lines = [
    `${head} -> ${status}  ${events.length} event${events.length === 1 ? '' : 's'}${allProcessed ? '' : ` (${events.length - processed} failed)`}, ` +
      `ad account ${route.adAccountId}${testMode ? ', TEST MODE (Pinterest would record nothing)' : ''}, Bearer token present`,
    ...events.slice(0, MAX_LISTED_EVENTS).flatMap((event, i) => describeEvent(event, i, refused[i] ?? [])),
    ...(events.length > MAX_LISTED_EVENTS ? [`  … and ${events.length - MAX_LISTED_EVENTS} more`] : []),
  ];
  return {
    status,
    body: allProcessed ? { ...counts, events: results } : { code: 953, message: 'Not all events were successfully processed', details: { ...counts, events: results } },
    summary: lines.join('\n'),
  };
}

/** Pinterest's answer to one request, and its summary. Pure but for `accounts`, so the rules are unit-tested. */
export function answerSandboxRequest(
  method: string,
  url: string,
  authorization: string | undefined,
  bodyText: string,
  accounts: SandboxAdAccounts = new SandboxAdAccounts(),
): SandboxAnswer {
  const head = `Pinterest sandbox: ${method} ${url}`;
  const refuse = (status: number, code: number, message: string): SandboxAnswer => ({
    status,
    body: { code, message },
    summary: `${head} -> ${status} ${message}`,
  });
  const events = EVENTS_ROUTE.exec(url);
  const account = ACCOUNT_ROUTE.exec(url);
  const route = events ?? account;
  const known = (events && method === 'POST') || (account && (method === 'GET' || (method === 'POST' && account[2] === 'advertiser_defined_events')));
  if (!route || !known) return refuse(404, 404, 'Not found');
  const adAccountId = decodeURIComponent(route[1] as string);
  if (!/^\d{1,18}$/.test(adAccountId)) return refuse(400, 1, `Invalid ad_account_id "${adAccountId}": digits only, at most 18`);
  if (!/^Bearer\s+\S+/i.test(authorization ?? '')) return refuse(401, 2, 'Authentication failed.');

  let body: unknown;
  if (method === 'POST') {
    try {
      body = JSON.parse(bodyText);
    } catch {
      return refuse(400, 1, 'Invalid request: the body is not JSON');
    }
  }
  if (events) return answerEvents({ adAccountId, query: events[2] ?? '' }, body, head, accounts);
  const answer =
    account?.[2] === 'conversion_tags'
      ? accounts.listConversionTags(adAccountId)
      : method === 'GET'
        ? accounts.listDefinedEvents(adAccountId)
        : accounts.defineEvents(adAccountId, body);
  return { ...answer, summary: `${head} -> ${answer.status}  ${answer.summary}, ad account ${adAccountId}` };
}

/** The events endpoint alone (kept for callers that only send events). */
export function answerEventsRequest(method: string, url: string, authorization: string | undefined, bodyText: string): SandboxAnswer {
  return EVENTS_ROUTE.test(url) ? answerSandboxRequest(method, url, authorization, bodyText) : { status: 404, body: { code: 404, message: 'Not found' }, summary: `Pinterest sandbox: ${method} ${url} -> 404 Not found` };
}

export interface SandboxOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  /** Where summaries go. Default: stdout. */
  print?: (summary: string) => void;
  /** The conversion tag ids each ad account owns, for `GET .../conversion_tags`. Default: none. */
  conversionTags?: Readonly<Record<string, readonly string[]>>;
  /** Every events request the sandbox accepted (200 or 422), with its parsed body, for tests. */
  onEvents?: (request: { adAccountId: string; testMode: boolean; events: Json[] }) => void;
}

export interface PinterestSandbox {
  /** Base URL to use as PINTEREST_API_URL, e.g. http://127.0.0.1:43121 */
  url: string;
  /** Requests answered, and how many events the accepted ones carried. */
  readonly counts: { requests: number; accepted: number; events: number };
  close(): Promise<void>;
}

export async function startPinterestSandbox({ port = 0, host = '127.0.0.1', print, conversionTags, onEvents }: SandboxOptions = {}): Promise<PinterestSandbox> {
  const write = print ?? ((summary: string) => process.stdout.write(`${summary}\n`));
  const counts = { requests: 0, accepted: 0, events: 0 };
  const accounts = new SandboxAdAccounts(conversionTags);
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = req.url ?? '/';
      const text = Buffer.concat(chunks).toString('utf8');
      const answer = answerSandboxRequest(req.method ?? 'GET', url, req.headers.authorization, text, accounts);
      counts.requests++;
      const eventsRoute = EVENTS_ROUTE.exec(url);
      if (eventsRoute && (answer.status === 200 || answer.status === 422)) {
        const events = (JSON.parse(text) as { data: Json[] }).data;
        counts.accepted++;
        counts.events += events.length;
        onEvents?.({ adAccountId: decodeURIComponent(eventsRoute[1] as string), testMode: new URLSearchParams(eventsRoute[2] ?? '').get('test') === 'true', events });
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
