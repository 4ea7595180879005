import fc from 'fast-check';
import { validatePinterestEvent } from '../../lib/pinterest/event-schema';
import { translate } from '../../lib/pinterest/translate';
import { CUSTOM_DATA_KEYS, type TranslateResult } from '../../lib/pinterest/types';
import { DROP_REASONS } from '../../lib/reasons';
import { parseSourceSettings, type SourceSettings } from '../../lib/settings/schema';
import { NOW_MS, sampleSettings } from '../support/segment-events';

// Modest run counts: these suites guard invariants, the unit tests pin the rules.
const RUNS = { numRuns: 500 };
const PII_EMAIL = 'pii-marker-7f3a@example.com';
const PII_PHONE = '+1 (555) 010-9999';

const anything = fc.jsonValue({ maxDepth: 2 });
const hostileKey = fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty');
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.oneof({ weight: 4, arbitrary: arb }, { weight: 1, arbitrary: anything });
const isoAround = fc
  .date({ min: new Date(NOW_MS - 8 * 86_400_000), max: new Date(NOW_MS + 86_400_000), noInvalidDate: true })
  .map((d) => d.toISOString());
const numberish = fc.oneof(fc.double({ noNaN: false }), fc.integer(), fc.constantFrom('18.99', ' 25 ', '1e3', '$5', '', '-0.5'));

const product = fc.record(
  {
    product_id: maybe(fc.oneof(fc.string(), fc.integer())),
    sku: maybe(fc.string()),
    id: maybe(fc.string()),
    name: maybe(fc.string()),
    price: maybe(numberish),
    quantity: maybe(fc.oneof(fc.integer({ min: -2, max: 10 }), fc.constantFrom('2', 'x', 1.5))),
    category: maybe(fc.string()),
    brand: maybe(fc.string()),
  },
  { requiredKeys: [] },
);

const traits = fc.record(
  {
    email: maybe(fc.oneof(fc.emailAddress(), fc.constant(PII_EMAIL), fc.array(fc.emailAddress(), { maxLength: 3 }))),
    phone: maybe(fc.oneof(fc.constant(PII_PHONE), fc.string())),
    firstName: maybe(fc.string()),
    last_name: maybe(fc.string()),
    gender: maybe(fc.constantFrom('female', 'M', 'non-binary', 'other')),
    birthday: maybe(fc.oneof(isoAround, fc.constant('19900517'), fc.string())),
    address: maybe(
      fc.record(
        { city: maybe(fc.string()), state: maybe(fc.string()), postal_code: maybe(fc.string()), zip: maybe(fc.integer()), country: maybe(fc.string()) },
        { requiredKeys: [] },
      ),
    ),
  },
  { requiredKeys: [] },
);

const context = fc.record(
  {
    ip: maybe(fc.oneof(fc.ipV4(), fc.ipV6(), fc.constant('0.0.0.0'))),
    userAgent: maybe(fc.string({ minLength: 1 })),
    locale: maybe(fc.constantFrom('en-US', 'de', 'xx_YY', 'english', '')),
    traits: maybe(traits),
    page: maybe(fc.record({ url: maybe(fc.oneof(fc.webUrl({ withQueryParameters: true }), fc.string().map((s) => `https://x.example/?epik=${s}`))) })),
    device: maybe(
      fc.record(
        { advertisingId: maybe(fc.uuid()), adTrackingEnabled: maybe(fc.boolean()), type: maybe(fc.constantFrom('ios', 'android', 'tv')), model: maybe(fc.string()) },
        { requiredKeys: [] },
      ),
    ),
    os: maybe(fc.record({ name: maybe(fc.constantFrom('iOS', 'iPadOS', 'Android', 'Windows')), version: maybe(fc.string()) }, { requiredKeys: [] })),
    app: maybe(fc.record({ name: maybe(fc.string()), version: maybe(fc.oneof(fc.string(), fc.integer())) }, { requiredKeys: [] })),
    network: maybe(fc.record({ carrier: maybe(fc.string()), wifi: maybe(fc.boolean()) }, { requiredKeys: [] })),
  },
  { requiredKeys: ['ip', 'userAgent'] },
);

const properties = fc
  .tuple(
    fc.record(
      {
        revenue: maybe(numberish),
        value: maybe(numberish),
        total: maybe(numberish),
        price: maybe(numberish),
        quantity: maybe(numberish),
        currency: maybe(fc.constantFrom('usd', 'EUR', 'dollars')),
        order_id: maybe(fc.string()),
        query: maybe(fc.string()),
        products: maybe(fc.array(maybe(product), { maxLength: 4 })),
        product_id: maybe(fc.string()),
        category: maybe(fc.string()),
        click_id: maybe(fc.string()),
        opt_out_type: maybe(fc.constantFrom('LDP', 'ldp', 'other')),
        action_source: maybe(fc.constantFrom('web', 'offline', 'app_ios', 'server')),
        email: maybe(fc.emailAddress()),
        myObject: maybe(fc.record({ contentBrand: maybe(fc.string()) }, { requiredKeys: [] })),
      },
      { requiredKeys: [] },
    ),
    fc.dictionary(fc.oneof(hostileKey, fc.string()), anything, { maxKeys: 3 }),
  )
  .map(([known, extra]) => ({ ...extra, ...known }));

