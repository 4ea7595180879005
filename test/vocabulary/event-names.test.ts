import { STANDARD_EVENT_NAMES, toStandardEventName } from '../../lib/vocabulary/event-names';

describe('toStandardEventName', () => {
  it.each([
    ['AddToCart', 'add_to_cart'],
    ['add_to_cart', 'add_to_cart'],
    ['PageVisit', 'page_visit'],
    ['signup', 'signup'],
    ['Signup', 'signup'],
    [' WatchVideo ', 'watch_video'],
    ['view category', 'view_category'],
  ])('%s → %s', (input, expected) => {
    expect(toStandardEventName(input)).toBe(expected);
  });

  it('knows exactly the 22 standard names and nothing else', () => {
    expect(STANDARD_EVENT_NAMES).toHaveLength(22);
    expect(toStandardEventName('sign_up_now')).toBeUndefined();
    expect(toStandardEventName('Order Completed')).toBeUndefined();
  });
});
