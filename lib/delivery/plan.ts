import type { PinterestEvent } from '../pinterest/types';

/**
 * Group translated events by where they go (ad account, token, test mode) and cut each group into
 * requests. The worker plans each source on its own (so a slow settings read never holds back
 * another source), but the plan itself groups whatever it is given. Order within a group is kept.
 */
export interface Destination {
  adAccountId: string;
  /** Conversion token. Never logged, never part of anything but the Authorization header. */
  token: string;
  testMode: boolean;
}

export interface PlannedEvent {
  /** Index of the SQS record this event came from. */
  record: number;
  sourceId: string;
  event: PinterestEvent;
}

export interface Chunk {
  destination: Destination;
  items: PlannedEvent[];
}

/** Pinterest accepts 1 to 1000 events per request. */
export const MAX_EVENTS_PER_REQUEST = 1000;
/** In test mode Pinterest only validates the first 20 events of a request, so test requests carry 20. */
export const MAX_TEST_EVENTS_PER_REQUEST = 20;

export interface PlanOptions {
  maxEvents?: number;
  maxTestEvents?: number;
}

export function planRequests(
  items: readonly (PlannedEvent & { destination: Destination })[],
  options: PlanOptions = {},
): Chunk[] {
  const maxEvents = Math.max(1, Math.min(options.maxEvents ?? MAX_EVENTS_PER_REQUEST, MAX_EVENTS_PER_REQUEST));
  const maxTest = Math.max(1, Math.min(options.maxTestEvents ?? MAX_TEST_EVENTS_PER_REQUEST, maxEvents));
  const groups = new Map<string, { destination: Destination; items: PlannedEvent[] }>();
  for (const { destination, ...item } of items) {
    const key = JSON.stringify([destination.adAccountId, destination.testMode, destination.token]);
    let group = groups.get(key);
    if (!group) {
      group = { destination: { ...destination }, items: [] };
      groups.set(key, group);
    }
    group.items.push(item);
  }
  const chunks: Chunk[] = [];
  for (const { destination, items: grouped } of groups.values()) {
    const size = destination.testMode ? maxTest : maxEvents;
    for (let i = 0; i < grouped.length; i += size) chunks.push({ destination, items: grouped.slice(i, i + size) });
  }
  return chunks;
}

/** Split a chunk in two halves (for isolating the bad events of a rejected request). */
export function bisect(chunk: Chunk): [Chunk, Chunk] {
  const middle = Math.ceil(chunk.items.length / 2);
  return [
    { destination: chunk.destination, items: chunk.items.slice(0, middle) },
    { destination: chunk.destination, items: chunk.items.slice(middle) },
  ];
}
