import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { schemaProblems, validateEventsRequest, validatePinterestEvent } from '../../lib/pinterest/event-schema';
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

describe('the vendored contract', () => {
  const dir = join(__dirname, '../../lib/pinterest/contract');

  test('is Pinterest\'s file unmodified (its checksum is the one its README names) and travels with its license', () => {
    const bytes = readFileSync(join(dir, 'pinterest-events-openapi.json'));
    const readme = readFileSync(join(dir, 'README.md'), 'utf8');
    expect(readme).toContain(`\`${createHash('sha256').update(bytes).digest('hex')}\``);
    expect(readme).toContain('c05b18971472342ebdf4bafc15fea8a91c78bf79');
    expect(JSON.parse(bytes.toString('utf8')).$comment).toContain('commit c05b18971472342ebdf4bafc15fea8a91c78bf79');
    expect(readFileSync(join(dir, 'LICENSE'), 'utf8')).toContain('Copyright © 2021 Pinterest, Inc.');
  });
});

describe('schemaProblems (Pinterest\'s published JSON Schema alone)', () => {
  test('accepts a valid body and reads like Pinterest for unknown keys', () => {
    expect(schemaProblems({ data: [valid()] })).toEqual([]);
    expect(schemaProblems({ data: [{ ...valid(), test: true }] })).toEqual(["data[0]: Additional properties are not allowed ('test' was unexpected)"]);
  });

  test('does not know the prose rules: a millisecond time or an unhashed email pass the schema', () => {
    expect(schemaProblems({ data: [{ ...valid(), event_time: 1_795_867_080_000, user_data: { em: ['jane@example.com'] } }] })).toEqual([]);
  });
});

