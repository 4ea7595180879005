import type { PinterestEvent } from './types';
import { trimTrailingSlashes } from '../util/trailing-slashes';

/**
 * HTTP client for `POST /v5/ad_accounts/{id}/events`. It reports what Pinterest answered, parsed
 * into one typed shape, and never decides what that means (that is lib/delivery's job). It never
 * throws for an HTTP status; a network error or timeout is a typed `error` result. The conversion
 * token goes into the Authorization header and nowhere else: not into results, errors or logs.
 *
 * Node's global fetch (undici) keeps connections alive by default, so warm invocations reuse the
 * TLS connection to api.pinterest.com.
 */
export interface PinterestRequest {
  adAccountId: string;
  token: string;
  testMode: boolean;
  events: readonly PinterestEvent[];
}

/** One entry of Pinterest's per-event `events[]`, in request order. */
export interface PinterestEventResult {
  /** `processed`, `failed`, or a status this code does not know yet. */
  status: string;
  errorMessage?: string;
  warningMessage?: string;
}

export type PinterestResponse =
  | {
      kind: 'http';
      status: number;
      /** Per-event results from a 200 (`events`) or a 422 (`details.events`). */
      events?: PinterestEventResult[];
      numEventsReceived?: number;
      numEventsProcessed?: number;
      /** Error body `{code, message}` of a non-2xx answer. */
      code?: number;
      message?: string;
      /** `X-RateLimit-Reset`, seconds until the window resets. */
      rateLimitResetSeconds?: number;
      latencyMs: number;
    }
  | { kind: 'error'; cause: 'timeout' | 'network'; message: string; latencyMs: number };

export interface PinterestSender {
  send(request: PinterestRequest): Promise<PinterestResponse>;
}

export interface PinterestClientOptions {
  /** Default https://api.pinterest.com. */
  baseUrl?: string;
  /** Per request, body read included. Default 10,000 ms. */
  timeoutMs?: number;
  fetch?: typeof fetch;
  now?: () => number;
}

export const DEFAULT_PINTEREST_API_URL = 'https://api.pinterest.com';
export const DEFAULT_PINTEREST_TIMEOUT_MS = 10_000;

export function eventsUrl(baseUrl: string, adAccountId: string, testMode: boolean): string {
  const base = trimTrailingSlashes(baseUrl);
  return `${base}/v5/ad_accounts/${encodeURIComponent(adAccountId)}/events${testMode ? '?test=true' : ''}`;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const optionalString = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

const optionalNumber = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) ? value : undefined;

function parseEventResults(value: unknown): PinterestEventResult[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.map((entry): PinterestEventResult => {
    if (!isRecord(entry)) return { status: 'unknown' };
    const errorMessage = optionalString(entry.error_message);
    const warningMessage = optionalString(entry.warning_message);
    return {
      status: typeof entry.status === 'string' ? entry.status : 'unknown',
      ...(errorMessage ? { errorMessage } : {}),
      ...(warningMessage ? { warningMessage } : {}),
    };
  });
}

/** Parse a response body of any status into the fields the delivery policy reads. */
export function parseResponseBody(text: string): Omit<Extract<PinterestResponse, { kind: 'http' }>, 'kind' | 'status' | 'latencyMs'> {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    const message = text.trim().slice(0, 200);
    return message ? { message } : {};
  }
  if (!isRecord(body)) return {};
  // 200 carries the counts and events at the root; 422 nests them under `details`.
  const holder = isRecord(body.details) ? body.details : body;
  const events = parseEventResults(holder.events) ?? parseEventResults(body.events);
  const numEventsReceived = optionalNumber(holder.num_events_received);
  const numEventsProcessed = optionalNumber(holder.num_events_processed);
  const code = optionalNumber(body.code);
  const message = optionalString(body.message);
  return {
    ...(events ? { events } : {}),
    ...(numEventsReceived !== undefined ? { numEventsReceived } : {}),
    ...(numEventsProcessed !== undefined ? { numEventsProcessed } : {}),
    ...(code !== undefined ? { code } : {}),
    ...(message ? { message } : {}),
  };
}

function parseReset(value: string | null): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const seconds = Number(value);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds : undefined;
}

function describeFetchError(error: unknown): { cause: 'timeout' | 'network'; message: string } {
  const err = error as Error & { cause?: { code?: string; message?: string } };
  if (err?.name === 'TimeoutError' || err?.name === 'AbortError') return { cause: 'timeout', message: 'request timed out' };
  // undici wraps the socket error: "fetch failed" with cause ECONNREFUSED / ECONNRESET / ...
  const detail = err?.cause?.code ?? err?.cause?.message;
  return { cause: 'network', message: detail ? `${err.message}: ${detail}` : String(err?.message ?? error) };
}

export function createPinterestClient(options: PinterestClientOptions = {}): PinterestSender {
  const baseUrl = options.baseUrl ?? DEFAULT_PINTEREST_API_URL;
  const timeoutMs = options.timeoutMs ?? DEFAULT_PINTEREST_TIMEOUT_MS;
  const doFetch = options.fetch ?? fetch;
  const now = options.now ?? Date.now;

  return {
    async send(request: PinterestRequest): Promise<PinterestResponse> {
      const started = now();
      try {
        const response = await doFetch(eventsUrl(baseUrl, request.adAccountId, request.testMode), {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            accept: 'application/json',
            authorization: `Bearer ${request.token}`,
          },
          body: JSON.stringify({ data: request.events }),
          signal: AbortSignal.timeout(timeoutMs),
        });
        const text = await response.text();
        const rateLimitResetSeconds = parseReset(response.headers.get('x-ratelimit-reset'));
        return {
          kind: 'http',
          status: response.status,
          ...parseResponseBody(text),
          ...(rateLimitResetSeconds !== undefined ? { rateLimitResetSeconds } : {}),
          latencyMs: now() - started,
        };
      } catch (error) {
        return { kind: 'error', ...describeFetchError(error), latencyMs: now() - started };
      }
    },
  };
}
