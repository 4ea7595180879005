import { FileSettingsProvider } from '../../lib/settings/file-provider';

const provider = new FileSettingsProvider({
  sources: {
    demo: { tagId: '2614759966035', adAccountId: '549755885175', conversionToken: 'tok', webhookSecret: 'sec' },
    broken: { tagId: 'x' },
  },
});

describe('FileSettingsProvider', () => {
  it('returns validated settings with the token from the document', async () => {
    await expect(provider.getSource('demo')).resolves.toMatchObject({ status: 'ok', conversionToken: 'tok', warnings: [] });
  });
  it('reports unknown and invalid sources', async () => {
    await expect(provider.getSource('other')).resolves.toEqual({ status: 'missing', message: 'no settings for source "other"' });
    await expect(provider.getSource('broken')).resolves.toEqual({ status: 'invalid', message: 'tagId must be digits only, like 2614759966035' });
    await expect(provider.getSource('__proto__')).resolves.toMatchObject({ status: 'missing' });
  });
  it('returns the webhook secret only for sources that have one', async () => {
    await expect(provider.getWebhookSecret('demo')).resolves.toBe('sec');
    await expect(provider.getWebhookSecret('broken')).resolves.toBeUndefined();
    await expect(provider.getWebhookSecret('toString')).resolves.toBeUndefined();
  });
  it('refuses a file that is not {"sources": {...}}', () => {
    expect(() => new FileSettingsProvider({ demo: {} } as never)).toThrow(/sources/);
  });
});