describe('validatePinterestEvent (schema + documented rules)', () => {
  it('accepts a valid event', () => {
    expect(validatePinterestEvent(valid())).toEqual([]);
  });

  it('requires event_name, action_source, event_time, event_id and user_data', () => {
    expect(validatePinterestEvent({}).sort()).toEqual(
      ["'action_source' is a required property", "'event_id' is a required property", "'event_name' is a required property", "'event_time' is a required property", "'user_data' is a required property"],
    );
  });

  it('checks action_source and integer seconds', () => {
    expect(validatePinterestEvent({ ...valid(), action_source: 'server' })).toEqual(['action_source: must be one of web, app_android, app_ios, offline']);
    expect(validatePinterestEvent({ ...valid(), event_time: 1795867080.5 })).toEqual(["event_time: is not of type 'integer'"]);
    expect(validatePinterestEvent({ ...valid(), event_time: 1795867080000 })).toEqual(['event_time: must be Unix seconds (this looks like milliseconds)']);
  });

  it('takes the 22 standard names and advertiser-defined names, nothing else', () => {
    for (const name of ['checkout', 'add_payment_info', 'submit_application', 'button_clicked', 'Button-Clicked', 'x'.repeat(100)]) {
      expect(validatePinterestEvent({ ...valid(), event_name: name })).toEqual([]);
    }
    for (const name of ['Button Clicked', 'order.shipped', 'ramen🍜', 'x'.repeat(101), '']) {
      expect(validatePinterestEvent({ ...valid(), event_name: name })).toEqual([expect.stringMatching(/^event_name: .* is neither one of Pinterest's 22 standard event names/)]);
    }
  });

  it('rejects unknown keys at the root, in custom_data and in contents, like Pinterest', () => {
    const event = valid();
    expect(validatePinterestEvent({ ...event, test: true })).toEqual(["Additional properties are not allowed ('test' was unexpected)"]);
    expect(validatePinterestEvent({ ...event, custom_data: { ...event.custom_data, coupon: 'x', tax: 1 } })).toEqual([
      "custom_data: Additional properties are not allowed ('coupon', 'tax' were unexpected)",
    ]);
    expect(validatePinterestEvent({ ...event, custom_data: { contents: [{ id: 'p', sku: 's' }] } })).toEqual([
      "custom_data.contents[0]: Additional properties are not allowed ('sku' was unexpected)",
    ]);
  });

  it('accepts unknown keys in user_data', () => {
    expect(validatePinterestEvent({ ...valid(), user_data: { em: [HASH], something_new: 1 } })).toEqual([]);
  });

  it('wants string value and item_price holding decimals, integer num_items and quantity', () => {
    expect(
      validatePinterestEvent({ ...valid(), custom_data: { value: 25, num_items: 1.5, contents: [{ item_price: 19, quantity: '1' }] } }).sort(),
    ).toEqual([
      "custom_data.contents[0].item_price: is not of type 'string'",
      "custom_data.contents[0].quantity: is not of type 'integer'",
      "custom_data.num_items: is not of type 'integer'",
      "custom_data.value: is not of type 'string', 'null'",
    ]);
    expect(validatePinterestEvent({ ...valid(), custom_data: { value: '1e3', currency: 'usd' } })).toEqual([
      'custom_data.value: must be a decimal number in a string, like "18.99"',
      'custom_data.currency: must be an ISO 4217 code, like "USD"',
    ]);
  });

  it('wants hashed fields as arrays of lowercase 64-hex', () => {
    expect(validatePinterestEvent({ ...valid(), user_data: { em: [HASH.toUpperCase()] } })).toEqual([
      'user_data.em[0]: must be a lowercase hex SHA-256 (64 characters)',
    ]);
    expect(validatePinterestEvent({ ...valid(), user_data: { em: HASH } })).toEqual(["user_data.em: is not of type 'array'"]);
    expect(validatePinterestEvent({ ...valid(), user_data: { em: [HASH], ph: ['+1 555'] } })).toEqual([
      'user_data.ph[0]: must be a lowercase hex SHA-256 (64 characters)',
    ]);
  });

  it('applies the identifier rule: em, hashed_maids, or IP and user agent together', () => {
    const rule = 'user_data: needs em, or hashed_maids, or client_ip_address and client_user_agent';
    expect(validatePinterestEvent({ ...valid(), user_data: { ph: [HASH] } })).toEqual([rule]);
    expect(validatePinterestEvent({ ...valid(), user_data: { client_ip_address: '203.0.113.1' } })).toEqual([rule]);
    expect(validatePinterestEvent({ ...valid(), user_data: { client_ip_address: '203.0.113.1', client_user_agent: 'ua' } })).toEqual([]);
    expect(validatePinterestEvent({ ...valid(), user_data: { hashed_maids: [HASH] } })).toEqual([]);
    expect(validatePinterestEvent({ ...valid(), user_data: { client_ip_address: '0.0.0.0', client_user_agent: 'ua' } })).toEqual([
      'user_data.client_ip_address: 0.0.0.0 is not an address Pinterest accepts',
    ]);
  });

  it('checks the language code', () => {
    expect(validatePinterestEvent({ ...valid(), language: 'en' })).toEqual([]);
    expect(validatePinterestEvent({ ...valid(), language: 'en-US' })).toEqual(['language: must be a 2-letter ISO 639-1 code, like "en"']);
  });

  it('answers non-objects with one problem', () => {
    expect(validatePinterestEvent(null)).toEqual(["is not of type 'object'"]);
  });
});

describe('validateEventsRequest', () => {
  it('checks the data array size and each event with its index', () => {
    expect(validateEventsRequest({ data: [valid()] })).toEqual([]);
    expect(validateEventsRequest({ data: [] })).toEqual(['data: must hold at least 1 item']);
    expect(validateEventsRequest({ data: Array.from({ length: 1001 }, valid) })).toEqual(['data: must hold at most 1000 items']);
    expect(validateEventsRequest({ data: [valid(), { ...valid(), event_time: '1' }] })).toEqual(["data[1].event_time: is not of type 'integer'"]);
    expect(validateEventsRequest({ data: [valid(), { ...valid(), event_time: 1795867080000 }] })).toEqual([
      'data[1].event_time: must be Unix seconds (this looks like milliseconds)',
    ]);
    expect(validateEventsRequest({ data: [valid()], extra: 1 })).toEqual(["Additional properties are not allowed ('extra' was unexpected)"]);
    expect(validateEventsRequest({})).toEqual(["'data' is a required property"]);
  });
});
