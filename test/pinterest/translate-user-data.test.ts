import { sha256Hex } from '../../lib/pinterest/hash';
import { translate } from '../support/pinterest-contract';
import type { PinterestUserData, TranslateResult } from '../../lib/pinterest/types';
import { epikFromUrl } from '../../lib/pinterest/user-data';
import type { JsonObject } from '../../lib/segment/types';
import { NOW_MS, sampleEvent, sampleSettings, settingsWith, webTrack } from '../support/segment-events';

const IP_UA = { ip: '203.0.113.24', userAgent: 'Mozilla/5.0 (test)' };

function userData(result: TranslateResult): PinterestUserData {
  if (!result.ok) throw new Error(`expected an event, got ${result.drop.reason}: ${result.drop.message}`);
  return result.event.user_data;
}
const run = (overrides: JsonObject, settings = settingsWith()) => translate(webTrack(overrides), settings, NOW_MS);

describe('user_data: hashed identity', () => {
  it('reads email from context.traits, then traits, then properties', () => {
    expect(userData(run({ context: { ...IP_UA, traits: { email: 'a@x.com' } }, traits: { email: 'b@x.com' } })).em).toEqual([sha256Hex('a@x.com')]);
    expect(userData(run({ context: { ...IP_UA, traits: { email: '' } }, traits: { email: 'b@x.com' } })).em).toEqual([sha256Hex('b@x.com')]);
    expect(userData(run({ properties: { email: 'C@X.com' } })).em).toEqual([sha256Hex('c@x.com')]);
  });

  it('hashes the public vectors', () => {
    const data = userData(
      run({
        context: { ...IP_UA, traits: { email: 'test@gmail.com', phone: '+1 (555) 123-4567', gender: 'female', address: { state: 'CA' } } },
      }),
    );
    expect(data).toMatchObject({
      em: ['87924606b4131a8aceeeae8868531fbb9712aaa07a5d3a756b26ce0f5d6ca674'],
      ph: ['d6736136ea896c1bfdc553e0e86e702c70d060d805696ca3e4e9e0961353860a'],
      ge: ['252f10c83610ebca1a059c0bae8255eba2f95be4d1d7bcfa89d7248a82d9f111'],
      st: ['6959097001d10501ac7d54c0bdb8db61420f658f2922cc26e46d536119a31126'],
    });
  });

  it('reads names in both spellings, birthday, and the address fields', () => {
    const data = userData(
      run({
        traits: {
          first_name: ' Sam ',
          lastName: 'TAYLOR',
          birthday: '1985-02-03T00:00:00.000Z',
          address: { city: 'New York', state: 'New York', zip: '10001-2345', country: 'United States' },
        },
      }),
    );
    expect(data).toMatchObject({
      fn: [sha256Hex('sam')],
      ln: [sha256Hex('taylor')],
      db: [sha256Hex('19850203')],
      ct: [sha256Hex('newyork')],
      st: [sha256Hex('ny')],
      zp: [sha256Hex('10001')],
      country: [sha256Hex('us')],
    });
    expect(userData(run({ traits: { address: { postal_code: 'SW1A 1AA' } } })).zp).toEqual([sha256Hex('sw1a1aa')]);
    expect(userData(run({ traits: { address: { postalCode: 94105 } } })).zp).toEqual([sha256Hex('94105')]);
  });

  it('hashes arrays element by element and passes pre-hashed values through', () => {
    const prehashed = sha256Hex('someone@example.com').toUpperCase();
    const data = userData(run({ context: { ...IP_UA, traits: { email: ['a@x.com', prehashed, ''] } } }));
    expect(data.em).toEqual([sha256Hex('a@x.com'), prehashed.toLowerCase()]);
  });

  it('leaves empty and unusable values out', () => {
    const data = userData(run({ context: { ...IP_UA, traits: { email: ' ', phone: 'none', gender: 'prefer not to say', birthday: 'soon' } } }));
    expect(Object.keys(data).sort()).toEqual(['client_ip_address', 'client_user_agent']);
  });

  it('external_id is the hashed userId when sendExternalId, and absent when it is off', () => {
    expect(userData(run({ userId: ' user_1 ' })).external_id).toEqual([sha256Hex('user_1')]);
    expect(userData(run({ userId: 42 })).external_id).toEqual([sha256Hex('42')]);
    expect(userData(run({ userId: 'user_1' }, settingsWith({ sendExternalId: false }))).external_id).toBeUndefined();
    expect(userData(run({ userId: null })).external_id).toBeUndefined();
  });

  it('hashed_maids from context.device.advertisingId, lowercased before hashing', () => {
    const data = userData(run({ context: { device: { advertisingId: 'ABC-123' } } }));
    expect(data.hashed_maids).toEqual([sha256Hex('abc-123')]);
  });
});

