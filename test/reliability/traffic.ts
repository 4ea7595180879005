import { signPayload } from '../../lib/auth/signature';
import type { Reason } from '../../lib/reasons';
import { pick, prng, weighted, type Random } from '../support/seeded';

/**
 * Seeded Segment traffic for the no-loss test: webhook deliveries (one event, an array, or
 * `{batch}`) for several sources, each event tagged with the fate the pipeline owes it. Kinds cover
 * what the issue asks for: mixed types, invalid events, events too old, events without an
 * identifier, events the destination must skip, and events Pinterest will refuse (per event, or a
 * "poison" event that makes Pinterest reject its whole request with 400).
 */

export const NOW_MS = Date.parse('2026-11-28T12:00:00.000Z');

export const SOURCES = {
  /** Healthy web shop: most of the traffic. */
  'web-shop': { adAccountId: '100001', token: 'pina_WEBSHOP_TOKEN_5f1c9a', secret: 'whsec-web-shop-7d21', share: 40 },
  /** Healthy mobile app (screens, advertising ids). */
  'mobile-app': { adAccountId: '100002', token: 'pina_MOBILE_TOKEN_0b3e44', secret: 'whsec-mobile-app-19ac', share: 25 },
  /** A blog whose settings drop unmapped track events (intentional skips). */
  blog: { adAccountId: '100003', token: 'pina_BLOG_TOKEN_c9d8e7', secret: 'whsec-blog-aa01', share: 18 },
  /** Its conversion token was revoked: Pinterest answers 401. */
  legacy: { adAccountId: '100004', token: 'pina_REVOKED_TOKEN_dead01', secret: 'whsec-legacy-3c3c', share: 9 },
  /** Has a webhook secret but no settings parameter in SSM. */
  orphan: { adAccountId: '', token: '', secret: 'whsec-orphan-0f0f', share: 8 },
} as const;
export type SourceId = keyof typeof SOURCES;
export const SOURCE_IDS = Object.keys(SOURCES) as SourceId[];

export type Kind =
  | 'order'
  | 'productAdded'
  | 'search'
  | 'signup'
  | 'page'
  | 'pageCategory'
  | 'screen'
  | 'unmapped'
  | 'identify'
  | 'group'
  | 'disabled'
  | 'tooOld'
  | 'noIdentifier'
  | 'invalid'
  | 'tooLarge'
  | 'bad'
  | 'poison';

/** Where an event must end up. `deadLetter` names the one correct reason. */
export type Fate =
  | { kind: 'delivered' }
  | { kind: 'skipped'; where: 'ingest' | 'worker'; reason: string }
  | { kind: 'rejected' }
  | { kind: 'deadLetter'; reason: Reason };

export interface GeneratedEvent {
  /** The event's messageId, or for events without one a unique trace kept in the body. */
  key: string;
  sourceId: SourceId;
  kind: Kind;
  /** The JSON value as sent (not always an object: junk is part of the traffic). */
  value: unknown;
  fate: Fate;
  /** The fate depends on Pinterest or SSM answers: retries_exhausted is a correct end too. */
  reachesWorker: boolean;
}

export interface GeneratedRequest {
  index: number;
  sourceId: SourceId;
  shape: 'single' | 'array' | 'batch';
  body: string;
  headers: Record<string, string>;
  events: GeneratedEvent[];
  /** What Segment must be answered once the request is stored. */
  expectedStatus: 200 | 400;
}

export const MAX_EVENT_BYTES = 16_384;

const FIRST = ['Jane', 'Omar', 'Mei', 'Lukas', 'Amara', 'Diego', 'Priya', 'Sven', 'Aiko', 'Noah'];
const LAST = ['Doe', 'Haddad', 'Chen', 'Becker', 'Okafor', 'García', 'Iyer', 'Lund', 'Sato', 'Smith'];
const CITIES = [
  ['San Francisco', 'CA', '94105', 'US'],
  ['Berlin', 'BE', '10115', 'DE'],
  ['London', 'LND', 'SW1A 1AA', 'GB'],
  ['Austin', 'TX', '73301', 'US'],
] as const;
const PRODUCTS = ['Monopoly: 3rd Edition', 'Uno Card Game', 'Ultra Soft Tee', 'Trail Runner 2', 'Espresso Cup Set'];

