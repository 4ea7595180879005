import { translate } from '../support/pinterest-contract';
import type { TranslateResult } from '../../lib/pinterest/types';
import type { JsonObject } from '../../lib/segment/types';
import { NOW_MS, settingsWith, webTrack } from '../support/segment-events';

const nameOf = (result: TranslateResult) => (result.ok ? result.event.event_name : `dropped:${result.drop.reason}`);
const track = (event: string, settings = settingsWith()) => nameOf(translate(webTrack({ event }), settings, NOW_MS));
const page = (fields: JsonObject, settings = settingsWith()) =>
  translate({ ...webTrack(), type: 'page', event: undefined, ...fields }, settings, NOW_MS);

describe('event name: track', () => {
  it.each([
    ['Products Searched', 'search'],
    ['products_searched', 'search'],
    ['ProductsSearched', 'search'],
    ['Product List Filtered', 'search'],
    ['Product Added', 'add_to_cart'],
    ['product_added', 'add_to_cart'],
    ['Order Completed', 'checkout'],
    ['order completed', 'checkout'],
    ['Video Playback Started', 'watch_video'],
  ])('seed default %s → %s', (event, expected) => {
    expect(track(event)).toBe(expected);
  });

  it("applies the user's mapping first, case-insensitively and trimmed", () => {
    const settings = settingsWith({ eventMapping: { 'Signed Up': 'Signup', 'Order Completed': 'Lead' } });
    expect(track('  signed UP ', settings)).toBe('signup');
    expect(track('Order Completed', settings)).toBe('lead');
  });

  it('sends a name that already is a Pinterest event as that event', () => {
    expect(track('Signup')).toBe('signup');
    expect(track('AddToCart')).toBe('add_to_cart');
    expect(track('lead', settingsWith({ unmappedEvents: 'drop' }))).toBe('lead');
  });

  it.each([
    [' Coupon Applied ', 'coupon_applied'],
    ['Order.Shipped 🚚', 'order_shipped'],
    ['Crème Brûlée Ordered', 'creme_brulee_ordered'],
    ['x'.repeat(140), 'x'.repeat(100)],
  ])('unmappedEvents partner (default) sends %j as the advertiser-defined name %j', (event, expected) => {
    expect(track(event)).toBe(expected);
  });

  it('partner mode: a normalised name that spells a standard event is that event', () => {
    expect(track('Page Visit!')).toBe('page_visit');
  });

  it('partner mode: a name with nothing Pinterest allows (only emoji) is skipped as unmapped, with the reason', () => {
    const result = translate(webTrack({ event: '🍜 🎉' }), settingsWith(), NOW_MS);
    expect(result).toEqual({ ok: false, drop: { reason: 'unmapped_event', message: expect.stringContaining('no letters or digits') } });
    expect(result.ok || result.drop.message).toContain('map it in eventMapping');
  });

  it('advertiserDefinedEvents are sent under their advertiser-defined name in every unmappedEvents mode', () => {
    for (const unmappedEvents of ['partner', 'custom', 'drop']) {
      const settings = settingsWith({ unmappedEvents, advertiserDefinedEvents: { 'Button Clicked': 'Lead' } });
      expect(track(' button clicked ', settings)).toBe('button_clicked');
    }
  });

  it('unmappedEvents custom sends custom', () => {
    expect(track('Coupon Applied', settingsWith({ unmappedEvents: 'custom' }))).toBe('custom');
  });

  it('unmappedEvents drop drops with unmapped_event and names the event', () => {
    const result = translate(webTrack({ event: 'Coupon Applied' }), settingsWith({ unmappedEvents: 'drop' }), NOW_MS);
    expect(result).toEqual({
      ok: false,
      drop: { reason: 'unmapped_event', message: 'track event "Coupon Applied" has no Pinterest mapping and unmappedEvents is "drop"' },
    });
  });

  it.each([[undefined], [''], ['   '], [42], [null], [['Order Completed']]])('drops a track whose event is %p as invalid_event', (event) => {
    const result = translate(webTrack({ event }), settingsWith(), NOW_MS);
    expect(result.ok || result.drop.reason).toBe('invalid_event');
  });
});

describe('event name: page and screen', () => {
  it('page without category → page_visit', () => {
    expect(nameOf(page({ name: 'Home' }))).toBe('page_visit');
  });

  it('page with category (top level or properties) → view_category with content_category', () => {
    for (const fields of [{ category: 'Shoes' }, { properties: { category: 'Shoes' } }]) {
      const result = page(fields);
      expect(result.ok && [result.event.event_name, result.event.custom_data?.content_category]).toEqual(['view_category', 'Shoes']);
    }
  });

  it('screen → page_visit', () => {
    const result = translate({ ...webTrack(), type: 'screen', event: undefined, name: 'Cart' }, settingsWith(), NOW_MS);
    expect(nameOf(result)).toBe('page_visit');
  });

  it("a page or screen whose name is in the user's mapping uses it", () => {
    const settings = settingsWith({ eventMapping: { Pricing: 'Lead' } });
    expect(nameOf(page({ name: 'pricing' }, settings))).toBe('lead');
    const screen = translate({ ...webTrack(), type: 'screen', event: undefined, name: 'Pricing' }, settings, NOW_MS);
    expect(nameOf(screen)).toBe('lead');
    const categorised = page({ name: 'Pricing', category: 'Plans' }, settings);
    expect(categorised.ok && [categorised.event.event_name, categorised.event.custom_data?.content_category]).toEqual(['lead', 'Plans']);
  });
});

describe('event types', () => {
  it.each(['identify', 'group', 'alias', 'delete', 'Identify', 'something_new'])('%s → unsupported_type', (type) => {
    const result = translate(webTrack({ type }), settingsWith(), NOW_MS);
    expect(result.ok || result.drop.reason).toBe('unsupported_type');
  });

  it('accepts the type in any case', () => {
    expect(nameOf(translate(webTrack({ type: ' TRACK ' }), settingsWith(), NOW_MS))).toBe('checkout');
  });

  it('drops an event without type, or a non-object, as invalid_event', () => {
    for (const event of [webTrack({ type: undefined }), webTrack({ type: 5 }), null, 'track', 42, [webTrack()]]) {
      const result = translate(event, settingsWith(), NOW_MS);
      expect(result.ok || result.drop.reason).toBe('invalid_event');
    }
  });
});

describe('integrations opt-out', () => {
  const reasonWith = (integrations: unknown) => {
    const result = translate(webTrack({ integrations }), settingsWith(), NOW_MS);
    return result.ok ? 'sent' : result.drop.reason;
  };

  it('drops when "Pinterest Tag" is false', () => {
    expect(reasonWith({ 'Pinterest Tag': false })).toBe('disabled_by_integrations');
    expect(reasonWith({ All: true, 'Pinterest Tag': false })).toBe('disabled_by_integrations');
  });

  it('drops when All is false and "Pinterest Tag" is not truthy', () => {
    expect(reasonWith({ All: false })).toBe('disabled_by_integrations');
    expect(reasonWith({ All: false, 'Pinterest Tag': 0 })).toBe('disabled_by_integrations');
  });

  it('sends when "Pinterest Tag" turns it back on, or nothing opts out', () => {
    expect(reasonWith({ All: false, 'Pinterest Tag': true })).toBe('sent');
    expect(reasonWith({ All: false, 'Pinterest Tag': { some: 'option' } })).toBe('sent');
    expect(reasonWith({ 'Facebook Pixel': false })).toBe('sent');
    expect(reasonWith({})).toBe('sent');
    expect(reasonWith('not an object')).toBe('sent');
  });
});
