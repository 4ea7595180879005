import type { JsonObject } from './types';

// ISO 8601 as Segment sends it; Date.parse alone also accepts forms like "1" or "March 7".
const ISO = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/i;

/** Milliseconds since the epoch of an ISO 8601 string, or undefined when it is not one. */
export function parseIsoTime(value: unknown): number | undefined {
  if (typeof value !== 'string' || !ISO.test(value.trim())) return undefined;
  const ms = Date.parse(value.trim());
  return Number.isFinite(ms) ? ms : undefined;
}

/** When the event happened: `timestamp`, else `originalTimestamp`, else `receivedAt` (Segment's precedence). */
export function eventTimeMs(event: JsonObject): number | undefined {
  return parseIsoTime(event.timestamp) ?? parseIsoTime(event.originalTimestamp) ?? parseIsoTime(event.receivedAt);
}
