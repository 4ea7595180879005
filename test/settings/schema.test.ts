import { parseSourceSettings } from '../../lib/settings/schema';

const base = { tagId: '2614759966035', adAccountId: '549755885175' };

describe('parseSourceSettings', () => {
  it('applies every documented default', () => {
    const result = parseSourceSettings({ tagId: '2614759966035', adAccountId: '549755885175' });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.warnings).toEqual([]);
    expect(result.settings).toEqual({
      tagId: '2614759966035',
      adAccountId: '549755885175',
      eventMapping: new Map(),
      advertiserDefinedEvents: new Map(),
      customProperties: [],
      unmappedEvents: 'partner',
      testMode: false,
      eventIdPath: ['messageId'],
      sendExternalId: true,
      actionSource: null,
      limitedDataProcessing: false,
    });
  });

  it('names the field and the problem', () => {
    const result = parseSourceSettings({ tagId: 'abc', adAccountId: '1'.repeat(19), testMode: 'yes', unmappedEvents: 'x' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual([
      'tagId must be digits only, like 2614759966035',
      'adAccountId must be at most 18 digits',
      'unmappedEvents must be one of "partner", "custom", "drop"',
      'testMode must be true or false',
    ]);
  });

  it('says a missing tagId is required and that numbers lose digits', () => {
    const missing = parseSourceSettings({});
    expect(missing.ok || missing.errors).toEqual(['tagId is required, like "2614759966035"']);
    const numeric = parseSourceSettings({ tagId: 2614759966035 });
    expect(numeric.ok || numeric.errors[0]).toMatch(/in quotes/);
  });

  it('rejects a document that is not an object', () => {
    for (const doc of [null, [], 'x', 3]) {
      const result = parseSourceSettings(doc);
      expect(result.ok || result.errors).toEqual(['settings must be a JSON object']);
    }
  });

  it('accepts event mapping in tag and API spelling, keyed case-insensitively', () => {
    const result = parseSourceSettings({
      ...base,
      eventMapping: { ' Signed Up ': 'Signup', 'Lead Generated': 'lead', 'Some Custom Event': 'Custom', 'Cart': 'AddToCart' },
    });
    expect(result.ok && [...result.settings.eventMapping]).toEqual([
      ['signed up', 'signup'],
      ['lead generated', 'lead'],
      ['some custom event', 'custom'],
      ['cart', 'add_to_cart'],
    ]);
  });

  it('rejects a mapping to a non-standard event with the list of valid names', () => {
    const result = parseSourceSettings({ ...base, eventMapping: { 'Signed Up': 'SignUpNow' } });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors[0]).toMatch(/^eventMapping\["Signed Up"\]: "SignUpNow" is not a Pinterest standard event; use one of .*Signup/);
  });

  it('rejects two mappings of the same event to different Pinterest events', () => {
    const result = parseSourceSettings({ ...base, eventMapping: { 'Signed Up': 'signup', 'signed up': 'lead' } });
    expect(result.ok).toBe(false);
  });

  it('compiles custom properties with explicit or implied custom_data targets', () => {
    const result = parseSourceSettings({
      ...base,
      customProperties: [
        'properties.content_brand',
        'myObject.contentBrand',
        { property: 'category_name', target: 'content_category' },
        'myObject.myProperty',
        { property: 'x', target: 'not_a_field' },
        { property: 'products', target: 'contents' },
      ],
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.settings.customProperties).toEqual([
      { property: 'properties.content_brand', path: ['content_brand'], target: 'content_brand' },
      { property: 'myObject.contentBrand', path: ['myobject', 'contentbrand'], target: 'content_brand' },
      { property: 'category_name', path: ['category_name'], target: 'content_category' },
    ]);
    expect(result.warnings).toHaveLength(3);
    expect(result.warnings[0]).toMatch(/^customProperties\[3\] \("myObject.myProperty"\): "my_property" is not a Pinterest custom_data field/);
    expect(result.warnings[1]).toMatch(/target "not_a_field" is not a Pinterest custom_data field/);
    expect(result.warnings[2]).toMatch(/target "contents"/);
  });

  it('warns about unknown keys and a missing ad account but stays valid', () => {
    const result = parseSourceSettings({ tagId: '1', tagID: '2' });
    expect(result.ok).toBe(true);
    expect(result.warnings).toEqual([
      expect.stringMatching(/^unknown setting "tagID" is ignored/),
      expect.stringMatching(/^adAccountId is not set: events of this source cannot be delivered/),
    ]);
  });

  it('validates eventIdPath and actionSource', () => {
    const result = parseSourceSettings({ ...base, eventIdPath: 'properties.event_id', actionSource: 'app_ios' });
    expect(result.ok && [result.settings.eventIdPath, result.settings.actionSource]).toEqual([['properties', 'event_id'], 'app_ios']);
    const bad = parseSourceSettings({ ...base, eventIdPath: 'a..b', actionSource: 'tv' });
    expect(bad.ok || bad.errors).toEqual([
      expect.stringMatching(/^eventIdPath must be a dot path/),
      expect.stringMatching(/^actionSource must be null or one of web, app_android, app_ios, offline/),
    ]);
  });
});
