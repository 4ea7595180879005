import '../support/quiet-logs';
import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { LoggerLike } from '../../lib/delivery/process-batch';
import { translate } from '../../lib/pinterest/translate';
import { FileSettingsProvider } from '../../lib/settings/file-provider';
import { freshTrack, waitFor } from '../support/local-stack';
import { chromiumAvailable, inCi, launchChromium, MISSING_CHROMIUM, type Browser } from './console-browser';
import { consoleApi, startConsoleStack, type ConsoleStack } from './console-fixture';

/**
 * The local console in a real browser (headless Chromium from Debian's package, driven by
 * playwright-core) against a running local stack: paste an event and check the preview, send it
 * and watch the delivery arrive, make a dead letter, replay it, purge it (after confirming), and
 * check that another site in the same browser can neither read nor drive the console. Every wait
 * is for a DOM or server condition, never a fixed time. Leaves test-output/console.png.
 */
const SCREENSHOT = join(__dirname, '..', '..', 'test-output', 'console.png');
const REBIND_HOST = 'rebind.test';

function describeInBrowser(name: string, body: () => void): void {
  if (chromiumAvailable()) return describe(name, body);
  if (inCi()) {
    describe(name, () => test('needs Chromium', () => { throw new Error(MISSING_CHROMIUM); }));
    return;
  }
  process.stderr.write(`skipping "${name}": ${MISSING_CHROMIUM}\n`);
  describe.skip(`${name} (skipped: ${MISSING_CHROMIUM})`, body);
}

