import { translate } from '../../lib/pinterest/translate';
import { validateSegmentEvent } from '../../lib/segment/schema';
import { createEventGenerator, generateEvents, seededRandom } from '../support/generate-events';
import { NOW_MS, sampleSettings } from '../support/segment-events';

describe('generateEvents (seeded Segment events for benchmarks and tests)', () => {
  const events = generateEvents(500, { seed: 3, nowMs: NOW_MS });

  it('gives the same events for the same seed and different ones for another seed', () => {
    expect(generateEvents(20, { seed: 3, nowMs: NOW_MS })).toEqual(events.slice(0, 20));
    expect(generateEvents(20, { seed: 4, nowMs: NOW_MS })).not.toEqual(events.slice(0, 20));
    expect(seededRandom(9)()).toBe(seededRandom(9)());
  });

  it('mixes every kind: orders with 1–5 products, cart adds, searches, pages, screens, unmapped tracks', () => {
    const names = new Set(events.map((e) => (e.type === 'track' ? e.event : e.type)));
    for (const name of ['Order Completed', 'Product Added', 'Products Searched', 'page', 'screen']) expect(names.has(name)).toBe(true);
    expect([...names].some((n) => ['Video Played', 'Coupon Applied', 'Wishlist Shared', 'Review Submitted'].includes(n as string))).toBe(true);
    const productCounts = new Set(
      events.filter((e) => e.event === 'Order Completed').map((e) => ((e.properties as { products: unknown[] }).products).length),
    );
    expect([...productCounts].sort()).toEqual([1, 2, 3, 4, 5]);
  });

  it('gives every event full traits and makes each a valid Segment event that translates under the sample settings', () => {
    const settings = sampleSettings();
    for (const event of events) {
      const traits = (event.context as { traits: Record<string, unknown> }).traits;
      expect(Object.keys(traits)).toEqual(expect.arrayContaining(['email', 'phone', 'firstName', 'lastName', 'address']));
      expect(validateSegmentEvent(event)).toMatchObject({ ok: true });
      const result = translate(JSON.parse(JSON.stringify(event)), settings, NOW_MS);
      expect(result.ok).toBe(true);
      if (result.ok) expect(result.event.user_data.em).toHaveLength(1);
    }
  });

  it('streams: the generator continues where generateEvents would', () => {
    const next = createEventGenerator({ seed: 3, nowMs: NOW_MS });
    next();
    expect(next()).toEqual(events[1]);
  });
});
