/**
 * Segment's event spec, as far as this project reads it. Everything is optional because events
 * arrive from the outside: validation (ingest) and translation (worker) both read defensively.
 */
export const SEGMENT_TYPES = ['track', 'page', 'screen', 'identify', 'group', 'alias', 'delete'] as const;
export type SegmentType = (typeof SEGMENT_TYPES)[number];

/** Types that never become a Pinterest event: accepted at ingest, counted as ignored. */
export const IGNORED_TYPES: readonly SegmentType[] = ['identify', 'group', 'alias', 'delete'];

export type JsonObject = { [key: string]: unknown };

export interface SegmentEvent extends JsonObject {
  type?: string;
  messageId?: string;
  event?: string;
  name?: string;
  category?: string;
  userId?: string | number | null;
  anonymousId?: string | number | null;
  timestamp?: string;
  originalTimestamp?: string;
  receivedAt?: string;
  sentAt?: string;
  properties?: JsonObject;
  traits?: JsonObject;
  context?: JsonObject;
  integrations?: JsonObject;
  channel?: string;
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
