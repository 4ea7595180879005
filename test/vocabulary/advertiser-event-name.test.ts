import fc from 'fast-check';
import {
  isAdvertiserEventName,
  MAPPABLE_STANDARD_EVENTS,
  mappedConversionType,
  toAdvertiserEventName,
} from '../../lib/vocabulary/advertiser-event-name';

describe('toAdvertiserEventName', () => {
  test.each([
    ['Button Clicked', 'button_clicked'],
    ['button_clicked', 'button_clicked'],
    ['Order.Shipped 🚚', 'order_shipped'],
    ['  Coupon   Applied  ', 'coupon_applied'],
    ['Wishlist-Shared', 'wishlist-shared'],
    ['Crème Brûlée Ordered', 'creme_brulee_ordered'],
    ['Zoe\u0308 Signed', 'zoe_signed'],
    ['ＡＢＣ Full Width', 'abc_full_width'],
    ['Step #2: Done!', 'step_2_done'],
    ['注文 Completed', 'completed'],
    ['__x__', 'x'],
  ])('%j → %j', (input, expected) => {
    expect(toAdvertiserEventName(input)).toBe(expected);
  });

  test.each([['🍜'], ['🍜 🎉'], ['注文完了'], ['𠮷野'], ['...'], [''], ['   ']])('%j has nothing to keep → undefined', (input) => {
    expect(toAdvertiserEventName(input)).toBeUndefined();
  });

  test('cuts to 100 characters without a trailing _', () => {
    expect(toAdvertiserEventName('a'.repeat(150))).toBe('a'.repeat(100));
    expect(toAdvertiserEventName(`${'a'.repeat(99)} b`)).toBe('a'.repeat(99));
  });

  test('any input gives a name Pinterest accepts, or undefined; the same input the same name; a valid name maps to itself', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 300 }), fc.string({ unit: 'binary', maxLength: 300 })), (input) => {
        const name = toAdvertiserEventName(input);
        if (name !== undefined) {
          expect(isAdvertiserEventName(name)).toBe(true);
          expect(toAdvertiserEventName(name)).toBe(name);
        }
        expect(toAdvertiserEventName(input)).toBe(name);
      }),
      { numRuns: 500 },
    );
  });

  test('runs in linear time on hostile input (a million separators)', () => {
    expect(toAdvertiserEventName(`${' .'.repeat(500_000)}x`)).toBe('x');
  });
});

describe('isAdvertiserEventName', () => {
  test.each([
    ['button_clicked', true],
    ['Button-Clicked', true],
    ['a'.repeat(100), true],
    ['a'.repeat(101), false],
    ['Button Clicked', false],
    ['order.shipped', false],
    ['', false],
    ['ramen🍜', false],
  ])('%j → %p', (name, ok) => {
    expect(isAdvertiserEventName(name)).toBe(ok);
  });
});

test('advertiser-defined events map to the 19 optimisable standard events, in upper case', () => {
  expect(MAPPABLE_STANDARD_EVENTS).toHaveLength(19);
  expect(MAPPABLE_STANDARD_EVENTS).not.toEqual(expect.arrayContaining(['custom']));
  expect(mappedConversionType('add_to_cart')).toBe('ADD_TO_CART');
});
