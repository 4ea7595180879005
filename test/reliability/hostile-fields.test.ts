import fc from 'fast-check';
import { checkRegex, isLinear } from '../../scripts/check-redos';
import { translate } from '../../lib/pinterest/translate';
import { parseSourceSettings } from '../../lib/settings/schema';
import { NOW } from '../support/delivery-events';

/**
 * 32 KB hostile values (Segment's event limit) in every numeric and string field the translator
 * reads, one field at a time and all at once. The cost is asserted without a clock: every regular
 * expression that actually ran on the hostile data must carry recheck's linear-time proof, and the
 * number of regex executions per event is bounded by a constant independent of the value's length.
 */
const SEED = Number(process.env.FC_SEED ?? 32_768);
const SIZE = 32_000;

const parsed = parseSourceSettings({
  tagId: '2614759966035',
  adAccountId: '549755885175',
  conversionToken: 'pina_HOSTILE_TOKEN',
  customProperties: ['properties.score', { property: 'properties.lifetime', target: 'predicted_ltv' }, { property: 'properties.items', target: 'num_items' }],
});
if (!parsed.ok) throw new Error(parsed.errors.join('; '));
const settings = parsed.settings;

/** A Segment event carrying every field translate, user-data, custom-data and event-name read. */
const fullEvent = (): Record<string, unknown> => ({
  type: 'track',
  event: 'Order Completed',
  name: 'Checkout',
  category: 'Shop',
  messageId: 'msg-1',
  userId: 'user_8842',
  anonymousId: 'anon-1',
  timestamp: '2026-11-28T11:58:00.000Z',
  originalTimestamp: '2026-11-28T11:58:00.000Z',
  receivedAt: '2026-11-28T11:58:00.000Z',
  traits: { email: 'b@example.com', phone: '+1 555 0100', firstName: 'Jane', lastName: 'Doe', gender: 'f', birthday: '1990-01-02', address: { city: 'Paris', state: 'IDF', postal_code: '75001', country: 'FR' } },
  context: {
    ip: '203.0.113.24',
    userAgent: 'Mozilla/5.0',
    locale: 'en-US',
    page: { url: 'https://shop.example.com/?epik=abc' },
    app: { name: 'Shop', version: '1.2.3' },
    device: { manufacturer: 'Apple', model: 'iPhone', type: 'ios', advertisingId: 'ad-1', adTrackingEnabled: true },
    os: { name: 'iOS', version: '17.1' },
    network: { carrier: 'T', wifi: true },
    traits: { email: 'jane.doe@example.com', phone: '+1 555 0100', first_name: 'Jane', last_name: 'Doe', gender: 'female', birthday: '1990-01-02', address: { city: 'Paris', state: 'IDF', postalCode: '75001', zip: '75001', country: 'FR' } },
  },
  properties: {
    order_id: 'order-1',
    revenue: 25.5,
    value: '25.50',
    total: 30,
    currency: 'USD',
    url: 'https://shop.example.com/p',
    click_id: 'click-1',
    action_source: 'web',
    category: 'Shoes',
    query: 'red shoes',
    search: 'red shoes',
    score: 7,
    lifetime: '120.5',
    items: 3,
    products: [
      { product_id: 'p1', sku: 's1', id: 'i1', price: 12.5, quantity: 2, name: 'Shoe', category: 'Shoes', brand: 'B' },
      { sku: 's2', price: '9.99', quantity: '1', name: 'Sock' },
    ],
  },
});

type Path = (string | number)[];
/** Every string or number leaf of the event. */
function leafPaths(value: unknown, path: Path = []): Path[] {
  if (typeof value === 'string' || typeof value === 'number') return [path];
  if (Array.isArray(value)) return value.flatMap((v, i) => leafPaths(v, [...path, i]));
  if (value !== null && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => leafPaths(v, [...path, k]));
  return [];
}
function setPath(target: Record<string, unknown>, path: Path, value: string): void {
  let node = target as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  node[path[path.length - 1] as string | number] = value;
}

