import { DEFAULT_PINTEREST_API_URL, DEFAULT_PINTEREST_TIMEOUT_MS } from './client';
import { trimTrailingSlashes } from '../util/trailing-slashes';

/**
 * The few Pinterest API v5 management calls the operator tools make for an ad account:
 *  - `GET  /v5/ad_accounts/{id}/advertiser_defined_events` → `{"items": [{name, mapped_conversion_type}]}`
 *  - `POST /v5/ad_accounts/{id}/advertiser_defined_events` with `{"items": [{name, mapped_conversion_type}]}`
 *    → `{"items": [{name, status, exceptions?}]}`, one record per item ("success" or a failure)
 *  - `GET  /v5/ad_accounts/{id}/conversion_tags` → `{"items": [{id, name, status, ...}]}`
 * Pinterest documents these for an OAuth access token (scopes ads:read / ads:write); a conversion
 * token may be refused, which comes back as a failed call with Pinterest's `{code, message}`. The
 * token only ever goes into the Authorization header.
 */
export interface ApiCall {
  method: 'GET' | 'POST';
  url: string;
  body?: unknown;
}

export type ApiAnswer<T> = { ok: true; status: number; body: T } | { ok: false; status?: number; code?: number; message: string };

export interface AdvertiserDefinedEventItem {
  name: string;
  mapped_conversion_type: string;
}

export interface ProcessingRecord {
  name: string;
  status: string;
  exceptions?: string[];
}

export interface ConversionTag {
  id: string;
  name?: string;
  status?: string;
}

export interface AdAccountClientOptions {
  token: string;
  /** Default https://api.pinterest.com */
  baseUrl?: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

const accountUrl = (baseUrl: string, adAccountId: string, path: string) =>
  `${trimTrailingSlashes(baseUrl)}/v5/ad_accounts/${encodeURIComponent(adAccountId)}/${path}`;

export function listDefinedEventsCall(baseUrl: string, adAccountId: string): ApiCall {
  return { method: 'GET', url: accountUrl(baseUrl, adAccountId, 'advertiser_defined_events') };
}

export function defineEventsCall(baseUrl: string, adAccountId: string, items: readonly AdvertiserDefinedEventItem[]): ApiCall {
  return { method: 'POST', url: accountUrl(baseUrl, adAccountId, 'advertiser_defined_events'), body: { items } };
}

export function listConversionTagsCall(baseUrl: string, adAccountId: string): ApiCall {
  return { method: 'GET', url: `${accountUrl(baseUrl, adAccountId, 'conversion_tags')}?filter_deleted=true` };
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** `{"items": [...]}` with each item read by `read` (unreadable items are dropped), or undefined. */
function items<T>(body: unknown, read: (item: Record<string, unknown>) => T | undefined): { items: T[] } | undefined {
  if (!isRecord(body) || !Array.isArray(body.items)) return undefined;
  return { items: body.items.flatMap((item) => (isRecord(item) ? (read(item) ?? []) : [])) as T[] };
}

const readDefined = (item: Record<string, unknown>): AdvertiserDefinedEventItem | undefined =>
  typeof item.name === 'string' ? { name: item.name, mapped_conversion_type: String(item.mapped_conversion_type ?? '') } : undefined;

const readRecord = (item: Record<string, unknown>): ProcessingRecord | undefined =>
  typeof item.name === 'string'
    ? {
        name: item.name,
        status: String(item.status ?? ''),
        ...(Array.isArray(item.exceptions) ? { exceptions: item.exceptions.map(String) } : {}),
      }
    : undefined;

const readTag = (item: Record<string, unknown>): ConversionTag | undefined =>
  typeof item.id === 'string' || typeof item.id === 'number'
    ? { id: String(item.id), ...(typeof item.name === 'string' ? { name: item.name } : {}), ...(typeof item.status === 'string' ? { status: item.status } : {}) }
    : undefined;

export interface AdAccountClient {
  readonly baseUrl: string;
  listDefinedEvents(adAccountId: string): Promise<ApiAnswer<{ items: AdvertiserDefinedEventItem[] }>>;
  defineEvents(adAccountId: string, events: readonly AdvertiserDefinedEventItem[]): Promise<ApiAnswer<{ items: ProcessingRecord[] }>>;
  listConversionTags(adAccountId: string): Promise<ApiAnswer<{ items: ConversionTag[] }>>;
}

export function createAdAccountClient(options: AdAccountClientOptions): AdAccountClient {
  const baseUrl = options.baseUrl ?? DEFAULT_PINTEREST_API_URL;
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? DEFAULT_PINTEREST_TIMEOUT_MS;

  async function call<T>(request: ApiCall, read: (body: unknown) => T | undefined): Promise<ApiAnswer<T>> {
    let response: Response;
    let text: string;
    try {
      response = await doFetch(request.url, {
        method: request.method,
        headers: { accept: 'application/json', authorization: `Bearer ${options.token}`, ...(request.body ? { 'content-type': 'application/json' } : {}) },
        ...(request.body ? { body: JSON.stringify(request.body) } : {}),
        signal: AbortSignal.timeout(timeoutMs),
      });
      text = await response.text();
    } catch (error) {
      const err = error as Error & { cause?: { code?: string } };
      return { ok: false, message: err.name === 'TimeoutError' ? 'request timed out' : `${err.message}${err.cause?.code ? `: ${err.cause.code}` : ''}` };
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    if (!response.ok) {
      const code = isRecord(body) && typeof body.code === 'number' ? body.code : undefined;
      const message = isRecord(body) && typeof body.message === 'string' ? body.message : text.slice(0, 200) || `HTTP ${response.status}`;
      return { ok: false, status: response.status, ...(code !== undefined ? { code } : {}), message };
    }
    const parsed = read(body);
    return parsed === undefined ? { ok: false, status: response.status, message: 'unexpected answer: no "items" array' } : { ok: true, status: response.status, body: parsed };
  }

  return {
    baseUrl,
    listDefinedEvents: (adAccountId) => call(listDefinedEventsCall(baseUrl, adAccountId), (b) => items(b, readDefined)),
    defineEvents: (adAccountId, events) => call(defineEventsCall(baseUrl, adAccountId, events), (b) => items(b, readRecord)),
    listConversionTags: (adAccountId) => call(listConversionTagsCall(baseUrl, adAccountId), (b) => items(b, readTag)),
  };
}
