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
      'advertiserDefinedEvents["button  clicked"]: becomes "button_clicked" like "Button Clicked", mapped to "lead": one name, one standard event',
    ]);
  });

  it('refuses names with nothing to keep and targets Pinterest cannot map to', () => {
    const result = parse({ '🍜': 'Lead', 'App Opened': 'app_open', Later: 'Custom', Other: 'Purchase' });
    expect(!result.ok && result.errors).toEqual([
      'advertiserDefinedEvents["🍜"]: no letters or digits to form a name from (a-z, 0-9, _ and -)',
      expect.stringMatching(/^advertiserDefinedEvents\["App Opened"\]: "app_open" is not a standard event Pinterest maps these to; use one of AddPaymentInfo, AddToCart/),
      expect.stringMatching(/^advertiserDefinedEvents\["Later"\]: "Custom" is not a standard event/),
      expect.stringMatching(/^advertiserDefinedEvents\["Other"\]: "Purchase" is not a standard event/),
    ]);
  });

  it("refuses more names than Pinterest's 15 per ad account", () => {
    const entries = Object.fromEntries(Array.from({ length: 16 }, (_, i) => [`Step ${i}`, 'Lead']));
    const result = parse(entries);
    expect(!result.ok && result.errors).toEqual([
      'advertiserDefinedEvents: 16 names, Pinterest allows 15 per ad account',
    ]);
    expect(parse(Object.fromEntries(Object.entries(entries).slice(0, 15))).ok).toBe(true);
  });

  it('warns about entries that never take effect', () => {
    const result = parse({ 'Order Completed': 'Lead', 'Signed Up': 'Lead', Signup: 'Lead', 'Lead!': 'Signup' }, { eventMapping: { 'Signed Up': 'Signup' } });
    expect(result.ok).toBe(true);
    expect(result.warnings).toEqual([
      'advertiserDefinedEvents["Order Completed"]: it is sent as the standard event "checkout", never as "order_completed"; this entry has no effect',
      'advertiserDefinedEvents["Signed Up"]: eventMapping sends it as "signup", never as "signed_up"; this entry has no effect',
      'advertiserDefinedEvents["Signup"]: it is sent as the standard event "signup", never as "signup"; this entry has no effect',
      'advertiserDefinedEvents["Lead!"]: it is sent as the standard event "lead", never as "lead"; this entry has no effect',
    ]);
    expect(result.ok && result.settings.advertiserDefinedEvents.size).toBe(0);
  });

  it('wants an object of strings', () => {
    expect(!parse(['x']).ok).toBe(true);
    expect(parse({ x: 1 }).ok).toBe(false);
  });
});