/** Raw personal data the generator puts in events: none of it may ever reach a log line. */
export interface Person {
  userId: string;
  email: string;
  phone: string;
  firstName: string;
  lastName: string;
  street: string;
}

export function fateOf(kind: Kind, sourceId: SourceId): { fate: Fate; reachesWorker: boolean } {
  if (kind === 'invalid' || kind === 'tooLarge') return { fate: { kind: 'rejected' }, reachesWorker: false };
  if (kind === 'identify' || kind === 'group') return { fate: { kind: 'skipped', where: 'ingest', reason: 'ignored' }, reachesWorker: false };
  if (sourceId === 'orphan') return { fate: { kind: 'deadLetter', reason: 'settings_missing' }, reachesWorker: true };
  if (kind === 'disabled') return { fate: { kind: 'skipped', where: 'worker', reason: 'disabled_by_integrations' }, reachesWorker: true };
  if (kind === 'unmapped' && sourceId === 'blog') return { fate: { kind: 'skipped', where: 'worker', reason: 'unmapped_event' }, reachesWorker: true };
  if (kind === 'tooOld') return { fate: { kind: 'deadLetter', reason: 'event_too_old' }, reachesWorker: true };
  if (kind === 'noIdentifier') return { fate: { kind: 'deadLetter', reason: 'missing_identifier' }, reachesWorker: true };
  if (sourceId === 'legacy') return { fate: { kind: 'deadLetter', reason: 'pinterest_auth' }, reachesWorker: true };
  if (kind === 'bad' || kind === 'poison') return { fate: { kind: 'deadLetter', reason: 'pinterest_rejected' }, reachesWorker: true };
  return { fate: { kind: 'delivered' }, reachesWorker: true };
}

const KIND_WEIGHTS: Record<Kind, number> = {
  order: 14,
  productAdded: 11,
  search: 6,
  signup: 4,
  page: 10,
  pageCategory: 4,
  screen: 8,
  unmapped: 7,
  identify: 5,
  group: 2,
  disabled: 3,
  tooOld: 3,
  noIdentifier: 3,
  invalid: 5,
  tooLarge: 0.6,
  bad: 2.5,
  poison: 0.5,
};

const hex = (random: Random, n: number) => Array.from({ length: n }, () => Math.floor(random() * 16).toString(16)).join('');
const uuid = (random: Random) => `${hex(random, 8)}-${hex(random, 4)}-4${hex(random, 3)}-a${hex(random, 3)}-${hex(random, 12)}`;
const iso = (ms: number) => new Date(ms).toISOString();

export class TrafficGenerator {
  readonly random: Random;
  private serial = 0;
  readonly people: Person[];

  constructor(seed: number) {
    this.random = prng(seed);
    this.people = Array.from({ length: 300 }, (_, i) => {
      const first = pick(this.random, FIRST);
      const last = pick(this.random, LAST);
      return {
        userId: `user_${1000 + i}`,
        email: `${first.toLowerCase()}.${last.toLowerCase().replace('í', 'i')}${i}@example.com`,
        phone: `+1 415 555 ${String(1000 + i).slice(-4)}`,
        firstName: first,
        lastName: last,
        street: `${100 + i} Market Street`,
      };
    });
  }

