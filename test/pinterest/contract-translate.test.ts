import { ContractViolation, expectPinterestAccepts, translate } from '../support/pinterest-contract';
import { NOW_MS, SAMPLE_EVENTS, sampleEvent, settingsWith, webTrack } from '../support/segment-events';

/** Every shipped sample, and Segment names of every kind, against Pinterest's published contract. */
describe("translate's output under Pinterest's contract", () => {
  const modes = ['partner', 'custom', 'drop'] as const;

  test.each(modes)('every shipped sample event, unmappedEvents %s', (unmappedEvents) => {
    const settings = settingsWith({ unmappedEvents, eventMapping: { 'Signed Up': 'Signup' } });
    const sent = SAMPLE_EVENTS.map((name) => translate(sampleEvent(name), settings, NOW_MS)).filter((r) => r.ok);
    expect(sent.length).toBeGreaterThanOrEqual(SAMPLE_EVENTS.length - 1);
  });

  test.each([
    ['Button Clicked', 'button_clicked'],
    ['Order.Shipped', 'order_shipped'],
    ['Checkout Step Viewed (2/3)', 'checkout_step_viewed_2_3'],
    ['Café ☕ Visited', 'cafe_visited'],
    ['𠮷野家 Order', 'order'],
  ])('partner name %j goes out as %j, which the contract accepts', (event, expected) => {
    const result = translate(webTrack({ event }), settingsWith(), NOW_MS);
    expect(result.ok && result.event.event_name).toBe(expected);
  });

  test('the check itself fails on what Pinterest refuses (a Segment name sent as is)', () => {
    const result = translate(webTrack(), settingsWith(), NOW_MS);
    if (!result.ok) throw new Error('expected an event');
    expect(() => expectPinterestAccepts({ ...result.event, event_name: 'Button Clicked' })).toThrow(ContractViolation);
    expect(() => expectPinterestAccepts({ ...result.event, custom_data: { coupon: 'x' } })).toThrow(/'coupon' was unexpected/);
    expect(() => expectPinterestAccepts({ ...result.event, event_time: result.event.event_time * 1000 })).toThrow(/milliseconds/);
  });
});
