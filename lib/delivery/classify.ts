import type { PinterestResponse } from '../pinterest/client';
import { deadLetter, delivered, retry, type Outcome } from './outcome';

/**
 * What one Pinterest answer means for the events of the request. Pure: every rule below has a
 * unit test without a network.
 *
 * | answer                                   | verdict                                          |
 * |------------------------------------------|--------------------------------------------------|
 * | 200 / 422 with per-event `events[]`      | per event: processed → delivered, failed →       |
 * |                                          | pinterest_rejected, anything else → retry        |
 * | 2xx without per-event results            | all delivered if num_events_processed says so,   |
 * |                                          | else transient (resending is harmless: event_id) |
 * | 400 / 413 / 422 without details          | several events → split (bisect); one event →     |
 * |                                          | pinterest_rejected                               |
 * | 401 / 403                                | auth: the source is paused (may be a rotation)   |
 * | 404                                      | all pinterest_auth (the ad account is gone)      |
 * | 429                                      | transient, at least X-RateLimit-Reset later      |
 * | 5xx, 408, other statuses, timeouts,      | transient                                        |
 * | network errors                           |                                                  |
 */
export type ChunkVerdict =
  | { kind: 'perEvent'; outcomes: Outcome[] }
  | { kind: 'split'; detail: string }
  | { kind: 'final'; outcome: Outcome }
  | { kind: 'transient'; detail: string; cause: 'pinterest_unavailable' | 'rate_limited'; minDelaySeconds?: number }
  | { kind: 'auth'; detail: string };

const AUTH_STATUSES = new Set([401, 403]);
const SPLIT_STATUSES = new Set([400, 413, 422]);

const transient = (detail: string): ChunkVerdict => ({ kind: 'transient', detail, cause: 'pinterest_unavailable' });

/** `Pinterest 400 (code 4196): Invalid request ...` */
export function describeAnswer(response: PinterestResponse): string {
  if (response.kind === 'error') {
    return response.cause === 'timeout' ? 'Pinterest request timed out' : `network error: ${response.message}`;
  }
  const code = response.code !== undefined ? ` (code ${response.code})` : '';
  return `Pinterest ${response.status}${code}${response.message ? `: ${response.message}` : ''}`;
}

export function classifyResponse(response: PinterestResponse, size: number): ChunkVerdict {
  if (response.kind === 'error') return transient(describeAnswer(response));
  const { status } = response;

  const perEventStatus = (status >= 200 && status < 300) || status === 422;
  if (perEventStatus && response.events) {
    const { events } = response;
    // Results are matched to events by position; a count that does not match cannot be trusted.
    if (events.length !== size) return transient(`Pinterest returned ${events.length} results for ${size} events (HTTP ${status})`);
    return {
      kind: 'perEvent',
      outcomes: events.map((result) => {
        if (result.status === 'processed') return delivered(result.warningMessage);
        if (result.status === 'failed') return deadLetter('pinterest_rejected', result.errorMessage ?? 'failed without an error message');
        return retry(`Pinterest answered unknown event status "${result.status.slice(0, 50)}"`);
      }),
    };
  }
  if (status >= 200 && status < 300) {
    return response.numEventsProcessed === size ? { kind: 'final', outcome: delivered() } : transient(`Pinterest answered ${status} without per-event results`);
  }
  if (SPLIT_STATUSES.has(status)) {
    const detail = describeAnswer(response);
    return size > 1 ? { kind: 'split', detail } : { kind: 'final', outcome: deadLetter('pinterest_rejected', detail) };
  }
  if (AUTH_STATUSES.has(status)) return { kind: 'auth', detail: describeAnswer(response) };
  if (status === 404) return { kind: 'final', outcome: deadLetter('pinterest_auth', describeAnswer(response)) };
  if (status === 429) {
    const wait = response.rateLimitResetSeconds;
    return { kind: 'transient', detail: describeAnswer(response), cause: 'rate_limited', ...(wait !== undefined ? { minDelaySeconds: Math.ceil(wait) } : {}) };
  }
  return transient(describeAnswer(response));
}