describeInBrowser('local console in Chromium', () => {
  jest.setTimeout(60_000);
  let run: ConsoleStack;
  let browser: Browser;
  let page: Page;
  const refusals: Record<string, unknown>[] = [];
  const logger: LoggerLike = {
    info: () => undefined,
    error: () => undefined,
    warn: (message, ...extra) => {
      if (message === 'console refused a request') refusals.push(Object.assign({}, ...extra));
    },
  };
  const pageErrors: string[] = [];
  const loaded: { url: string; bytes: number }[] = [];

  beforeAll(async () => {
    run = await startConsoleStack(logger);
    browser = await launchChromium([`--host-resolver-rules=MAP ${REBIND_HOST} 127.0.0.1`]);
    page = await browser.context.newPage();
    page.setDefaultTimeout(20_000);
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('requestfinished', (request) => {
      void request.sizes().then((sizes) => loaded.push({ url: request.url(), bytes: sizes.responseBodySize }));
    });
    await page.goto(`${run.stack.url}/`);
    await page.locator('body[data-ready="true"]').waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await run?.close();
  });

  afterEach(() => expect(pageErrors).toEqual([]));

  const byId = (id: string) => page.getByTestId(id);
  const paste = async (event: unknown, sourceId: string) => {
    await byId('source-select').selectOption(sourceId);
    await byId('event-input').fill(JSON.stringify(event, null, 2));
  };

  test('loads from this server only (no CDN, works offline): a page, a stylesheet, a script, then the API', async () => {
    await waitFor('the first API answers', () => loaded.some((r) => r.url.includes('/console/api/deliveries')));
    expect(loaded.every((r) => r.url.startsWith(`${run.stack.url}/`))).toBe(true);
    const files = loaded.filter((r) => !r.url.includes('/console/api/'));
    expect(files.map((r) => new URL(r.url).pathname).sort()).toEqual(['/', '/console/console.css', '/console/console.js']);
    // Small enough to load at once on any machine: well under 64 KB uncompressed.
    expect(files.reduce((sum, r) => sum + r.bytes, 0)).toBeLessThan(64 * 1024);
  });

  test('Sources: every source with its Tag ID, account, mapping and validation messages', async () => {
    const sources = byId('sources');
    await expect(sources.getByTestId('source').count()).resolves.toBe(3);
    const shop = sources.locator('[data-source="shop"]');
    const text = await shop.innerText();
    for (const shown of ['2614759966035', '549755885175', 'test mode', 'Signed Up', 'Signup', 'merchandising.contentBrand', 'token set']) {
      expect(text).toContain(shown);
    }
    expect(text).not.toContain('pina_');
    await expect(sources.locator('[data-source="unready"]').getByTestId('source-warning').innerText()).resolves.toContain('adAccountId is not set');
    const errors = await sources.locator('[data-source="broken"]').getByTestId('source-error').allInnerTexts();
    expect(errors.join('\n')).toContain('tagId must be digits only');
    expect(errors.join('\n')).toContain('testMode must be true or false');
  });

  test('Event tester: a pasted event previews as exactly what Pinterest would receive', async () => {
    const event = freshTrack('browser-preview-1');
    await paste(event, 'shop');
    await byId('translate-button').click();
    const result = byId('translate-output').locator('[data-testid="translate-result"][data-status="event"]');
    await result.waitFor();
    await expect(result.getByTestId('hashed-keys').innerText()).resolves.toMatch(/em\s*ph\s*external_id/);

    const lookup = await new FileSettingsProvider(run.settingsFile).getSource('shop');
    if (lookup.status !== 'ok') throw new Error(lookup.message);
    const expected = translate(event, lookup.settings, Date.now());
    if (!expected.ok) throw new Error(expected.drop.message);
    expect(JSON.parse(await result.locator('pre').innerText())).toEqual(expected.event);
  });

  test('Event tester: a dropped event says why', async () => {
    await paste(freshTrack('browser-drop-1', { event: 'Wishlist Viewed' }), 'unready');
    await byId('translate-button').click();
    await byId('translate-output').locator('[data-status="dropped"]').waitFor();
    await expect(byId('drop-reason').innerText()).resolves.toBe('unmapped_event');

    // Several events at once (an array here; {batch} and NDJSON work too): one answer each, and a count.
    await paste([freshTrack('browser-many-1'), { ...freshTrack('browser-many-2'), type: 'identify' }], 'shop');
    await byId('translate-button').click();
    await byId('translate-summary').filter({ hasText: '2 events: 1 would be sent, 1 dropped' }).waitFor();
    await expect(byId('translate-output').getByTestId('drop-reason').innerText()).resolves.toBe('unsupported_type');
  });

  test('Event tester: a sample from events/segment loads stamped now and previews at once', async () => {
    await byId('source-select').selectOption('shop');
    await byId('sample-select').selectOption('order-completed.json');
    // Polled from here: the page's Content-Security-Policy forbids the eval a waitForFunction string needs.
    await waitFor('the sample in the input', async () => (await byId('event-input').inputValue()).includes('"event": "Order Completed"'));
    await byId('translate-output').locator('[data-status="event"]').filter({ hasText: 'checkout' }).waitFor();
  });

  test('Send: through the real ingest route; the delivery appears live with names, ids and keys only', async () => {
    await paste(freshTrack('browser-send-1'), 'shop');
    await byId('send-button').click();
    await byId('send-result').filter({ hasText: 'Ingest answered 200: accepted 1' }).waitFor();
    const row = byId('deliveries').locator('[data-testid="delivery-event"][data-event-id="browser-send-1"]');
    await row.filter({ hasText: 'processed' }).waitFor();
    await expect(row.innerText()).resolves.toMatch(/checkout[\s\S]*em[\s\S]*client_ip_address/);
    await byId('outcome-totals').locator('[data-kind="delivered"] b').filter({ hasText: /^1$/ }).waitFor();
    const shown = await byId('deliveries').innerText();
    expect(shown).not.toMatch(/[0-9a-f]{64}/);
    expect(shown).not.toContain('pina_');
  });

  test('Dead letters: one appears as dlq peek shows it; replay sends it round again', async () => {
    await paste(freshTrack('browser-dead-1'), 'unready');
    await byId('send-button').click();
    await byId('send-result').filter({ hasText: 'Ingest answered 200' }).waitFor();
    const entry = byId('dlq-entries').locator('[data-testid="dlq-entry"][data-reason="settings_missing"]');
    await entry.waitFor();
    await expect(entry.innerText()).resolves.toMatch(/source unready[\s\S]*replays 0[\s\S]*no adAccountId/);
    await expect(byId('dlq-stats').innerText()).resolves.toMatch(/1\s+message[\s\S]*unready[\s\S]*settings_missing/);
    await byId('outcome-totals').locator('[data-kind="deadLetter"] b').filter({ hasText: /^1$/ }).waitFor();

    // The README tour's picture: a preview, a delivery, the chart and a dead letter on one page.
    await byId('source-select').selectOption('shop');
    await byId('sample-select').selectOption('order-completed.json');
    await byId('translate-output').locator('[data-status="event"]').filter({ hasText: 'checkout' }).waitFor();
    mkdirSync(join(SCREENSHOT, '..'), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });

    await byId('replay-button').click();
    await byId('dlq-result').filter({ hasText: 'Replayed 1 of 1' }).waitFor();
    // The worker dead-letters it again (the source still has no ad account): back with replays 1.
    await byId('dlq-entries').locator('[data-testid="dlq-entry"][data-replays="1"]').waitFor();
  });

  test('Dead letters: purge asks first; cancel keeps them, confirm deletes them', async () => {
    await byId('purge-button').click();
    await expect(byId('purge-question').innerText()).resolves.toBe('Delete 1 dead letter with reason settings_missing from source unready?');
    await byId('purge-cancel').click();
    await byId('purge-dialog').waitFor({ state: 'hidden' });
    await expect(byId('dlq-entries').getByTestId('dlq-entry').count()).resolves.toBe(1);

    await byId('purge-button').click();
    await byId('purge-confirm').click();
    await byId('dlq-result').filter({ hasText: 'Deleted 1 dead letter for good' }).waitFor();
    await byId('dlq-total').filter({ hasText: /^0$/ }).waitFor();
    await expect(byId('dlq-entries').getByTestId('dlq-entry').count()).resolves.toBe(0);
  });

  describe('another site in the same browser', () => {
    let attacker: Server;
    afterAll(async () => {
      if (!attacker) return;
      // The browser keeps its connection alive; drop it rather than wait for its idle timeout.
      attacker.closeAllConnections();
      await new Promise<void>((resolve) => attacker.close(() => resolve()));
    });

    test('DNS rebinding: a name that resolves to 127.0.0.1 gets a refusal, not the console', async () => {
      const rebound = await browser.context.newPage();
      try {
        const response = await rebound.goto(`http://${REBIND_HOST}:${run.port}/`);
        expect(response?.status()).toBe(403);
        await expect(rebound.locator('body').innerText()).resolves.toContain('answers only to Host');
        await expect(rebound.getByTestId('sources').count()).resolves.toBe(0);
        const api = await rebound.evaluate(async () => (await fetch('/console/api/overview')).status);
        expect(api).toBe(403);
      } finally {
        await rebound.close();
      }
    });

    test('CSRF: fetches and a form post from another origin cannot purge, replay or read', async () => {
      await consoleApi(run.port, '/console/api/send', { sourceId: 'unready', text: JSON.stringify(freshTrack('browser-csrf-1')) });
      type DlqBody = { stats: { total: number }; peek: { messages: { replays: number; event: { messageId?: string } }[] } };
      const readDlq = async () => (await consoleApi(run.port, '/console/api/dlq')).json() as DlqBody;
      const protectedOne = (body: DlqBody) => body.peek.messages.find((m) => m.event.messageId === 'browser-csrf-1');
      const dlqBefore = await waitFor('a dead letter to protect', async () => {
        const body = await readDlq();
        return protectedOne(body) ? body : undefined;
      });
      const target = `${run.stack.url}/console/api`;
      const purge = JSON.stringify({ reason: 'settings_missing', confirm: true });
      // A page on another origin (another local port), run by the same browser the user runs the console in.
      const html = `<!doctype html><body>
<iframe name="sink"></iframe>
<form id="form" method="POST" action="${target}/dlq/purge" target="sink" enctype="text/plain"><input name='{"reason":"settings_missing","confirm":true,"x":"' value='"}'></form>
<script>
(async () => {
  const results = {};
  const attempt = async (name, url, init) => {
    try { const r = await fetch(url, init); results[name] = r.type === 'opaque' ? 'opaque' : String(r.status); }
    catch { results[name] = 'blocked'; }
  };
  await attempt('noCorsPurge', '${target}/dlq/purge', { method: 'POST', mode: 'no-cors', headers: { 'content-type': 'text/plain' }, body: '${purge}' });
  await attempt('jsonPurge', '${target}/dlq/purge', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '${purge}' });
  await attempt('replay', '${target}/dlq/replay', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  await attempt('read', '${target}/overview', {});
  document.getElementById('form').submit();
  document.body.dataset.results = JSON.stringify(results);
})();
</script></body>`;
      attacker = createServer((_req, res) => {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end(html);
      });
      await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', () => resolve()));
      const before = refusals.length;

      const evil = await browser.context.newPage();
      try {
        await evil.goto(`http://127.0.0.1:${(attacker.address() as AddressInfo).port}/`);
        const results = JSON.parse((await evil.locator('body[data-results]').getAttribute('data-results')) as string);
        // The page can read no answer (CORS, and Cross-Origin-Resource-Policy for the no-cors one)…
        expect(results).toEqual({ noCorsPurge: 'blocked', jsonPurge: 'blocked', replay: 'blocked', read: 'blocked' });
        // …and the console refused every request (not merely hid the answer): the no-cors purge, two
        // preflights, the read and the form post.
        await waitFor('the console to refuse all five requests', () => refusals.length - before >= 5);
      } finally {
        await evil.close();
      }
      expect(refusals.slice(before).map((r) => r.status)).toEqual([403, 403, 403, 403, 403]);
      const after = await readDlq();
      expect(after.stats.total).toBe(dlqBefore.stats.total);
      expect(protectedOne(after)?.replays).toBe(0);
    });
  });
});