describe('user_data: plain fields', () => {
  it('client_ip_address and client_user_agent come from context, 0.0.0.0 is not an address', () => {
    expect(userData(run({ context: { ...IP_UA, traits: { email: 'a@x.com' } } }))).toMatchObject({
      client_ip_address: '203.0.113.24',
      client_user_agent: 'Mozilla/5.0 (test)',
    });
    expect(userData(run({ context: { ip: '0.0.0.0', userAgent: 'ua', traits: { email: 'a@x.com' } } })).client_ip_address).toBeUndefined();
  });

  it('click_id from properties.click_id, else the epik parameter of the page URL', () => {
    expect(userData(run({ properties: { click_id: 'dj0yJnU9' }, context: { ...IP_UA, page: { url: 'https://s.example/?epik=other' } } })).click_id).toBe(
      'dj0yJnU9',
    );
    expect(userData(run({ context: { ...IP_UA, page: { url: 'https://s.example/p?utm=x&epik=dj0y%3D%3D#top' } } })).click_id).toBe('dj0y==');
    expect(userData(run({ properties: { url: 'https://s.example/?epik=fromprops' } })).click_id).toBe('fromprops');
    expect(userData(run({ context: { ...IP_UA, page: { url: 'https://s.example/?xepik=1' } } })).click_id).toBeUndefined();
  });

  it('epikFromUrl tolerates anything', () => {
    expect(epikFromUrl('not a url ?epik=%E0%A4%A')).toEqual(expect.any(String));
    expect(epikFromUrl('https://s.example/?a=1#?epik=1')).toBeUndefined();
    expect(epikFromUrl('https://s.example/#x?epik=1')).toBeUndefined();
    expect(epikFromUrl('https://s.example/?epik=')).toBeUndefined();
    expect(epikFromUrl('')).toBeUndefined();
  });
});

describe('missing_identifier', () => {
  const dropOf = (context: JsonObject, extra: JsonObject = {}) => {
    const result = run({ context, ...extra });
    if (result.ok) throw new Error('expected a drop');
    return result.drop;
  };

  it('drops when there is no email, no maid and not both IP and user agent', () => {
    expect(dropOf({}).reason).toBe('missing_identifier');
    expect(dropOf({ ip: '203.0.113.24' }).message).toMatch(/has an IP address but no user agent/);
    expect(dropOf({ userAgent: 'ua' }).message).toMatch(/has a user agent but no IP address/);
  });

  it('says that a phone number alone is not an identifier for Pinterest, without showing it', () => {
    const drop = dropOf({ traits: { phone: '+1 (555) 123-4567', firstName: 'Jane' } });
    expect(drop.reason).toBe('missing_identifier');
    expect(drop.message).toMatch(/phone number, but Pinterest does not accept a phone number \(ph\) as the only identifier/);
    expect(drop.message).not.toMatch(/555|4567|Jane/);
  });

  it('is satisfied by an email alone, a maid alone, or IP with user agent', () => {
    expect(run({ context: { traits: { email: 'a@x.com' } } }).ok).toBe(true);
    expect(run({ context: { device: { advertisingId: 'abc' } } }).ok).toBe(true);
    expect(run({ context: IP_UA }).ok).toBe(true);
  });
});

describe('no personal data in drop messages', () => {
  it('never echoes identity values of the samples', () => {
    const secrets = ['jane.doe', 'Jane', 'Doe', '555', '94105', 'San Francisco', '203.0.113.24', 'user_8842'];
    for (const mutate of [
      (e: JsonObject) => ({ ...e, timestamp: '2020-01-01T00:00:00Z', originalTimestamp: undefined, receivedAt: undefined }),
      (e: JsonObject) => ({ ...e, messageId: undefined }),
      (e: JsonObject) => ({ ...e, integrations: { 'Pinterest Tag': false } }),
      (e: JsonObject) => ({ ...e, context: { traits: { phone: '+1 555 123 4567' } } }),
      (e: JsonObject) => ({ ...e, type: 'identify' }),
    ]) {
      const result = translate(mutate(sampleEvent('order-completed')), sampleSettings(), NOW_MS);
      expect(result.ok).toBe(false);
      if (result.ok) continue;
      for (const secret of secrets) expect(result.drop.message).not.toContain(secret);
    }
  });
});
