import { coerceToTarget } from '../../lib/pinterest/custom-data';
import { translate } from '../support/pinterest-contract';
import type { PinterestCustomData } from '../../lib/pinterest/types';
import type { JsonObject } from '../../lib/segment/types';
import { NOW_MS, sampleEvent, sampleSettings, settingsWith, webTrack } from '../support/segment-events';

function customData(properties: JsonObject, settings = settingsWith(), overrides: JsonObject = {}): PinterestCustomData | undefined {
  const result = translate(webTrack({ properties, ...overrides }), settings, NOW_MS);
  if (!result.ok) throw new Error(`expected an event, got ${result.drop.reason}: ${result.drop.message}`);
  return result.event.custom_data;
}
const valueOf = (properties: JsonObject) => customData(properties)?.value;

describe('custom_data.value', () => {
  it('takes revenue, else value, else total', () => {
    expect(valueOf({ revenue: 25, value: 30, total: 40 })).toBe('25');
    expect(valueOf({ value: 30, total: 40 })).toBe('30');
    expect(valueOf({ total: 40.5 })).toBe('40.5');
  });

  it('else sums products price × quantity, rounded to 6 decimals', () => {
    expect(valueOf({ products: [{ price: 18.99, quantity: 2 }, { price: 0.1 }, { price: 0.2 }, { name: 'no price' }] })).toBe('38.28');
  });

  it('else price × quantity at the root (Product Added)', () => {
    expect(valueOf({ price: 18.99, quantity: 2 })).toBe('37.98');
    expect(valueOf({ price: '18.99' })).toBe('18.99');
  });

  it('writes numbers as JavaScript prints them, never with an exponent', () => {
    expect(valueOf({ revenue: 18.99 })).toBe('18.99');
    expect(valueOf({ revenue: 1e21 })).toBe('1000000000000000000000');
    expect(valueOf({ revenue: 0 })).toBe('0');
  });

  it('accepts numeric strings and skips anything else to the next source', () => {
    expect(valueOf({ revenue: ' 12.50 ' })).toBe('12.50');
    expect(valueOf({ revenue: '$12', value: 'free', total: 9 })).toBe('9');
    expect(valueOf({ revenue: null, value: {}, total: [1] })).toBeUndefined();
  });
});

describe('custom_data: the other spec fields', () => {
  it('currency is an upper-case ISO code; anything else is left out', () => {
    expect(customData({ currency: 'usd' })?.currency).toBe('USD');
    expect(customData({ currency: 'dollars' })).toBeUndefined();
  });

  it('order_id from order_id or orderId, search_string from query', () => {
    expect(customData({ order_id: 'o-1' })?.order_id).toBe('o-1');
    expect(customData({ orderId: 1234 })?.order_id).toBe('1234');
    expect(customData({ query: 'blue hotpants' })?.search_string).toBe('blue hotpants');
  });

  it('contents, content_ids and num_items from products[]', () => {
    const data = customData({
      products: [
        { product_id: 'p1', sku: 's1', price: 10, quantity: 2, name: 'One', category: 'Cat', brand: 'B' },
        { sku: 's2', price: '5.5' },
        { id: 7, quantity: '3' },
        { product_id: 'p1', quantity: 1 },
        'not a product',
        {},
      ],
    });
    expect(data).toEqual({
      value: '25.5',
      contents: [
        { id: 'p1', item_price: '10', quantity: 2, item_name: 'One', item_category: 'Cat', item_brand: 'B' },
        { id: 's2', item_price: '5.5', quantity: 1 },
        { id: '7', quantity: 3 },
        { id: 'p1', quantity: 1 },
      ],
      content_ids: ['p1', 's2', '7'],
      num_items: 7,
    });
  });

  it('one contents item from a root-level product', () => {
    const result = translate(sampleEvent('product-added'), sampleSettings(), NOW_MS);
    expect(result.ok && result.event.custom_data).toEqual({
      value: '37.98',
      currency: 'USD',
      contents: [{ id: '507f1f77bcf86cd799439011', item_price: '18.99', quantity: 2, item_name: 'Ultra Soft Tee', item_category: 'Apparel', item_brand: 'Acme' }],
      content_ids: ['507f1f77bcf86cd799439011'],
      num_items: 2,
    });
  });

  it('opt_out_type LDP from the setting or from properties.opt_out_type', () => {
    expect(customData({}, settingsWith({ limitedDataProcessing: true }))).toEqual({ opt_out_type: 'LDP' });
    expect(customData({ opt_out_type: 'ldp' })).toEqual({ opt_out_type: 'LDP' });
    expect(customData({ opt_out_type: 'something else' })).toBeUndefined();
  });

  it('is absent when empty', () => {
    expect(customData({ irrelevant: true, coupon: 'x' })).toBeUndefined();
  });
});

describe('custom_data: custom properties', () => {
  const settings = settingsWith({
    customProperties: [
      'myObject.contentBrand',
      { property: 'category_name', target: 'content_category' },
      { property: 'properties.ltv', target: 'predicted_ltv' },
      { property: 'count', target: 'num_items' },
      { property: 'skus', target: 'content_ids' },
      { property: 'flag', target: 'np' },
    ],
  });

  it('reads nested paths case-insensitively and coerces to the target type', () => {
    expect(
      customData(
        { MyObject: { ContentBrand: 'Acme' }, Category_Name: 'Tees', LTV: 120.5, count: '4', skus: ['a', 2, null], flag: true },
        settings,
      ),
    ).toEqual({ content_brand: 'Acme', content_category: 'Tees', predicted_ltv: '120.5', num_items: 4, content_ids: ['a', '2'], np: 'true' });
  });

  it('skips values that cannot be coerced', () => {
    expect(customData({ myObject: { contentBrand: { nested: 1 } }, LTV: 'lots', count: 'many', skus: [] }, settings)).toBeUndefined();
  });

  it('overrides what the spec fields produced', () => {
    const override = settingsWith({ customProperties: [{ property: 'net', target: 'value' }] });
    expect(customData({ revenue: 25, net: 20 }, override)?.value).toBe('20');
  });

  it('never writes keys outside the closed list', () => {
    const event = translate(sampleEvent('order-completed'), sampleSettings(), NOW_MS);
    const allowed = new Set(['currency', 'value', 'content_ids', 'contents', 'num_items', 'order_id', 'search_string', 'opt_out_type', 'np', 'content_name', 'content_category', 'content_brand', 'predicted_ltv']);
    expect(event.ok && Object.keys(event.event.custom_data ?? {}).filter((k) => !allowed.has(k))).toEqual([]);
  });

  it('coerceToTarget: strings for text targets, scalars wrapped for content_ids', () => {
    expect(coerceToTarget('content_ids', 'sku-1')).toEqual(['sku-1']);
    expect(coerceToTarget('content_name', 3)).toBe('3');
    expect(coerceToTarget('content_name', ['a'])).toBeUndefined();
    expect(coerceToTarget('currency', 'eur')).toBe('EUR');
    expect(coerceToTarget('num_items', 2.9)).toBe(2);
  });
});
