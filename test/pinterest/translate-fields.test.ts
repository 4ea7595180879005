import { sha256Hex } from '../../lib/pinterest/hash';
import { translate } from '../support/pinterest-contract';
import type { PinterestEvent, TranslateResult } from '../../lib/pinterest/types';
import type { JsonObject } from '../../lib/segment/types';
import { NOW_MS, sampleEvent, sampleSettings, settingsWith, webTrack } from '../support/segment-events';

function sent(result: TranslateResult): PinterestEvent {
  if (!result.ok) throw new Error(`expected an event, got ${result.drop.reason}: ${result.drop.message}`);
  return result.event;
}
const run = (overrides: JsonObject, settings = settingsWith()) => translate(webTrack(overrides), settings, NOW_MS);

describe('the order-completed sample, field by field', () => {
  it('becomes exactly this Pinterest event', () => {
    expect(sent(translate(sampleEvent('order-completed'), sampleSettings(), NOW_MS))).toEqual({
      event_name: 'checkout',
      action_source: 'web',
      event_time: Date.parse('2026-11-28T11:58:00.000Z') / 1000,
      event_id: 'ajs-next-1795867080000-5a9c2e1f-7d3b-4c8e-9f21-0b6d4e8a1c37',
      event_source_url: 'https://shop.example.com/checkout/thank-you?epik=dj0yJnU9bHZ0ZXN0Jm49Y2xpY2s',
      user_data: {
        em: [sha256Hex('jane.doe@example.com')],
        ph: ['d6736136ea896c1bfdc553e0e86e702c70d060d805696ca3e4e9e0961353860a'],
        fn: [sha256Hex('jane')],
        ln: [sha256Hex('doe')],
        ge: ['252f10c83610ebca1a059c0bae8255eba2f95be4d1d7bcfa89d7248a82d9f111'],
        db: [sha256Hex('19900517')],
        ct: [sha256Hex('sanfrancisco')],
        st: ['6959097001d10501ac7d54c0bdb8db61420f658f2922cc26e46d536119a31126'],
        zp: [sha256Hex('94105')],
        country: [sha256Hex('us')],
        external_id: [sha256Hex('user_8842')],
        client_ip_address: '203.0.113.24',
        client_user_agent:
          'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
        click_id: 'dj0yJnU9bHZ0ZXN0Jm49Y2xpY2s',
      },
      custom_data: {
        value: '25',
        currency: 'USD',
        order_id: '50314b8e9bcf000000000000',
        contents: [
          { id: '507f1f77bcf86cd799439011', item_price: '19', quantity: 1, item_name: 'Monopoly: 3rd Edition', item_category: 'Games', item_brand: 'Hasbro' },
          { id: '505bd76785ebb509fc183733', item_price: '3', quantity: 2, item_name: 'Uno Card Game', item_category: 'Games', item_brand: 'Mattel' },
        ],
        content_ids: ['507f1f77bcf86cd799439011', '505bd76785ebb509fc183733'],
        num_items: 3,
        content_brand: 'Hasbro',
      },
      language: 'en',
    });
  });
});

describe('event_time', () => {
  it('is Unix seconds, floored, from timestamp', () => {
    expect(sent(run({ timestamp: '2026-11-28T11:59:01.999Z' })).event_time).toBe(Date.parse('2026-11-28T11:59:01Z') / 1000);
  });

  it('falls back to originalTimestamp, then receivedAt', () => {
    const original = run({ timestamp: undefined, originalTimestamp: '2026-11-28T10:00:00Z', receivedAt: '2026-11-28T11:00:00Z' });
    expect(sent(original).event_time).toBe(Date.parse('2026-11-28T10:00:00Z') / 1000);
    const received = run({ timestamp: 'garbage', receivedAt: '2026-11-28T11:00:00Z' });
    expect(sent(received).event_time).toBe(Date.parse('2026-11-28T11:00:00Z') / 1000);
  });

  it('drops a missing or unparsable time as invalid_event', () => {
    for (const timestamp of [undefined, 'yesterday', 1764331140000, '']) {
      const result = run({ timestamp });
      expect(result.ok || result.drop.reason).toBe('invalid_event');
    }
  });

  it('drops events older than 7 days before now as event_too_old, keeps events just inside', () => {
    const old = run({ timestamp: '2026-11-21T11:59:59Z' });
    expect(old).toEqual({
      ok: false,
      drop: {
        reason: 'event_too_old',
        message: 'event time 2026-11-21T11:59:59.000Z is 7.0 days old; Pinterest rejects events older than 7 days',
      },
    });
    expect(run({ timestamp: '2026-11-21T12:00:00Z' }).ok).toBe(true);
  });
});

