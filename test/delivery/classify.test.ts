import { classifyResponse, describeAnswer } from '../../lib/delivery/classify';
import type { PinterestResponse } from '../../lib/pinterest/client';

const http = (status: number, extra: Partial<Extract<PinterestResponse, { kind: 'http' }>> = {}): PinterestResponse => ({
  kind: 'http',
  status,
  latencyMs: 5,
  ...extra,
});

describe('classifyResponse', () => {
  it('maps 200 per-event results: processed → delivered (warning kept), failed → pinterest_rejected, unknown → retry', () => {
    const verdict = classifyResponse(
      http(200, {
        events: [
          { status: 'processed' },
          { status: 'processed', warningMessage: "labeled as an 'Unknown' event" },
          { status: 'failed', errorMessage: 'Invalid event_name' },
          { status: 'failed' },
          { status: 'queued' },
        ],
      }),
      5,
    );
    expect(verdict).toEqual({
      kind: 'perEvent',
      outcomes: [
        { kind: 'delivered' },
        { kind: 'delivered', detail: "labeled as an 'Unknown' event" },
        { kind: 'deadLetter', reason: 'pinterest_rejected', detail: 'Invalid event_name' },
        { kind: 'deadLetter', reason: 'pinterest_rejected', detail: 'failed without an error message' },
        { kind: 'retry', cause: 'pinterest_unavailable', detail: 'Pinterest answered unknown event status "queued"' },
      ],
    });
  });

  it('reads a 422 with per-event details the same way', () => {
    const verdict = classifyResponse(
      http(422, { code: 953, events: [{ status: 'processed' }, { status: 'failed', errorMessage: 'Given timestamp is in the past' }] }),
      2,
    );
    expect(verdict).toEqual({
      kind: 'perEvent',
      outcomes: [{ kind: 'delivered' }, { kind: 'deadLetter', reason: 'pinterest_rejected', detail: 'Given timestamp is in the past' }],
    });
  });

  it('retries the whole request when the result count does not match the events sent', () => {
    expect(classifyResponse(http(200, { events: [{ status: 'processed' }] }), 2)).toEqual({
      kind: 'transient',
      cause: 'pinterest_unavailable',
      detail: 'Pinterest returned 1 results for 2 events (HTTP 200)',
    });
  });

  it('accepts a 2xx without events only when num_events_processed covers every event', () => {
    expect(classifyResponse(http(200, { numEventsProcessed: 3 }), 3)).toEqual({ kind: 'final', outcome: { kind: 'delivered' } });
    expect(classifyResponse(http(200, { numEventsProcessed: 2 }), 3)).toEqual({
      kind: 'transient',
      cause: 'pinterest_unavailable',
      detail: 'Pinterest answered 200 without per-event results',
    });
  });

  it('splits a multi-event 400 and rejects a single-event 400', () => {
    const bad = http(400, { code: 4196, message: 'Invalid request' });
    expect(classifyResponse(bad, 8)).toEqual({ kind: 'split', detail: 'Pinterest 400 (code 4196): Invalid request' });
    expect(classifyResponse(bad, 1)).toEqual({
      kind: 'final',
      outcome: { kind: 'deadLetter', reason: 'pinterest_rejected', detail: 'Pinterest 400 (code 4196): Invalid request' },
    });
    expect(classifyResponse(http(413), 2).kind).toBe('split');
    expect(classifyResponse(http(422, { code: 953 }), 2).kind).toBe('split');
  });

  it.each([401, 403])('answers a %i with auth: the source is paused, not dead-lettered (a token may be mid-rotation)', (status) => {
    expect(classifyResponse(http(status, { code: 2, message: 'Authentication failed.' }), 3)).toEqual({
      kind: 'auth',
      detail: `Pinterest ${status} (code 2): Authentication failed.`,
    });
  });

  it('dead-letters every event of a 404 as pinterest_auth: the ad account does not exist', () => {
    expect(classifyResponse(http(404, { code: 2, message: 'Not found' }), 3)).toEqual({
      kind: 'final',
      outcome: { kind: 'deadLetter', reason: 'pinterest_auth', detail: 'Pinterest 404 (code 2): Not found' },
    });
  });

  it('retries a 429 no sooner than X-RateLimit-Reset', () => {
    expect(classifyResponse(http(429, { code: 8, message: 'Rate limit exceeded', rateLimitResetSeconds: 41.2 }), 2)).toEqual({
      kind: 'transient',
      cause: 'rate_limited',
      detail: 'Pinterest 429 (code 8): Rate limit exceeded',
      minDelaySeconds: 42,
    });
    expect(classifyResponse(http(429), 2)).toEqual({ kind: 'transient', cause: 'rate_limited', detail: 'Pinterest 429' });
  });

  it.each([500, 502, 503, 504, 408, 418])('retries %i', (status) => {
    expect(classifyResponse(http(status), 1)).toEqual({ kind: 'transient', cause: 'pinterest_unavailable', detail: `Pinterest ${status}` });
  });

  it('retries timeouts and network errors', () => {
    expect(classifyResponse({ kind: 'error', cause: 'timeout', message: 'request timed out', latencyMs: 1 }, 3)).toEqual({
      kind: 'transient',
      cause: 'pinterest_unavailable',
      detail: 'Pinterest request timed out',
    });
    expect(classifyResponse({ kind: 'error', cause: 'network', message: 'fetch failed: ECONNRESET', latencyMs: 1 }, 3)).toEqual({
      kind: 'transient',
      cause: 'pinterest_unavailable',
      detail: 'network error: fetch failed: ECONNRESET',
    });
  });
});

describe('describeAnswer', () => {
  it('names status, code and message', () => {
    expect(describeAnswer(http(503, { code: 4197, message: 'ramped down' }))).toBe('Pinterest 503 (code 4197): ramped down');
  });
});
