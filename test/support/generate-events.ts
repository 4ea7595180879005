import type { JsonObject } from '../../lib/segment/types';
import { prng } from './seeded';

/**
 * Realistic Segment events from a seed: the same seed always gives the same events, so benchmark
 * runs and property-style tests are comparable. The mix follows a shop's traffic: Order Completed
 * (1–5 products), Product Added, Products Searched, page, screen (iOS and Android apps) and a track
 * event no mapping names (sent as `partner` under the default settings). Every event carries full
 * `context.traits` (email, phone, name, address) and is timed within the hour before `nowMs`, so it
 * translates under the sample settings.
 */

export type GeneratedKind = 'order_completed' | 'product_added' | 'products_searched' | 'page' | 'screen' | 'unmapped_track';

/** Share of each kind in the stream (sums to 1). */
export const EVENT_MIX: Readonly<Record<GeneratedKind, number>> = {
  order_completed: 0.2,
  product_added: 0.2,
  products_searched: 0.1,
  page: 0.3,
  screen: 0.1,
  unmapped_track: 0.1,
};

export interface GenerateOptions {
  seed?: number;
  /** Events are timed up to an hour before this. Default 2026-11-28T12:00:00Z (the test clock). */
  nowMs?: number;
}

/** mulberry32, shared with the fault injection of the reliability tests. */
export const seededRandom = prng;

const FIRST = ['Jane', 'John', 'Amélie', 'Carlos', 'Mei', 'Olu', 'Priya', 'Sven', 'Zoë', 'Hiro'];
const LAST = ['Doe', 'Smith', 'García', 'Nguyen', 'Okafor', 'Müller', 'Kowalski', 'Tanaka', "O'Brien", 'Rossi'];
const PLACES: [city: string, state: string, zip: string, country: string][] = [
  ['San Francisco', 'CA', '94105', 'US'],
  ['New York', 'New York', '10001-1234', 'us'],
  ['St. Louis', 'MO', '63101', 'United States'],
  ['Austin', 'tx', '73301', 'US'],
  ['London', 'Greater London', 'SW1A 1AA', 'GB'],
  ['Toronto', 'ON', 'M5V 2T6', 'Canada'],
  ['Berlin', 'BE', '10115', 'DE'],
];
const PRODUCTS = [
  ['Monopoly: 3rd Edition', 'Games', 'Hasbro', 19],
  ['Uno Card Game', 'Games', 'Mattel', 3],
  ['Linen Throw Pillow', 'Home', 'Hearth & Co', 34.5],
  ['Ceramic Pour-Over Set', 'Kitchen', 'Kinto', 48],
  ['Trail Running Shoe', 'Shoes', 'Salomon', 129.99],
  ['Wool Beanie', 'Accessories', 'Patagonia', 39],
  ['Desk Lamp', 'Home', 'Ikea', 24.99],
] as const;
const SEARCHES = ['running shoes', 'linen pillow', 'board games for kids', 'pour over coffee', 'winter hat'];
const PAGES = ['Home', 'Shoes', 'Kitchen', 'Sale', 'Checkout'];
const UNMAPPED = ['Video Played', 'Coupon Applied', 'Wishlist Shared', 'Review Submitted'];
const BROWSERS = [
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1',
];