  private context(sourceId: SourceId, person: Person, kind: Kind): Record<string, unknown> {
    const r = this.random;
    const [city, state, postalCode, country] = pick(r, CITIES);
    const traits = {
      email: r() < 0.2 ? ` ${person.email.toUpperCase()} ` : person.email,
      phone: person.phone,
      firstName: person.firstName,
      lastName: person.lastName,
      address: { street: person.street, city, state, postalCode, country },
    };
    if (kind === 'noIdentifier') return { library: { name: 'analytics-node', version: '6.2.0' } };
    if (sourceId === 'mobile-app') {
      const ios = r() < 0.6;
      return {
        app: { name: 'Acme Shop', version: '4.2.1', build: '421' },
        device: { advertisingId: uuid(r).toUpperCase(), adTrackingEnabled: r() < 0.9, manufacturer: ios ? 'Apple' : 'Google', model: ios ? 'iPhone15,2' : 'Pixel 8', type: ios ? 'ios' : 'android' },
        os: { name: ios ? 'iOS' : 'Android', version: ios ? '18.1.1' : '15' },
        network: { carrier: 'T-Mobile', wifi: r() < 0.5 },
        locale: 'en-US',
        ip: `198.51.100.${Math.floor(r() * 250)}`,
        traits: r() < 0.7 ? traits : {},
      };
    }
    return {
      ip: `203.0.113.${Math.floor(r() * 250)}`,
      userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
      locale: 'en-US',
      page: { path: '/p', url: `https://shop.example.com/p/${Math.floor(r() * 1000)}${r() < 0.2 ? '?epik=dj0yJnU9' + hex(r, 10) : ''}` },
      traits: r() < 0.85 ? traits : { email: person.email },
    };
  }

  /** One event of a kind for a source, with its expected fate. */
  event(sourceId: SourceId, kind: Kind): GeneratedEvent {
    const r = this.random;
    const n = ++this.serial;
    const key = `${sourceId}-${String(n).padStart(5, '0')}-${hex(r, 6)}`;
    const person = pick(r, this.people);
    const ageMs = kind === 'tooOld' ? 10 * 86_400_000 + r() * 86_400_000 : r() * 3 * 3_600_000;
    const base: Record<string, unknown> = {
      messageId: key,
      anonymousId: uuid(r),
      userId: r() < 0.8 ? person.userId : null,
      timestamp: iso(NOW_MS - ageMs),
      receivedAt: iso(NOW_MS - ageMs + 200),
      context: this.context(sourceId, person, kind),
      integrations: {},
    };
    if (kind === 'noIdentifier') {
      // Valid for Segment (a userId), but nothing Pinterest can match: no email, ad id, or IP + user agent.
      delete base.anonymousId;
      base.userId = person.userId;
    }
    const product = () => ({ product_id: hex(r, 24), sku: `${Math.floor(r() * 99999)}-32`, name: pick(r, PRODUCTS), price: Math.round(r() * 9000) / 100, quantity: 1 + Math.floor(r() * 3), category: 'Games', brand: 'Hasbro' });
    const order = () => ({ order_id: `o-${key}`, revenue: Math.round(r() * 20000) / 100, currency: pick(r, ['usd', 'EUR', 'gbp']), products: [product(), product()] });
    const { fate, reachesWorker } = fateOf(kind, sourceId);
    let value: unknown;
    switch (kind) {
      case 'order':
      case 'bad':
      case 'poison':
      case 'disabled':
      case 'tooOld':
      case 'noIdentifier':
        value = { ...base, type: 'track', event: 'Order Completed', properties: order() };
        if (kind === 'disabled') (value as Record<string, unknown>).integrations = r() < 0.5 ? { 'Pinterest Tag': false } : { All: false, Mixpanel: true };
        break;
      case 'productAdded':
        value = { ...base, type: 'track', event: pick(r, ['Product Added', 'product_added']), properties: { ...product(), currency: 'USD' } };
        break;
      case 'search':
        value = { ...base, type: 'track', event: 'Products Searched', properties: { query: pick(r, ['blue hotpants', 'board games', 'espresso']) } };
        break;
      case 'signup':
        value = { ...base, type: 'track', event: 'Signed Up', properties: { plan: 'free' } };
        break;
      case 'unmapped':
        value = { ...base, type: 'track', event: pick(r, ['Coupon Applied', 'Wishlist Shared', 'Newsletter Opened']), properties: { coupon: 'WINTER' } };
        break;
      case 'page':
        value = { ...base, type: 'page', name: 'Home', properties: { title: 'Acme', url: 'https://shop.example.com/' } };
        break;
      case 'pageCategory':
        value = { ...base, type: 'page', category: 'Games', name: 'Board games', properties: {} };
        break;
      case 'screen':
        value = { ...base, type: 'screen', name: 'Product Detail', properties: { product_id: hex(r, 24) } };
        break;
      case 'identify':
        value = { ...base, type: 'identify', traits: { email: person.email, phone: person.phone, name: `${person.firstName} ${person.lastName}` } };
        break;
      case 'group':
        value = { ...base, type: 'group', groupId: `g-${n}`, traits: { name: 'Acme Inc' } };
        break;
      case 'tooLarge':
        value = { ...base, type: 'track', event: 'Order Completed', properties: { ...order(), notes: 'x'.repeat(MAX_EVENT_BYTES) } };
        break;
      case 'invalid':
        value = this.invalid(base, key);
        break;
    }
    return { key, sourceId, kind, value, fate, reachesWorker };
  }