describe('event_id', () => {
  it('comes from messageId by default', () => {
    expect(sent(run({ messageId: 'abc' })).event_id).toBe('abc');
  });

  it('comes from eventIdPath when set', () => {
    const settings = settingsWith({ eventIdPath: 'properties.event_id' });
    expect(sent(run({ properties: { event_id: 'order-42-checkout' } }, settings)).event_id).toBe('order-42-checkout');
  });

  it('drops a missing id as invalid_event naming the path', () => {
    const result = run({ messageId: undefined });
    expect(result).toEqual({ ok: false, drop: { reason: 'invalid_event', message: 'no event_id: "messageId" is missing or not a non-empty string' } });
    expect(run({ messageId: '  ' }).ok).toBe(false);
    expect(run({ messageId: { id: 1 } }).ok).toBe(false);
  });

  it('never finds inherited properties (constructor.name is not an id)', () => {
    const result = translate(webTrack(), settingsWith({ eventIdPath: 'constructor.name' }), NOW_MS);
    expect(result.ok || result.drop.reason).toBe('invalid_event');
  });
});

describe('action_source', () => {
  const source = (overrides: JsonObject, settings = settingsWith()) => sent(run(overrides, settings)).action_source;

  it('is the actionSource setting when set', () => {
    expect(source({ context: { ...webTrack().context as JsonObject, os: { name: 'iOS' } } }, settingsWith({ actionSource: 'offline' }))).toBe('offline');
  });

  it('else properties.action_source when it is one of the four values', () => {
    expect(source({ properties: { action_source: 'offline' } })).toBe('offline');
    expect(source({ properties: { action_source: 'App_Android' } })).toBe('app_android');
    expect(source({ properties: { action_source: 'tv' } })).toBe('web');
  });

  it('else the app platform from context.os.name or context.device.type', () => {
    const ctx = webTrack().context as JsonObject;
    expect(source({ context: { ...ctx, os: { name: 'iOS' } } })).toBe('app_ios');
    expect(source({ context: { ...ctx, os: { name: 'iPadOS' } } })).toBe('app_ios');
    expect(source({ context: { ...ctx, os: { name: 'Android' } } })).toBe('app_android');
    expect(source({ context: { ...ctx, device: { type: 'android' } } })).toBe('app_android');
    expect(source({ context: { ...ctx, device: { type: 'ios' } } })).toBe('app_ios');
    expect(source({ context: { ...ctx, os: { name: 'Mac OS X' } } })).toBe('web');
  });

  it("else web, whatever Segment's channel says", () => {
    for (const channel of ['server', 'mobile', 'browser', 'client', undefined]) {
      expect(source({ channel })).toBe('web');
    }
  });
});

