import { parseSourceSettings } from '../../lib/settings/schema';

const base = { tagId: '2614759966035', adAccountId: '549755885175' };
const parse = (advertiserDefinedEvents: unknown, extra: Record<string, unknown> = {}) => parseSourceSettings({ ...base, ...extra, advertiserDefinedEvents });

describe('advertiserDefinedEvents', () => {
  it('compiles each Segment name to its advertiser-defined name and the standard event it maps to', () => {
    const result = parse({ 'Button Clicked': 'Lead', 'Wishlist Shared': 'add_to_wishlist' });
    expect(result.ok && [...result.settings.advertiserDefinedEvents]).toEqual([
      ['button clicked', { segmentName: 'Button Clicked', name: 'button_clicked', mappedTo: 'lead' }],
      ['wishlist shared', { segmentName: 'Wishlist Shared', name: 'wishlist_shared', mappedTo: 'add_to_wishlist' }],
    ]);
    expect(result.warnings).toEqual([]);
  });

  it('warns when two Segment names become one advertiser-defined name', () => {
    const result = parse({ 'Button Clicked': 'Lead', 'button.clicked': 'lead' });
    expect(result.ok).toBe(true);
    expect(result.warnings).toEqual([
      'advertiserDefinedEvents["button.clicked"]: "Button Clicked" and "button.clicked" both become the advertiser-defined name "button_clicked"; Pinterest counts them as one event',
    ]);
  });

  it('refuses one advertiser-defined name mapped to two standard events', () => {
    const result = parse({ 'Button Clicked': 'Lead', 'Button-Clicked!': 'Signup', 'button  clicked': 'Signup' });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors).toEqual([
      'advertiserDefinedEvents["button  clicked"]: becomes "button_clicked" like "Button Clicked", which maps it to "lead"; Pinterest maps one name to one standard event',
    ]);
  });

  it('refuses names with nothing to keep and targets Pinterest cannot map to', () => {
    const result = parse({ '🍜': 'Lead', 'App Opened': 'app_open', Later: 'Custom', Other: 'Purchase' });
    expect(!result.ok && result.errors).toEqual([
      'advertiserDefinedEvents["🍜"]: the name has no letters or digits to keep; an advertiser-defined name is made of a-z, 0-9, _ and -',
      expect.stringMatching(/^advertiserDefinedEvents\["App Opened"\]: "app_open" is not a standard event Pinterest can map .* use one of AddPaymentInfo, AddToCart/),
      expect.stringMatching(/^advertiserDefinedEvents\["Later"\]: "Custom" is not a standard event/),
      expect.stringMatching(/^advertiserDefinedEvents\["Other"\]: "Purchase" is not a standard event/),
    ]);
  });

  it("refuses more names than Pinterest's 15 per ad account", () => {
    const entries = Object.fromEntries(Array.from({ length: 16 }, (_, i) => [`Step ${i}`, 'Lead']));
    const result = parse(entries);
    expect(!result.ok && result.errors).toEqual([
      'advertiserDefinedEvents: 16 names, Pinterest allows 15 per ad account; map the others in eventMapping instead',
    ]);
    expect(parse(Object.fromEntries(Object.entries(entries).slice(0, 15))).ok).toBe(true);
  });

  it('warns about entries that never take effect', () => {
    const result = parse({ 'Order Completed': 'Lead', 'Signed Up': 'Lead', Signup: 'Lead', 'Lead!': 'Signup' }, { eventMapping: { 'Signed Up': 'Signup' } });
    expect(result.ok).toBe(true);
    expect(result.warnings).toEqual([
      'advertiserDefinedEvents["Order Completed"]: it already is the standard event "checkout", so it is never sent as the advertiser-defined event "order_completed"; this entry has no effect',
      'advertiserDefinedEvents["Signed Up"]: eventMapping sends it as "signup", so it is never sent as the advertiser-defined event "signed_up"; this entry has no effect',
      'advertiserDefinedEvents["Signup"]: it already is the standard event "signup", so it is never sent as the advertiser-defined event "signup"; this entry has no effect',
      'advertiserDefinedEvents["Lead!"]: becomes "lead", which is a standard event name; it is sent as that standard event and cannot be registered',
    ]);
    expect(result.ok && result.settings.advertiserDefinedEvents.size).toBe(0);
  });

  it('wants an object of strings', () => {
    expect(!parse(['x']).ok).toBe(true);
    expect(parse({ x: 1 }).ok).toBe(false);
  });
});
