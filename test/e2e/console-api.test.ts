import '../support/quiet-logs';
import { createHandler } from '../../functions/ingest';
import { startLocalStack } from '../../lib/local';
import { sha256Hex } from '../../lib/pinterest/hash';
import { translate } from '../../lib/pinterest/translate';
import { validateSettingsFile } from '../../lib/ops/settings';
import { FileSettingsProvider } from '../../lib/settings/file-provider';
import { freshTrack, silentLogger, waitFor } from '../support/local-stack';
import { CONSOLE_SETTINGS, consoleApi, rawRequest, startConsoleStack, type ConsoleStack } from './console-fixture';

/**
 * The console's JSON API on a running local stack (embedded SQS, the sandbox): what each route
 * answers, that send goes through the real ingest path, that replay and purge are the CLI's use
 * cases, and the DNS-rebinding and CSRF refusals (the same again in a real browser:
 * console.test.ts).
 */
interface DeliveriesBody {
  lastSeq: number;
  deliveries: { events: { eventName: string; eventId: string; hashedKeys: string[]; status: string }[]; httpStatus?: number }[];
  totals: Record<string, number>;
  dlqMessages: number;
}
interface DlqBody {
  stats: { total: number; groups: { sourceId: string; reason: string; count: number }[] };
  peek: { messages: { reason: string; replays: number; sourceId?: string; event: { messageId?: string; userId?: string } }[] };
}