describe('event_source_url, opt_out and app fields', () => {
  it('event_source_url is context.page.url, else properties.url', () => {
    const ctx = webTrack().context as JsonObject;
    expect(sent(run({ context: { ...ctx, page: { url: 'https://a.example/x' } }, properties: { url: 'https://b.example' } })).event_source_url).toBe(
      'https://a.example/x',
    );
    expect(sent(run({ properties: { url: 'https://b.example' } })).event_source_url).toBe('https://b.example');
    expect(sent(run({})).event_source_url).toBeUndefined();
  });

  it('opt_out follows adTrackingEnabled and is never defaulted', () => {
    const ctx = webTrack().context as JsonObject;
    expect(sent(run({ context: { ...ctx, device: { adTrackingEnabled: false } } })).opt_out).toBe(true);
    expect(sent(run({ context: { ...ctx, device: { adTrackingEnabled: true } } })).opt_out).toBe(false);
    expect('opt_out' in sent(run({}))).toBe(false);
    expect('opt_out' in sent(run({ context: { ...ctx, device: { adTrackingEnabled: 'no' } } }))).toBe(false);
  });

  it('copies app and device fields from the iOS screen sample', () => {
    const event = sent(translate(sampleEvent('screen-ios'), sampleSettings(), NOW_MS));
    expect(event).toMatchObject({
      event_name: 'page_visit',
      action_source: 'app_ios',
      opt_out: false,
      app_name: 'Acme Shop',
      app_version: '4.2.1',
      device_brand: 'Apple',
      device_model: 'iPhone15,2',
      device_type: 'ios',
      os_version: '18.1.1',
      device_carrier: 'T-Mobile',
      wifi: true,
      language: 'en',
    });
    expect(event.user_data.hashed_maids).toEqual([sha256Hex('6d92078a-8246-4ba4-ae5b-76104861e7dc')]);
  });

  it('language is the 2-letter code of context.locale, left out otherwise', () => {
    const ctx = webTrack().context as JsonObject;
    expect(sent(run({ context: { ...ctx, locale: 'de-DE' } })).language).toBe('de');
    expect(sent(run({ context: { ...ctx, locale: 'fr_CA' } })).language).toBe('fr');
    expect(sent(run({ context: { ...ctx, locale: 'EN' } })).language).toBe('en');
    expect(sent(run({ context: { ...ctx, locale: 'english' } })).language).toBeUndefined();
  });

  it('writes only keys of the Pinterest event object', () => {
    const allowed = new Set([
      'event_name', 'action_source', 'event_time', 'event_id', 'event_source_url', 'opt_out', 'user_data', 'custom_data',
      'app_name', 'app_version', 'device_brand', 'device_carrier', 'device_model', 'device_type', 'os_version', 'wifi', 'language',
    ]);
    const event = sent(translate(sampleEvent('screen-ios'), sampleSettings(), NOW_MS));
    expect(Object.keys(event).filter((k) => !allowed.has(k))).toEqual([]);
  });
});

describe('robustness', () => {
  it('is not polluted by __proto__ or constructor keys and pollutes nothing', () => {
    const hostile = JSON.parse(
      '{"type":"track","event":"__proto__","messageId":"m","timestamp":"2026-11-28T11:59:00Z",' +
        '"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},' +
        '"context":{"ip":"203.0.113.1","userAgent":"ua","__proto__":{"traits":{"email":"x@y.z"}}},' +
        '"properties":{"__proto__":{"revenue":5},"constructor":"x","products":[{"__proto__":{"price":1}}]}}',
    ) as unknown;
    const settings = settingsWith({ customProperties: [{ property: '__proto__.revenue', target: 'value' }, { property: 'constructor', target: 'content_name' }] });
    const event = sent(translate(hostile, settings, NOW_MS));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(event)).toBe(Object.prototype);
    expect(event.event_name).toBe('proto');
    expect(event.custom_data).toEqual({ value: '5', content_name: 'x' });
  });

  it('turns a throwing getter into an invalid_event drop instead of throwing', () => {
    const event = webTrack();
    Object.defineProperty(event, 'properties', { enumerable: true, get: () => { throw new Error('boom'); } });
    expect(translate(event, settingsWith(), NOW_MS)).toEqual({
      ok: false,
      drop: { reason: 'invalid_event', message: 'the event could not be read as a Segment event' },
    });
  });
});
