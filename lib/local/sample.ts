import type { AuthMethod } from '../auth/methods';
import { signPayload } from '../auth/signature';

/**
 * Sample deliveries for the local stack: read a Segment event file (one event, an array, a
 * `{"batch": [...]}` body, or newline-delimited JSON), move its timestamps to now (Pinterest, and
 * so the worker, refuse events older than 7 days, and the samples in events/ are fixed in time),
 * and sign the exact bytes that will be sent, as Segment does (X-Signature over the raw body).
 */
const TIME_FIELDS = ['timestamp', 'originalTimestamp', 'sentAt', 'receivedAt'] as const;

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The body to post: an object, an array, or `{batch}` as written; ndjson becomes an array. */
export function parseEventsFile(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const lines = text.split(/\r?\n/).filter((line) => line.trim() !== '');
    if (lines.length < 2) throw error;
    return lines.map((line, i) => {
      try {
        return JSON.parse(line) as unknown;
      } catch {
        throw new Error(`line ${i + 1} is not JSON`);
      }
    });
  }
}

function restampEvent(event: unknown, iso: string): unknown {
  if (!isObject(event)) return event;
  const copy: Json = { ...event };
  for (const field of TIME_FIELDS) if (field in copy) copy[field] = iso;
  if (!TIME_FIELDS.some((field) => field in copy)) copy.timestamp = iso;
  return copy;
}

/** The same body with every event's time fields set to `now`. */
export function restampBody(body: unknown, now: Date): unknown {
  const iso = now.toISOString();
  if (Array.isArray(body)) return body.map((event) => restampEvent(event, iso));
  if (isObject(body) && Array.isArray(body.batch)) return { ...body, batch: body.batch.map((event) => restampEvent(event, iso)) };
  return restampEvent(body, iso);
}

export function countEvents(body: unknown): number {
  if (Array.isArray(body)) return body.length;
  if (isObject(body) && Array.isArray(body.batch)) return body.batch.length;
  return 1;
}

export interface SignedBody {
  /** The exact bytes to send. */
  payload: string;
  headers: Record<string, string>;
}

export function signedBody(body: unknown, secret: string, pretty = false): SignedBody {
  const payload = pretty ? `${JSON.stringify(body, null, 2)}\n` : JSON.stringify(body);
  return {
    payload,
    headers: { 'content-type': 'application/json', 'user-agent': 'Segment.io/1.0', 'x-signature': signPayload(secret, payload) },
  };
}

/**
 * `events` posted as a source that accepts `methods` lets in (its settings' `auth`): the whole-body
 * signature when listed, else the secret as a Bearer header, else Basic with the secret as user
 * name (Segment's convention), else an array signed over its first event (the Actions batch rule).
 */
export function authorizedBody(events: readonly unknown[], secret: string, methods: readonly AuthMethod[]): SignedBody {
  const body = events.length === 1 ? events[0] : { batch: events };
  if (methods.includes('signature')) return signedBody(body, secret);
  const headers = { 'content-type': 'application/json', 'user-agent': 'Segment.io/1.0' };
  if (methods.includes('bearer')) return { payload: JSON.stringify(body), headers: { ...headers, authorization: `Bearer ${secret}` } };
  if (methods.includes('basic')) {
    return { payload: JSON.stringify(body), headers: { ...headers, authorization: `Basic ${Buffer.from(`${secret}:`).toString('base64')}` } };
  }
  return { payload: JSON.stringify(events), headers: { ...headers, 'x-signature': signPayload(secret, JSON.stringify(events[0])) } };
}

/** A word the shell passes through unchanged: quoted only when it needs to be. */
export const shellQuote = (value: string): string => (/^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`);

/** A curl command that posts `file` (whose bytes `signature` covers) to `url`. */
export function curlCommand(url: string, signature: string, file: string): string {
  return [
    `curl -sS -X POST ${shellQuote(url)}`,
    `  -H 'content-type: application/json'`,
    `  -H 'x-signature: ${signature}'`,
    `  --data-binary @${shellQuote(file)}`,
  ].join(' \\\n');
}
