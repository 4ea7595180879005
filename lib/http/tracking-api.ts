import { classifyBody, type ShapeResult } from './body-shape';
import { isObject } from '../segment/types';

/**
 * Segment's tracking API shape (what analytics-node, analytics.js and the mobile SDKs send to
 * api.segment.io), offered next to the webhook path: `POST /v1/batch` with `{"batch": [...]}`, and
 * one event per call on `/v1/track`, `/v1/page`, `/v1/screen`, `/v1/identify`, `/v1/group` and
 * `/v1/alias`, where the path gives the event's type when the body leaves it out.
 */
export const TRACKING_CALLS = ['batch', 'track', 'page', 'screen', 'identify', 'group', 'alias'] as const;
export type TrackingCall = (typeof TRACKING_CALLS)[number];

const CALLS: ReadonlySet<string> = new Set(TRACKING_CALLS);

/** The call a request path names (`/v1/track` → track), or undefined for any other path. */
export function trackingCallOf(path: string | undefined): TrackingCall | undefined {
  const match = path === undefined ? null : /^\/v1\/([a-z]{4,8})$/.exec(path);
  const call = match?.[1];
  return call !== undefined && CALLS.has(call) ? (call as TrackingCall) : undefined;
}

/**
 * The call of an API Gateway event: from its route key (`POST /v1/track`; unaffected by stage
 * names or custom-domain base paths in the raw path), or from the raw path where there is no route
 * (a Lambda Function URL's route key is `$default`).
 */
export function trackingCallOfEvent(routeKey: string | undefined, rawPath: string | undefined): TrackingCall | undefined {
  if (routeKey && routeKey !== '$default') return routeKey.startsWith('POST ') ? trackingCallOf(routeKey.slice(5)) : undefined;
  return trackingCallOf(rawPath);
}

export type TrackingShapeResult = ShapeResult & { stored?: string };

/**
 * The body of a tracking API call as the shape the ingest pipeline takes. For a single call whose
 * body has no `type`, the stored event is the body with the path's type added (`stored`).
 */
export function classifyTrackingBody(call: TrackingCall, value: unknown): TrackingShapeResult {
  if (call === 'batch') {
    if (!isObject(value) || !Array.isArray(value.batch)) return { ok: false, status: 400, message: '/v1/batch takes {"batch": [...]}' };
    return classifyBody(value);
  }
  if (!isObject(value) || Array.isArray(value.batch)) return { ok: false, status: 400, message: `/v1/${call} takes one event (a JSON object)` };
  if (value.type !== undefined && value.type !== call) {
    return { ok: false, status: 400, message: `/v1/${call} takes ${call} events; this one has another type (post it to its own path or to /v1/batch)` };
  }
  if (value.type === call) return { ok: true, shape: { kind: 'single', events: [value] } };
  const event = { ...value, type: call };
  return { ok: true, shape: { kind: 'single', events: [event] }, stored: JSON.stringify(event) };
}
