import { isObject, type JsonObject } from '../segment/types';

/**
 * The three bodies Segment sends: one event (classic Webhooks), a JSON array of events (Webhooks
 * Actions batch mode) or `{"batch": [...]}` (Segment's HTTP API batch shape, whose top-level
 * `context` and `integrations` are folded into each event).
 */
export type BodyShape =
  | { kind: 'single'; events: [unknown] }
  | { kind: 'array'; events: unknown[] }
  | { kind: 'batch'; events: unknown[] };

/** Segment's Webhooks Actions batches hold at most 4000 events. */
export const MAX_BATCH_EVENTS = 4000;

export type ShapeResult = { ok: true; shape: BodyShape } | { ok: false; status: 400 | 413; message: string };

/**
 * In Segment's batch shape, a top-level `context` and `integrations` apply to every event of the
 * batch (the event's own keys win). Folding them in keeps the stored event complete: the IP and
 * user agent that identify it, and an `integrations` opt-out that must stop it.
 */
function withBatchDefaults(batch: JsonObject): unknown[] {
  const events = batch.batch as unknown[];
  const shared = (['context', 'integrations'] as const).filter((key) => isObject(batch[key]) && Object.keys(batch[key]).length > 0);
  if (shared.length === 0) return events;
  return events.map((event) => {
    if (!isObject(event)) return event;
    const merged: JsonObject = { ...event };
    for (const key of shared) merged[key] = { ...(batch[key] as JsonObject), ...(isObject(event[key]) ? event[key] : {}) };
    return merged;
  });
}

export function classifyBody(value: unknown): ShapeResult {
  let shape: BodyShape;
  if (Array.isArray(value)) shape = { kind: 'array', events: value };
  else if (isObject(value) && Array.isArray(value.batch)) shape = { kind: 'batch', events: withBatchDefaults(value) };
  else if (isObject(value)) shape = { kind: 'single', events: [value] };
  else {
    return { ok: false, status: 400, message: 'body must be a JSON object (one event), an array of events, or {"batch": [...]}' };
  }
  if (shape.events.length === 0) return { ok: false, status: 400, message: `the ${shape.kind} body holds no events` };
  if (shape.events.length > MAX_BATCH_EVENTS) {
    return { ok: false, status: 413, message: `body holds ${shape.events.length} events; the limit is ${MAX_BATCH_EVENTS} per request` };
  }
  return { ok: true, shape };
}