const segmentLike = fc.record(
  {
    type: fc.oneof({ weight: 6, arbitrary: fc.constantFrom('track', 'page', 'screen') }, { weight: 2, arbitrary: fc.constantFrom('identify', 'group', 'alias', 'Track') }, { weight: 1, arbitrary: anything }),
    event: maybe(
      fc.oneof(
        fc.constantFrom('Order Completed', 'products_searched', 'Product Added', 'Signed Up', 'Coupon Applied', '', ' Lead ', 'Ramen 🍜 Ordered', '🍜', 'Crème Brûlée'),
        // Any Segment name: partner mode must still send a name Pinterest accepts (or skip it).
        fc.string({ unit: 'grapheme', maxLength: 120 }),
      ),
    ),
    name: maybe(fc.string()),
    category: maybe(fc.string()),
    messageId: maybe(fc.uuid()),
    userId: maybe(fc.oneof(fc.string(), fc.integer(), fc.constant(null))),
    timestamp: maybe(isoAround),
    originalTimestamp: maybe(isoAround),
    channel: maybe(fc.constantFrom('server', 'mobile', 'browser')),
    context: maybe(context),
    traits: maybe(traits),
    properties: maybe(properties),
    integrations: fc.oneof(
      { weight: 5, arbitrary: fc.constant({}) },
      { weight: 1, arbitrary: maybe(fc.record({ All: maybe(fc.boolean()), 'Pinterest Tag': maybe(fc.boolean()) }, { requiredKeys: [] })) },
    ),
  },
  // Mostly well-formed events, so that most runs reach the field rules rather than an early drop.
  { requiredKeys: ['type', 'event', 'messageId', 'timestamp', 'context'] },
);

const settingsArb: fc.Arbitrary<SourceSettings> = fc
  .record(
    {
      eventMapping: fc.dictionary(fc.constantFrom('Signed Up', 'Order Completed', 'Coupon Applied', 'Home'), fc.constantFrom('Signup', 'lead', 'Custom', 'AddToCart')),
      customProperties: fc.array(
        fc.oneof(
          fc.constantFrom('myObject.contentBrand', 'properties.content_name', 'category'),
          fc.record({ property: fc.constantFrom('revenue', 'quantity', 'products', '__proto__', 'myObject', 'email'), target: fc.constantFrom(...CUSTOM_DATA_KEYS) }),
        ),
        { maxLength: 4 },
      ),
      unmappedEvents: fc.constantFrom('partner', 'custom', 'drop'),
      eventIdPath: fc.oneof({ weight: 8, arbitrary: fc.constant('messageId') }, { weight: 1, arbitrary: fc.constantFrom('properties.order_id', 'constructor.name') }),
      sendExternalId: fc.boolean(),
      actionSource: fc.constantFrom(null, 'web', 'app_android', 'app_ios', 'offline'),
      limitedDataProcessing: fc.boolean(),
    },
    { requiredKeys: [] },
  )
  .map((doc) => {
    const parsed = parseSourceSettings({ tagId: '2614759966035', adAccountId: '549755885175', ...doc });
    if (!parsed.ok) throw new Error(parsed.errors.join('; '));
    return parsed.settings;
  });

function checkResult(result: TranslateResult): void {
  if (result.ok) {
    // Pinterest's published schema (ajv) plus the rules its docs state in prose.
    expect(validatePinterestEvent(result.event)).toEqual([]);
    // What goes over the wire is JSON: nothing may be lost or changed by serialising it.
    expect(JSON.parse(JSON.stringify(result.event))).toEqual(result.event);
  } else {
    expect(DROP_REASONS).toContain(result.drop.reason);
    expect(typeof result.drop.message).toBe('string');
    expect(result.drop.message.length).toBeGreaterThan(0);
    expect(result.drop.message).not.toContain('pii-marker');
    expect(result.drop.message).not.toContain('010-9999');
  }
}

describe('translate (properties)', () => {
  it('never throws on arbitrary JSON and answers with an event or a coded drop', () => {
    const settings = sampleSettings();
    fc.assert(
      fc.property(anything, (input) => {
        checkResult(translate(input, settings, NOW_MS));
      }),
      RUNS,
    );
  });

  it('on Segment-like events with any settings: valid Pinterest events or coded drops, no PII in messages', () => {
    fc.assert(
      fc.property(segmentLike, settingsArb, (event, settings) => {
        checkResult(translate(event, settings, NOW_MS));
      }),
      RUNS,
    );
  });

  it('is deterministic and leaves its input untouched', () => {
    fc.assert(
      fc.property(segmentLike, settingsArb, (event, settings) => {
        const before = JSON.stringify(event);
        const first = translate(event, settings, NOW_MS);
        expect(JSON.stringify(event)).toBe(before);
        expect(translate(event, settings, NOW_MS)).toEqual(first);
      }),
      { numRuns: 100 },
    );
  });

  it('never pollutes Object.prototype', () => {
    const settings = sampleSettings();
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 3 }), (value) => {
        // Computed keys make "__proto__" an own property, as JSON.parse does.
        const text = JSON.stringify({ type: 'track', event: 'x', messageId: 'm', timestamp: '2026-11-28T11:59:00Z', ['__proto__']: value, properties: { ['__proto__']: value, constructor: value } });
        expect(text).toContain('"__proto__"');
        translate(JSON.parse(text), settings, NOW_MS);
        expect(Object.keys(Object.prototype)).toEqual([]);
      }),
      { numRuns: 100 },
    );
  });
});