describe('local console API', () => {
  // Each step waits for the pipeline; on a loaded machine a few steps can outlast jest's default.
  jest.setTimeout(60_000);
  let run: ConsoleStack;
  let port: number;

  beforeAll(async () => {
    run = await startConsoleStack();
    port = run.port;
  });
  afterAll(() => run?.close());

  const deliveries = async (after = 0) => (await consoleApi(port, `/console/api/deliveries?after=${after}`)).json() as DeliveriesBody;
  const dlq = async () => (await consoleApi(port, '/console/api/dlq')).json() as DlqBody;
  const untilDlq = (what: string, check: (body: DlqBody) => boolean) =>
    waitFor(what, async () => {
      const body = await dlq();
      return check(body) ? body : undefined;
    });

  test('GET / is the page, with a strict content policy and no framing', async () => {
    const page = await rawRequest(port, '/');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    // The stable hooks tests and users' own scripts rely on.
    for (const id of ['sources', 'event-input', 'source-select', 'translate-button', 'translate-output', 'send-button', 'deliveries', 'dlq-stats', 'dlq-entries', 'replay-button']) {
      expect(page.text).toContain(`data-testid="${id}"`);
    }
    expect(page.headers['content-security-policy']).toContain("default-src 'none'");
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(page.headers['x-frame-options']).toBe('DENY');
    for (const asset of ['/console/console.js', '/console/console.css']) expect((await rawRequest(port, asset)).status).toBe(200);
    // Everything the page loads is on this server: no CDN, works offline.
    expect(page.text).not.toMatch(/(?:src|href)="(?:https?:)?\/\//);
  });

  test('the ingest routes are untouched around it', async () => {
    expect((await rawRequest(port, '/v1/sources/shop/events')).status).toBe(404);
    expect((await rawRequest(port, '/console/api/nothing')).status).toBe(404);
    expect((await rawRequest(port, '/console/other.js')).status).toBe(404);
  });

  test('overview: the sources with settings validate’s messages, the samples, where deliveries go', async () => {
    const body = (await consoleApi(port, '/console/api/overview')).json() as {
      sources: { file: string; sources: { id: string; errors: string[]; warnings: string[]; conversionToken: boolean }[] };
      samples: string[];
      pinterest: { sandbox: boolean; url: string };
    };
    expect(body.sources.file).toBe(run.settingsFile);
    const validated = validateSettingsFile(CONSOLE_SETTINGS).sources;
    expect(body.sources.sources.map((s) => [s.id, s.errors, s.warnings])).toEqual(
      Object.entries(validated).map(([id, v]) => [id, v.errors, v.warnings]),
    );
    expect(body.sources.sources[2]?.errors.length).toBeGreaterThan(0);
    expect(body.samples).toContain('order-completed.json');
    expect(body.pinterest).toEqual({ sandbox: true, url: run.stack.pinterestApiUrl });
    expect(JSON.stringify(body)).not.toMatch(/pina_|webhook-secret/);
  });

  test('translate answers what translate() answers', async () => {
    const event = freshTrack('console-translate');
    const answer = (await consoleApi(port, '/console/api/translate', { sourceId: 'shop', text: JSON.stringify(event) })).json() as {
      results: { ok: boolean; event: unknown; hashedKeys: string[] }[];
    };
    const lookup = await new FileSettingsProvider(run.settingsFile).getSource('shop');
    if (lookup.status !== 'ok') throw new Error(lookup.message);
    const expected = translate(event, lookup.settings, Date.now());
    if (!expected.ok) throw new Error(expected.drop.message);
    expect(answer.results[0]).toMatchObject({ ok: true, event: expected.event, hashedKeys: ['em', 'ph', 'external_id'] });
  });

  test('send posts through ingest, signed for the source; the delivery shows names, ids and keys, never hashes or the token', async () => {
    const before = (await deliveries()).lastSeq;
    const event = freshTrack('console-send-1');
    const sent = (await consoleApi(port, '/console/api/send', { sourceId: 'shop', text: JSON.stringify(event) })).json();
    expect(sent).toEqual({ status: 200, events: 1, body: { accepted: 1, ignored: 0, rejected: [] } });

    const body = await waitFor('the delivery', async () => {
      const d = await deliveries(before);
      return d.deliveries.length > 0 && (d.totals.delivered ?? 0) >= 1 ? d : undefined;
    });
    expect(body.deliveries[0]).toMatchObject({
      httpStatus: 200,
      events: [expect.objectContaining({ eventName: 'checkout', eventId: 'console-send-1', hashedKeys: ['em', 'ph', 'external_id'], status: 'processed' })],
    });
    const shown = JSON.stringify(body);
    expect(shown).not.toContain(sha256Hex('jane.doe@example.com'));
    expect(shown).not.toMatch(/[0-9a-f]{64}/);
    expect(shown).not.toContain('pina_');
  });

  test('send refuses a source without a webhook secret and a body that is not JSON', async () => {
    const noSecret = await consoleApi(port, '/console/api/send', { sourceId: 'broken', text: JSON.stringify(freshTrack('x')) });
    expect(noSecret.status).toBe(409);
    const notJson = await consoleApi(port, '/console/api/send', { sourceId: 'shop', text: '{nope' });
    expect(notJson.status).toBe(400);
  });

  test('a dead letter shows as dlq peek shows it; replay sends it round again (replays 1); purge deletes it', async () => {
    const sent = (await consoleApi(port, '/console/api/send', { sourceId: 'unready', text: JSON.stringify(freshTrack('console-dead-1')) })).json();
    expect(sent).toMatchObject({ status: 200 });
    const first = await untilDlq('the dead letter', (b) => b.peek.messages.length === 1 && b.stats.total === 1);
    expect(first.stats.groups).toEqual([{ sourceId: 'unready', reason: 'settings_missing', count: 1 }]);
    expect(first.peek.messages[0]).toMatchObject({ reason: 'settings_missing', replays: 0, sourceId: 'unready', event: { messageId: 'console-dead-1' } });
    // A fingerprint, not the id (its format is lib/ops' business).
    expect(first.peek.messages[0]?.event.userId).toEqual(expect.any(String));
    expect(first.peek.messages[0]?.event.userId).not.toBe('user-e2e');
    expect(JSON.stringify(first)).not.toContain('user-e2e');

    const replay = (await consoleApi(port, '/console/api/dlq/replay', {})).json();
    expect(replay).toMatchObject({ replayed: 1, failed: 0 });
    const again = await untilDlq('the replayed event dead-lettered again', (b) => b.peek.messages[0]?.replays === 1);
    expect(again.stats.total).toBe(1);

    const noConfirm = await consoleApi(port, '/console/api/dlq/purge', { reason: 'settings_missing' });
    expect(noConfirm.status).toBe(400);
    const noReason = await consoleApi(port, '/console/api/dlq/purge', { confirm: true });
    expect(noReason.status).toBe(400);
    const badReason = await consoleApi(port, '/console/api/dlq/replay', { reason: 'whatever' });
    expect(badReason.status).toBe(400);
    expect((await dlq()).stats.total).toBe(1);

    const purged = (await consoleApi(port, '/console/api/dlq/purge', { reason: 'settings_missing', confirm: true })).json();
    expect(purged).toMatchObject({ deleted: 1 });
    expect((await dlq()).stats.total).toBe(0);
  });

  describe('refuses what another site could make a browser send', () => {
    const evilHost = (p: number) => `rebind.attacker.example:${p}`;

    test('DNS rebinding: a foreign Host gets nothing, not even the page', async () => {
      for (const path of ['/', '/console/console.js', '/console/api/overview', '/console/api/dlq', '/console/api/deliveries']) {
        const res = await rawRequest(port, path, { headers: { host: evilHost(port) } });
        expect([path, res.status]).toEqual([path, 403]);
        expect(res.text).not.toContain('shop');
      }
    });

    test('CSRF: send, replay and purge from another origin, a cross-site fetch or a form post change nothing', async () => {
      await consoleApi(port, '/console/api/send', { sourceId: 'unready', text: JSON.stringify(freshTrack('console-csrf-1')) });
      const before = await untilDlq('a dead letter to protect', (b) => b.peek.messages.some((m) => m.event.messageId === 'console-csrf-1'));
      const seq = (await deliveries()).lastSeq;

      const json = { 'content-type': 'application/json' };
      const attempts: [string, Record<string, string>, string][] = [
        ['/console/api/dlq/purge', { ...json, origin: 'https://attacker.example' }, JSON.stringify({ reason: 'settings_missing', confirm: true })],
        ['/console/api/dlq/purge', { ...json, origin: 'null' }, JSON.stringify({ reason: 'settings_missing', confirm: true })],
        ['/console/api/dlq/purge', { ...json, 'sec-fetch-site': 'cross-site' }, JSON.stringify({ reason: 'settings_missing', confirm: true })],
        ['/console/api/dlq/purge', { 'content-type': 'text/plain' }, JSON.stringify({ reason: 'settings_missing', confirm: true })],
        ['/console/api/dlq/purge', { 'content-type': 'application/x-www-form-urlencoded' }, 'reason=settings_missing&confirm=true'],
        ['/console/api/dlq/replay', { ...json, origin: 'http://127.0.0.1:1' }, '{}'],
        ['/console/api/send', { ...json, origin: 'https://attacker.example' }, JSON.stringify({ sourceId: 'shop', text: JSON.stringify(freshTrack('csrf-send')) })],
        ['/console/api/dlq/purge', { ...json, host: evilHost(port) }, JSON.stringify({ reason: 'settings_missing', confirm: true })],
      ];
      for (const [path, headers, body] of attempts) {
        const res = await rawRequest(port, path, { method: 'POST', headers, body });
        expect({ path, headers, refused: res.status === 403 || res.status === 415 }).toEqual({ path, headers, refused: true });
      }
      const after = await dlq();
      expect(after.stats.total).toBe(before.stats.total);
      expect(after.peek.messages.find((m) => m.event.messageId === 'console-csrf-1')?.replays).toBe(0);
      expect((await deliveries(seq)).deliveries).toEqual([]);
      // The same purge from the console's own origin works: the refusals were about where they came from.
      const own = await consoleApi(port, '/console/api/dlq/purge', { reason: 'settings_missing', confirm: true });
      expect(own.json()).toMatchObject({ deleted: before.stats.total });
    });
  });
});

describe('local stack without the console', () => {
  test('console: false leaves GET / to API Gateway’s 404', async () => {
    const stack = await startLocalStack({
      createIngestHandler: createHandler,
      settings: new FileSettingsProvider({ sources: {} }),
      port: 0,
      sqs: { embedded: { port: 0 } },
      sandbox: { print: () => undefined },
      logger: silentLogger,
      console: false,
    });
    try {
      const res = await fetch(`${stack.url}/`);
      expect(res.status).toBe(404);
      expect(await res.json()).toEqual({ message: 'Not Found' });
    } finally {
      await stack.stop();
    }
  });
});
