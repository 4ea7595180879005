import { eventsOf, previewEvents } from '../../../lib/local/console/event-tester';
import { describeSources } from '../../../lib/local/console/sources';
import { listSamples, readSample, SEGMENT_SAMPLES_DIR } from '../../../lib/local/console/samples';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { runTranslateCli } from '../../../lib/ops/translate-stream';
import { validateSettingsFile } from '../../../lib/ops/settings';
import { FileSettingsProvider } from '../../../lib/settings/file-provider';

const NOW = Date.parse('2026-12-01T12:00:00Z');
const SETTINGS = {
  sources: {
    shop: {
      tagId: '2614759966035',
      adAccountId: '549755885175',
      conversionToken: 'pina_TOKEN',
      webhookSecret: 'shop-secret',
      eventMapping: { 'Lead Generated': 'Lead' },
      customProperties: ['brand_name'],
      unmappedEvents: 'drop',
      testMode: true,
    },
    unready: { tagId: '2614759966035' },
    broken: { tagId: 'abc', eventMapping: { Bought: 'Purchase' } },
  },
};
const provider = new FileSettingsProvider(SETTINGS);

/** What `pinterest-tag translate --settings FILE --source ID --now NOW` prints for one event. */
async function translateCommand(event: unknown, sourceId: string): Promise<unknown> {
  const dir = mkdtempSync(join(tmpdir(), 'console-translate-'));
  try {
    const file = join(dir, 'settings.json');
    writeFileSync(file, JSON.stringify(SETTINGS));
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    let out = '';
    stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const code = await runTranslateCli(['--settings', file, '--source', sourceId, '--now', new Date(NOW).toISOString()], {
      stdin: Readable.from([`${JSON.stringify(event)}\n`]),
      stdout,
      stderr,
    });
    expect(code).toBe(0);
    return JSON.parse(out.trim());
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const track = (event: string, extra: Record<string, unknown> = {}) => ({
  type: 'track',
  event,
  messageId: `m-${event.replace(/\s/g, '-')}`,
  timestamp: '2026-12-01T11:59:00Z',
  context: { ip: '203.0.113.9', userAgent: 'Mozilla/5.0', traits: { email: 'Jane.Doe@Example.com' } },
  properties: { revenue: 10, currency: 'USD' },
  ...extra,
});

describe('console event tester', () => {
  test('the preview is the translate command’s answer, with the hashed fields named', async () => {
    const input = track('Order Completed');
    const preview = await previewEvents(provider, 'shop', JSON.stringify(input, null, 2), NOW);
    expect(preview.ok).toBe(true);
    if (!preview.ok) return;
    const cli = (await translateCommand(input, 'shop')) as { event: { event_name: string } };
    expect(preview.results).toEqual([
      { ok: true, event: cli.event, hashedKeys: ['em'], plainKeys: ['client_ip_address', 'client_user_agent'], warnings: [] },
    ]);
    expect(cli.event.event_name).toBe('checkout');
    // The settings warning (the custom property with no custom_data target) comes along.
    expect(preview.settingsWarnings).toEqual([expect.stringContaining('customProperties[0] ("brand_name")')]);
  });

  test('a drop says why, with the reason code', async () => {
    const preview = await previewEvents(provider, 'shop', JSON.stringify(track('Wishlist Viewed')), NOW);
    expect(preview).toMatchObject({ ok: true, results: [{ ok: false, drop: { reason: 'unmapped_event' } }] });
    const old = await previewEvents(provider, 'shop', JSON.stringify(track('Order Completed', { timestamp: '2026-11-01T00:00:00Z' })), NOW);
    expect(old).toMatchObject({ ok: true, results: [{ ok: false, drop: { reason: 'event_too_old' } }] });
  });

  test('a source the worker could not use gives the worker’s reason', async () => {
    await expect(previewEvents(provider, 'nobody', JSON.stringify(track('Order Completed')), NOW)).resolves.toMatchObject({
      ok: true,
      results: [{ ok: false, drop: { reason: 'settings_missing' } }],
    });
    await expect(previewEvents(provider, 'broken', JSON.stringify(track('Order Completed')), NOW)).resolves.toMatchObject({
      ok: true,
      results: [{ ok: false, drop: { reason: 'settings_invalid', message: expect.stringContaining('tagId') } }],
    });
    const unready = await previewEvents(provider, 'unready', JSON.stringify(track('Order Completed')), NOW);
    expect(unready).toMatchObject({ ok: true, settingsWarnings: [expect.stringContaining('adAccountId is not set')] });
  });

  test('a non-standard name is previewed with Pinterest’s Unknown-event warning', async () => {
    const partner = await previewEvents(new FileSettingsProvider({ sources: { p: { tagId: '1', adAccountId: '2' } } }), 'p', JSON.stringify(track('Wishlist Viewed')), NOW);
    expect(partner).toMatchObject({ ok: true, results: [{ ok: true, warnings: [expect.stringContaining('not a Pinterest standard event name')] }] });
  });

  test('takes one event, an array, a {batch} body or NDJSON; bad JSON is located, never quoted', async () => {
    const a = track('Order Completed');
    const b = track('Lead Generated');
    for (const text of [JSON.stringify([a, b]), JSON.stringify({ batch: [a, b] }), `${JSON.stringify(a)}\n${JSON.stringify(b)}\n`]) {
      expect(eventsOf(text)).toEqual({ ok: true, events: [a, b] });
    }
    const preview = await previewEvents(provider, 'shop', JSON.stringify([a, b]), NOW);
    expect(preview.ok && preview.results.map((r) => r.ok && r.event.event_name)).toEqual(['checkout', 'lead']);

    const broken = eventsOf('{"email": "jane.doe@example.com", oops}');
    expect(broken).toEqual({ ok: false, error: expect.stringMatching(/^the pasted text is not valid JSON at line 1, column \d+/) });
    expect(JSON.stringify(broken)).not.toContain('jane.doe');
    expect(eventsOf('  ')).toEqual({ ok: false, error: expect.stringContaining('paste') });
  });
});

describe('console sources panel', () => {
  test('shows each source as written, with settings validate’s messages, and secrets as set or not', () => {
    const view = describeSources(SETTINGS, 'local.json');
    const validated = validateSettingsFile(SETTINGS);
    expect(view.ok).toBe(false);
    expect(view.sources.map((s) => s.id)).toEqual(['shop', 'unready', 'broken']);
    for (const source of view.sources) {
      expect({ errors: source.errors, warnings: source.warnings }).toEqual({
        errors: validated.sources[source.id]?.errors,
        warnings: validated.sources[source.id]?.warnings,
      });
    }
    expect(view.sources[0]).toMatchObject({
      tagId: '2614759966035',
      adAccountId: '549755885175',
      testMode: true,
      eventMapping: { 'Lead Generated': 'Lead' },
      customProperties: ['brand_name'],
      conversionToken: true,
      webhookSecret: true,
    });
    expect(view.sources[2]?.errors.join(' ')).toContain('tagId must be digits only');
    expect(JSON.stringify(view)).not.toMatch(/pina_TOKEN|shop-secret/);
  });

  test('a file that is not a settings file is an error, not an empty list', () => {
    expect(describeSources({ tagId: '1' })).toMatchObject({ ok: false, error: expect.stringContaining('{"sources"'), sources: [] });
  });
});

describe('console samples', () => {
  test('lists the repository samples and hands them out stamped now', () => {
    const names = listSamples(SEGMENT_SAMPLES_DIR);
    expect(names).toContain('order-completed.json');
    const text = readSample(SEGMENT_SAMPLES_DIR, 'order-completed.json', new Date(NOW)) as string;
    expect(JSON.parse(text)).toMatchObject({ event: 'Order Completed', timestamp: '2026-12-01T12:00:00.000Z' });
  });

  test('hands out only files of the folder (no path tricks)', () => {
    for (const name of ['../../package.json', '/etc/passwd', 'order-completed.json/..', '']) {
      expect(readSample(SEGMENT_SAMPLES_DIR, name, new Date(NOW))).toBeUndefined();
    }
  });
});
