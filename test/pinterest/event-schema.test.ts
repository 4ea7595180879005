import { validateEventsRequest, validatePinterestEvent } from '../../lib/pinterest/event-schema';
import { sha256Hex } from '../../lib/pinterest/hash';

const HASH = sha256Hex('test@gmail.com');
const valid = () => ({
  event_name: 'checkout',
  action_source: 'web',
  event_time: 1795867080,
  event_id: 'm1',
  user_data: { em: [HASH] },
  custom_data: { value: '25', currency: 'USD', contents: [{ id: 'p1', item_price: '19', quantity: 1 }], num_items: 1 },
});

describe('validatePinterestEvent', () => {
  it('accepts a valid event', () => {
    expect(validatePinterestEvent(valid())).toEqual([]);
  });

  it('requires event_name, action_source, event_time, event_id and user_data', () => {
    expect(validatePinterestEvent({})).toEqual([
      expect.stringMatching(/^event_name: /),
      expect.stringMatching(/^action_source: /),
      expect.stringMatching(/^event_time: /),
      expect.stringMatching(/^event_id: /),
      expect.stringMatching(/^user_data: /),
    ]);
  });

  it('checks action_source and integer seconds', () => {
    expect(validatePinterestEvent({ ...valid(), action_source: 'server' })).toEqual(['action_source: must be one of web, app_android, app_ios, offline']);
    expect(validatePinterestEvent({ ...valid(), event_time: 1795867080.5 })).toEqual(['event_time: must be an integer']);
    expect(validatePinterestEvent({ ...valid(), event_time: 1795867080000 })).toEqual(['event_time: must be Unix seconds (this looks like milliseconds)']);
  });

  it('rejects unknown keys at the root, in custom_data and in contents, like Pinterest', () => {
    const event = valid();
    expect(validatePinterestEvent({ ...event, test: true })).toEqual(["Additional properties are not allowed ('test' was unexpected)"]);
    expect(validatePinterestEvent({ ...event, custom_data: { ...event.custom_data, coupon: 'x' } })).toEqual([
      "custom_data: Additional properties are not allowed ('coupon' was unexpected)",
    ]);
    expect(validatePinterestEvent({ ...event, custom_data: { contents: [{ id: 'p', sku: 's' }] } })).toEqual([
      "custom_data.contents[0]: Additional properties are not allowed ('sku' was unexpected)",
    ]);
  });

  it('accepts unknown keys in user_data', () => {
    expect(validatePinterestEvent({ ...valid(), user_data: { em: [HASH], something_new: 1 } })).toEqual([]);
  });

  it('wants string value and item_price, integer num_items and quantity', () => {
    expect(
      validatePinterestEvent({ ...valid(), custom_data: { value: 25, num_items: 1.5, contents: [{ item_price: 19, quantity: '1' }] } }),
    ).toEqual([
      'custom_data.value: must be a string holding a decimal number, like "18.99"',
      'custom_data.contents[0].item_price: must be a string holding a decimal number, like "18.99"',
      'custom_data.contents[0].quantity: must be an integer',
      'custom_data.num_items: must be an integer',
    ]);
    expect(validatePinterestEvent({ ...valid(), custom_data: { value: '1e3' } })).toEqual([
      'custom_data.value: must be a decimal number without exponent, like "18.99"',
    ]);
  });

  it('wants hashed fields as arrays of lowercase 64-hex', () => {
    expect(validatePinterestEvent({ ...valid(), user_data: { em: [HASH.toUpperCase()] } })).toEqual([
      'user_data.em[0]: must be a lowercase hex SHA-256 (64 characters)',
    ]);
    expect(validatePinterestEvent({ ...valid(), user_data: { em: HASH } })).toEqual(['user_data.em: must be an array of hashes']);
    expect(validatePinterestEvent({ ...valid(), user_data: { em: ['test@gmail.com'] } })).toHaveLength(1);
  });

  it('applies the identifier rule: em, hashed_maids, or IP and user agent together', () => {
    const rule = 'user_data: needs em, hashed_maids, or both client_ip_address and client_user_agent';
    expect(validatePinterestEvent({ ...valid(), user_data: { ph: [HASH] } })).toEqual([rule]);
    expect(validatePinterestEvent({ ...valid(), user_data: { client_ip_address: '203.0.113.1' } })).toEqual([rule]);
    expect(validatePinterestEvent({ ...valid(), user_data: { client_ip_address: '203.0.113.1', client_user_agent: 'ua' } })).toEqual([]);
    expect(validatePinterestEvent({ ...valid(), user_data: { hashed_maids: [HASH] } })).toEqual([]);
  });

  it('answers non-objects with one problem', () => {
    expect(validatePinterestEvent(null)).toEqual(['must be an event object']);
  });
});

describe('validateEventsRequest', () => {
  it('checks the data array size and each event with its index', () => {
    expect(validateEventsRequest({ data: [valid()] })).toEqual([]);
    expect(validateEventsRequest({ data: [] })).toEqual(['data: must hold at least 1 event']);
    expect(validateEventsRequest({ data: Array.from({ length: 1001 }, valid) })).toEqual(['data: must hold at most 1000 events']);
    expect(validateEventsRequest({ data: [valid(), { ...valid(), event_time: '1' }] })).toEqual(['data[1].event_time: must be an integer']);
    expect(validateEventsRequest({ data: [valid()], extra: 1 })).toEqual(["Additional properties are not allowed ('extra' was unexpected)"]);
  });
});
