import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { randomUUID } from 'node:crypto';
import { trackingCallOf } from '../http/tracking-api';

/**
 * What API Gateway (HTTP API, payload format 2.0) hands the ingest function for one HTTP request,
 * built the way the service builds it: header names lower-cased and repeated headers joined with
 * commas, cookies apart, path parameters URL-decoded, the body as text for textual content types
 * and base64 otherwise. Only the deployed routes match (the webhook path and Segment's tracking API
 * paths); anything else is API Gateway's own 404.
 */
export const INGEST_ROUTE_KEY = 'POST /v1/sources/{sourceId}/events';
const ROUTE = /^\/v1\/sources\/([^/]+)\/events$/;
const TEXT_TYPES = /^(?:text\/|application\/(?:[\w.+-]+\+)?(?:json|xml|x-www-form-urlencoded|javascript))/i;

export interface HttpRequestLike {
  method: string;
  /** Path and query as received, e.g. /v1/sources/demo/events?x=1 */
  url: string;
  /** Raw header pairs in order (Node's `rawHeaders` flattened: name, value, name, value…). */
  rawHeaders: readonly string[];
  body: Buffer;
  sourceIp: string;
  protocol?: string;
}

function formatRequestTime(date: Date): string {
  // 28/Nov/2026:10:00:05 +0000
  const month = date.toLocaleString('en-US', { month: 'short', timeZone: 'UTC' });
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(date.getUTCDate())}/${month}/${date.getUTCFullYear()}:${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`;
}

function decodeSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/** The event for the ingest route, or undefined when API Gateway would answer 404 itself. */
export function toApiGatewayEvent(request: HttpRequestLike, now: Date = new Date()): APIGatewayProxyEventV2 | undefined {
  const queryAt = request.url.indexOf('?');
  const rawPath = queryAt === -1 ? request.url : request.url.slice(0, queryAt);
  const rawQueryString = queryAt === -1 ? '' : request.url.slice(queryAt + 1);
  const match = ROUTE.exec(rawPath);
  const sourceId = match ? decodeSegment(match[1] as string) : undefined;
  const trackingCall = match ? undefined : trackingCallOf(rawPath);
  if (request.method.toUpperCase() !== 'POST' || (sourceId === undefined && trackingCall === undefined)) return undefined;
  const routeKey = trackingCall ? `POST /v1/${trackingCall}` : INGEST_ROUTE_KEY;

  const headers: Record<string, string> = {};
  const cookies: string[] = [];
  for (let i = 0; i + 1 < request.rawHeaders.length; i += 2) {
    const name = (request.rawHeaders[i] as string).toLowerCase();
    const value = request.rawHeaders[i + 1] as string;
    if (name === 'cookie') cookies.push(...value.split(/;\s*/).filter(Boolean));
    else headers[name] = name in headers ? `${headers[name]},${value}` : value;
  }

  const queryStringParameters: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(rawQueryString)) {
    queryStringParameters[key] = key in queryStringParameters ? `${queryStringParameters[key]},${value}` : value;
  }

  const isText = request.body.length === 0 || TEXT_TYPES.test(headers['content-type'] ?? '');
  const userAgent = headers['user-agent'] ?? '';
  return {
    version: '2.0',
    routeKey,
    rawPath,
    rawQueryString,
    ...(cookies.length ? { cookies } : {}),
    headers,
    ...(rawQueryString ? { queryStringParameters } : {}),
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: (headers.host ?? '127.0.0.1').replace(/:\d+$/, ''),
      domainPrefix: 'local',
      http: { method: 'POST', path: rawPath, protocol: request.protocol ?? 'HTTP/1.1', sourceIp: request.sourceIp, userAgent },
      requestId: randomUUID(),
      routeKey,
      stage: '$default',
      time: formatRequestTime(now),
      timeEpoch: now.getTime(),
    },
    ...(sourceId !== undefined ? { pathParameters: { sourceId } } : {}),
    ...(request.body.length ? { body: isText ? request.body.toString('utf8') : request.body.toString('base64') } : {}),
    isBase64Encoded: !isText,
  };
}