export function createEventGenerator(options: GenerateOptions = {}): () => JsonObject {
  const random = seededRandom(options.seed ?? 1);
  const nowMs = options.nowMs ?? Date.parse('2026-11-28T12:00:00Z');
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const hex = (length: number) => {
    let out = '';
    while (out.length < length) out += Math.floor(random() * 0x100000000).toString(16).padStart(8, '0');
    return out.slice(0, length);
  };
  const uuid = () => `${hex(8)}-${hex(4)}-4${hex(3)}-${pick(['8', '9', 'a', 'b'])}${hex(3)}-${hex(12)}`;
  const kinds = Object.entries(EVENT_MIX) as [GeneratedKind, number][];
  const kindOf = (): GeneratedKind => {
    let r = random();
    for (const [kind, share] of kinds) if ((r -= share) < 0) return kind;
    return 'page';
  };
  let sequence = 0;

  return () => {
    sequence++;
    const kind = kindOf();
    const first = pick(FIRST);
    const last = pick(LAST);
    const [city, state, postalCode, country] = pick(PLACES);
    const userNumber = int(1000, 99_999);
    const timeMs = nowMs - int(1_000, 3_600_000);
    const timestamp = new Date(timeMs).toISOString();
    const app = kind === 'screen';
    const ios = random() < 0.5;
    const pageUrl = `https://shop.example.com/${pick(PAGES).toLowerCase()}${random() < 0.3 ? `?epik=dj0yJnU9${hex(16)}` : ''}`;

    const traits: JsonObject = {
      email: `${random() < 0.2 ? ' ' : ''}${first}.${last}${userNumber}@Example.com`.replace(/[^\x20-\x7e]/g, 'e'),
      phone: `+1 (${int(200, 989)}) ${int(200, 999)}-${String(int(0, 9999)).padStart(4, '0')}`,
      firstName: first,
      lastName: last,
      name: `${first} ${last}`,
      address: { street: `${int(1, 999)} Market St`, city, state, postalCode, country },
    };
    if (random() < 0.5) traits.gender = pick(['female', 'male', 'F', 'M', 'non-binary']);
    if (random() < 0.5) traits.birthday = `19${int(50, 99)}-${String(int(1, 12)).padStart(2, '0')}-${String(int(1, 28)).padStart(2, '0')}`;

    const context: JsonObject = app
      ? {
          ip: `198.51.100.${int(1, 254)}`,
          locale: pick(['en-US', 'en-GB', 'de-DE', 'fr-CA']),
          traits,
          app: { name: 'Shop', version: `4.${int(0, 12)}.${int(0, 9)}`, build: String(int(100, 999)) },
          device: ios
            ? { manufacturer: 'Apple', model: 'iPhone15,2', type: 'ios', advertisingId: uuid().toUpperCase(), adTrackingEnabled: true }
            : { manufacturer: 'Google', model: 'Pixel 8', type: 'android', advertisingId: uuid(), adTrackingEnabled: random() < 0.9 },
          os: ios ? { name: 'iOS', version: '18.1' } : { name: 'Android', version: '15' },
          network: { carrier: pick(['T-Mobile', 'Verizon', 'AT&T']), wifi: random() < 0.5 },
          library: { name: ios ? 'analytics-ios' : 'analytics-android', version: '4.1.8' },
        }
      : {
          ip: `203.0.113.${int(1, 254)}`,
          userAgent: pick(BROWSERS),
          locale: pick(['en-US', 'en-GB', 'de-DE', 'fr-CA']),
          page: { path: new URL(pageUrl).pathname, referrer: 'https://www.pinterest.com/', title: 'Shop', url: pageUrl },
          traits,
          library: { name: 'analytics.js', version: 'next-1.70.0' },
        };

    const base: JsonObject = {
      messageId: `${app ? 'mobile' : 'ajs-next'}-${timeMs}-${uuid()}`,
      anonymousId: uuid(),
      userId: `user_${userNumber}`,
      timestamp,
      originalTimestamp: timestamp,
      receivedAt: timestamp,
      sentAt: timestamp,
      channel: app ? 'mobile' : 'browser',
      context,
      integrations: {},
    };
    const product = (position: number) => {
      const [name, category, brand, price] = pick(PRODUCTS);
      return { product_id: hex(24), sku: `${int(10000, 99999)}-${int(10, 99)}`, name, price, quantity: int(1, 3), category, brand, position };
    };

    switch (kind) {
      case 'order_completed': {
        const products = Array.from({ length: int(1, 5) }, (_, i) => product(i + 1));
        const subtotal = products.reduce((sum, p) => sum + p.price * p.quantity, 0);
        return {
          ...base,
          type: 'track',
          event: 'Order Completed',
          properties: {
            checkout_id: hex(20),
            order_id: `${hex(24)}-${sequence}`,
            affiliation: 'Online Store',
            total: Math.round((subtotal + 5) * 100) / 100,
            subtotal: Math.round(subtotal * 100) / 100,
            revenue: Math.round(subtotal * 100) / 100,
            shipping: 5,
            tax: 0,
            ...(random() < 0.3 ? { coupon: 'WINTER10' } : {}),
            currency: pick(['USD', 'usd', 'EUR', 'GBP']),
            products,
          },
        };
      }
      case 'product_added': {
        const p = product(1);
        return { ...base, type: 'track', event: 'Product Added', properties: { cart_id: hex(16), ...p, currency: 'USD', url: pageUrl } };
      }
      case 'products_searched':
        return { ...base, type: 'track', event: 'Products Searched', properties: { query: pick(SEARCHES) } };
      case 'page':
        return { ...base, type: 'page', name: pick(PAGES), properties: { path: new URL(pageUrl).pathname, url: pageUrl, title: 'Shop' } };
      case 'screen':
        return { ...base, type: 'screen', name: pick(['Home', 'Product Detail', 'Cart']), properties: { variant: pick(['a', 'b']) } };
      case 'unmapped_track':
        return { ...base, type: 'track', event: pick(UNMAPPED), properties: { value: int(1, 100) } };
    }
  };
}

/** `count` events from `createEventGenerator(options)`. */
export function generateEvents(count: number, options: GenerateOptions = {}): JsonObject[] {
  const next = createEventGenerator(options);
  return Array.from({ length: count }, next);
}
