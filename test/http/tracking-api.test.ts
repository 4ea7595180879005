import { classifyTrackingBody, trackingCallOf, trackingCallOfEvent, TRACKING_CALLS } from '../../lib/http/tracking-api';

describe('trackingCallOf', () => {
  it('names the call of each tracking API path, and nothing else', () => {
    for (const call of TRACKING_CALLS) expect(trackingCallOf(`/v1/${call}`)).toBe(call);
    for (const path of [undefined, '/', '/v1/', '/v1/tracks', '/v1/track/', '/v2/track', '/v1/sources/web/events', '/v1/Track', '/v1/import']) {
      expect(trackingCallOf(path)).toBeUndefined();
    }
  });
});

describe('trackingCallOfEvent', () => {
  it('reads the route key first (a stage or base path in the raw path does not matter), the raw path for a Function URL', () => {
    expect(trackingCallOfEvent('POST /v1/batch', '/prod/v1/batch')).toBe('batch');
    expect(trackingCallOfEvent('POST /v1/sources/{sourceId}/events', '/v1/track')).toBeUndefined();
    expect(trackingCallOfEvent('$default', '/v1/page')).toBe('page');
    expect(trackingCallOfEvent(undefined, '/v1/screen')).toBe('screen');
    expect(trackingCallOfEvent('GET /v1/batch', '/v1/batch')).toBeUndefined();
  });
});

describe('classifyTrackingBody', () => {
  it('reads /v1/batch as a {batch} body, folding the shared context in', () => {
    expect(classifyTrackingBody('batch', { batch: [{ type: 'track' }], context: { ip: '1' } })).toEqual({
      ok: true,
      shape: { kind: 'batch', events: [{ type: 'track', context: { ip: '1' } }] },
    });
  });
  it('keeps a single call with the right type as sent, and adds the type when missing', () => {
    expect(classifyTrackingBody('page', { type: 'page', name: 'Home' })).toEqual({ ok: true, shape: { kind: 'single', events: [{ type: 'page', name: 'Home' }] } });
    expect(classifyTrackingBody('page', { name: 'Home' })).toEqual({
      ok: true,
      shape: { kind: 'single', events: [{ name: 'Home', type: 'page' }] },
      stored: '{"name":"Home","type":"page"}',
    });
  });
  it('refuses the wrong shapes with 400', () => {
    expect(classifyTrackingBody('batch', [])).toMatchObject({ ok: false, status: 400 });
    expect(classifyTrackingBody('track', { batch: [] })).toMatchObject({ ok: false, status: 400 });
    expect(classifyTrackingBody('track', 'x')).toMatchObject({ ok: false, status: 400 });
    expect(classifyTrackingBody('track', { type: 'identify' })).toMatchObject({ ok: false, status: 400 });
  });
});