  /** Ways an event can be wrong. The key stays findable: as messageId, or as a trace for junk. */
  private invalid(base: Record<string, unknown>, key: string): unknown {
    const r = this.random;
    const good = { ...base, type: 'track', event: 'Order Completed', properties: {} };
    switch (Math.floor(r() * 8)) {
      case 0:
        return { ...good, timestamp: 'yesterday', receivedAt: undefined };
      case 1:
        return { ...good, type: 'trak' };
      case 2:
        return { ...good, event: '' };
      case 3:
        return { ...good, userId: null, anonymousId: '  ' };
      case 4:
        return { ...good, messageId: 12345, context: { traceId: key } };
      case 5:
        return { ...good, messageId: undefined, context: { traceId: key } };
      case 6:
        return { ...good, timestamp: 1_795_867_200, receivedAt: undefined };
      default:
        // Not an object at all; the value itself is the trace.
        return r() < 0.5 ? `junk:${key}` : [key, 1, null];
    }
  }

  /** Requests for about `events` events, spread over the sources by share. */
  requests(events: number): GeneratedRequest[] {
    const r = this.random;
    const shares = Object.fromEntries(SOURCE_IDS.map((id) => [id, SOURCES[id].share])) as Record<SourceId, number>;
    const requests: GeneratedRequest[] = [];
    let total = 0;
    while (total < events) {
      const sourceId = weighted(r, shares);
      const shape = weighted(r, { single: 22, array: 39, batch: 39 });
      const size = shape === 'single' ? 1 : 1 + Math.floor(r() * 80);
      const batch: GeneratedEvent[] = [];
      for (let i = 0; i < size; i++) {
        let kind = weighted(r, KIND_WEIGHTS);
        // A single event too large for a queue message is answered 413 and never stored; keep it to batches.
        while (shape === 'single' && kind === 'tooLarge') kind = weighted(r, KIND_WEIGHTS);
        batch.push(this.event(sourceId, kind));
      }
      // A single-event body must be an object to be a single event; junk goes in batches.
      if (shape === 'single' && typeof batch[0]?.value !== 'object') continue;
      if (shape === 'single' && Array.isArray(batch[0]?.value)) continue;
      requests.push(this.request(requests.length, sourceId, shape, batch));
      total += batch.length;
    }
    return requests;
  }

  private request(index: number, sourceId: SourceId, shape: GeneratedRequest['shape'], events: GeneratedEvent[]): GeneratedRequest {
    const r = this.random;
    const { secret } = SOURCES[sourceId];
    const values = events.map((e) => e.value);
    let body: string;
    const headers: Record<string, string> = {};
    if (shape === 'single') {
      body = r() < 0.5 ? JSON.stringify(values[0], null, 2) : JSON.stringify(values[0]);
      headers['x-signature'] = signPayload(secret, body);
    } else if (shape === 'array') {
      body = JSON.stringify(values);
      if (r() < 0.7) headers['X-Signature'] = signPayload(secret, JSON.stringify(values[0]));
      else headers.authorization = `Basic ${Buffer.from(`segment:${secret}`).toString('base64')}`;
    } else {
      body = JSON.stringify({ batch: values, context: { library: { name: 'segment-http' } }, sentAt: iso(NOW_MS) });
      if (r() < 0.6) headers['x-signature'] = signPayload(secret, body);
      else headers.Authorization = `Bearer ${secret}`;
    }
    const expectedStatus = shape === 'single' && events[0]?.fate.kind === 'rejected' ? 400 : 200;
    return { index, sourceId, shape, body, headers, events, expectedStatus };
  }
}
