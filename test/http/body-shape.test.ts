import { classifyBody, MAX_BATCH_EVENTS } from '../../lib/http/body-shape';

describe('classifyBody', () => {
  it('recognises one event, an array and {batch}', () => {
    expect(classifyBody({ type: 'track' })).toEqual({ ok: true, shape: { kind: 'single', events: [{ type: 'track' }] } });
    expect(classifyBody([{ a: 1 }, 2])).toEqual({ ok: true, shape: { kind: 'array', events: [{ a: 1 }, 2] } });
    expect(classifyBody({ batch: [{ a: 1 }], context: {} })).toEqual({ ok: true, shape: { kind: 'batch', events: [{ a: 1 }] } });
  });

  it('treats an object whose batch is not an array as one event', () => {
    expect(classifyBody({ batch: 'x' })).toMatchObject({ ok: true, shape: { kind: 'single' } });
  });

  it.each([42, 'text', null, true])('refuses a %p body with 400', (value) => {
    expect(classifyBody(value)).toEqual({ ok: false, status: 400, message: expect.stringContaining('body must be a JSON object') });
  });

  it('folds a batch-level context and integrations into every event, the event\'s own keys winning', () => {
    const result = classifyBody({
      batch: [
        { type: 'track', messageId: 'a', context: { ip: '203.0.113.9' } },
        { type: 'track', messageId: 'b', integrations: { 'Pinterest Tag': true } },
        'junk',
      ],
      context: { ip: '198.51.100.1', userAgent: 'Mozilla/5.0' },
      integrations: { All: false },
    });
    expect(result.ok && result.shape.events).toEqual([
      { type: 'track', messageId: 'a', context: { ip: '203.0.113.9', userAgent: 'Mozilla/5.0' }, integrations: { All: false } },
      { type: 'track', messageId: 'b', context: { ip: '198.51.100.1', userAgent: 'Mozilla/5.0' }, integrations: { All: false, 'Pinterest Tag': true } },
      'junk',
    ]);
  });

  it('leaves batch events untouched when the batch has no shared context or integrations', () => {
    const events = [{ type: 'track', messageId: 'a' }];
    const result = classifyBody({ batch: events });
    expect(result.ok && result.shape.events).toBe(events);
  });

  it('refuses empty batches', () => {
    expect(classifyBody([])).toEqual({ ok: false, status: 400, message: 'the array body holds no events' });
    expect(classifyBody({ batch: [] })).toEqual({ ok: false, status: 400, message: 'the batch body holds no events' });
  });

  it('refuses more events than Segment ever batches with 413', () => {
    expect(classifyBody(new Array(MAX_BATCH_EVENTS + 1).fill({}))).toEqual({
      ok: false,
      status: 413,
      message: `body holds ${MAX_BATCH_EVENTS + 1} events; the limit is ${MAX_BATCH_EVENTS} per request`,
    });
  });
});