// The attack shapes recheck reports for digit, decimal, exponent, whitespace and separator patterns.
const SHAPES: Record<string, (n: number) => string> = {
  digitsThenX: (n) => `${'9'.repeat(n)}x`,
  decimalThenE: (n) => `${'1'.repeat(n / 2)}.${'1'.repeat(n / 2)}e`,
  dotDigits: (n) => `.${'5'.repeat(n)}!`,
  spaces: (n) => `${' '.repeat(n)}ios!`,
  slashes: (n) => '/'.repeat(n),
  atSigns: (n) => '@.'.repeat(n / 2),
  dashes: (n) => '-_'.repeat(n / 2),
  letters: (n) => 'aA'.repeat(n / 2),
  unicode: (n) => '\u00e9\ud83d\ude00'.repeat(Math.floor(n / 3)),
};
const HOSTILE: Record<string, string> = Object.fromEntries(Object.entries(SHAPES).map(([name, make]) => [name, make(SIZE)]));

/** Runs `fn`, recording each regex that ran and how many scans started (a /g replace continues one scan per match). */
function recordRegexRuns<T>(fn: () => T): { value: T; runs: number; sources: Set<string> } {
  const original = RegExp.prototype.exec;
  const sources = new Set<string>();
  let runs = 0;
  RegExp.prototype.exec = function exec(this: RegExp, input: string) {
    if (!(this.global || this.sticky) || this.lastIndex === 0) runs++;
    sources.add(`${this.source}\u0000${this.flags}`);
    return original.call(this, input);
  };
  try {
    return { value: fn(), runs, sources };
  } finally {
    RegExp.prototype.exec = original;
  }
}

const leaves = leafPaths(fullEvent());
const KEPT = new Set(['type', 'event', 'messageId', 'timestamp']);
const verdicts = new Map<string, boolean>();
const provenLinear = (key: string): boolean => {
  if (!verdicts.has(key)) {
    const [source = '', flags = ''] = key.split('\u0000');
    verdicts.set(key, isLinear(checkRegex(source, flags)));
  }
  return verdicts.get(key) as boolean;
};

describe('translate with 32 KB hostile values in every field it reads', () => {
  it('the full event translates, and the fixture covers the fields (a guard against an empty sweep)', () => {
    expect(translate(fullEvent(), settings, NOW).ok).toBe(true);
    expect(leaves.length).toBeGreaterThan(60);
  });

  it('one field at a time: every regex that ran is proven linear, and 32 KB runs no more regex scans than 32 B', () => {
    const unproven = new Set<string>();
    const grew: string[] = [];
    const withValue = (path: Path, value: string) => {
      const event = fullEvent();
      setPath(event, path, value);
      return recordRegexRuns(() => translate(event, settings, NOW));
    };
    for (const path of leaves) {
      for (const [shape, make] of Object.entries(SHAPES)) {
        const small = withValue(path, make(32));
        const large = withValue(path, HOSTILE[shape] as string);
        expect(large.value.ok).toBe(small.value.ok);
        if (large.runs > small.runs) grew.push(`${path.join('.')} ${shape}: ${small.runs} -> ${large.runs}`);
        for (const key of large.sources) if (!provenLinear(key)) unproven.add(`${path.join('.')} ${shape}: /${key.replace('\u0000', '/')}`);
      }
    }
    expect([...unproven]).toEqual([]);
    expect(grew).toEqual([]);
  });

  it('random hostile values in all fields at once (seeded)', () => {
    fc.assert(
      // Shape names, not values, so a counterexample prints short.
      fc.property(fc.array(fc.constantFrom(...Object.keys(HOSTILE)), { minLength: leaves.length, maxLength: leaves.length }), (shapes) => {
        const values = shapes.map((shape) => HOSTILE[shape] as string);
        const event = fullEvent();
        // The fields that decide whether translation goes on stay valid, so the rest is all read.
        leaves.forEach((path, i) => (KEPT.has(path.join('.')) ? undefined : setPath(event, path, values[i] as string)));
        const run = recordRegexRuns(() => translate(event, settings, NOW));
        expect(typeof run.value.ok).toBe('boolean');
        for (const key of run.sources) expect(provenLinear(key)).toBe(true);
      }),
      { seed: SEED, numRuns: 25 },
    );
  });
});
