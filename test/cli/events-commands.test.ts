import { GetParametersCommand, SSMClient } from '@aws-sdk/client-ssm';
import { getParametersFromFolders } from '../support/ssm-folders';
import { mockClient } from 'aws-sdk-client-mock';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPinterestSandbox, type PinterestSandbox } from '../../lib/local/pinterest-sandbox';
import { createPinterestClient } from '../../lib/pinterest/client';
import { pinterestEvent } from '../support/pinterest-events';
import { runCli } from '../support/run-cli';

/**
 * `events define|list` and `settings validate --online` end to end against the local Pinterest
 * sandbox (a real HTTP server on 127.0.0.1), with a local settings file.
 */
const dir = mkdtempSync(join(tmpdir(), 'pinterest-tag-events-'));
const ACCOUNT = '549755885175';
const TAG = '2614759966035';

function settingsFile(name: string, sources: Record<string, unknown>): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify({ sources }));
  return path;
}

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const web = {
  tagId: TAG,
  adAccountId: ACCOUNT,
  conversionToken: 'web-conversion-token',
  advertiserDefinedEvents: { 'Button Clicked': 'Lead', 'Newsletter Joined': 'Signup', 'button.clicked': 'Lead' },
};

describe('pinterest-tag events define / list (against the sandbox)', () => {
  let sandbox: PinterestSandbox;
  const printed: string[] = [];
  let env: Record<string, string>;

  beforeEach(async () => {
    printed.length = 0;
    sandbox = await startPinterestSandbox({ print: (s) => printed.push(s), conversionTags: { [ACCOUNT]: ['111', TAG] } });
    env = { PINTEREST_API_URL: sandbox.url };
  });
  afterEach(async () => {
    await sandbox.close();
  });

  test('dry run by default: shows the one request, sends nothing but the read', async () => {
    const file = settingsFile('web.json', { web });
    const result = await runCli(['events', 'define', '--source', 'web', '--settings', file], { env });
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    expect(result.out).toContain(`Dry run, would send:\n  POST ${sandbox.url}/v5/ad_accounts/${ACCOUNT}/advertiser_defined_events`);
    expect(result.out).toContain('"name": "button_clicked",\n        "mapped_conversion_type": "LEAD"');
    expect(result.out).toContain('"name": "newsletter_joined",\n        "mapped_conversion_type": "SIGNUP"');
    expect(result.out.match(/"name"/g)).toHaveLength(2);
    expect(result.out).toContain('Run again with --apply to send it.');
    expect(printed).toEqual([expect.stringMatching(/^Pinterest sandbox: GET .*advertiser_defined_events -> 200 {2}0 advertiser-defined events/)]);
  });

  test('--apply registers them; list shows them; a second define has nothing to send; events then carry no Unknown warning', async () => {
    const file = settingsFile('web-apply.json', { web });
    const applied = await runCli(['events', 'define', '--source', 'web', '--settings', file, '--apply'], { env });
    expect(applied.code).toBe(0);
    expect(applied.out).toContain('  defined: button_clicked\n  defined: newsletter_joined');

    const listed = await runCli(['events', 'list', '--source', 'web', '--settings', file], { env });
    expect(listed.code).toBe(0);
    expect(listed.out).toContain(`Ad account ${ACCOUNT}: 2 of 15 advertiser-defined events`);
    expect(listed.out).toMatch(/button_clicked\s+LEAD\s+Button Clicked/);
    expect(listed.out).toMatch(/newsletter_joined\s+SIGNUP\s+Newsletter Joined/);

    const again = await runCli(['events', 'define', '--source', 'web', '--settings', file, '--apply'], { env });
    expect(again.code).toBe(0);
    expect(again.out).toContain('already registered: button_clicked → LEAD (from "Button Clicked")');
    expect(again.out).toContain('nothing to send');

    const json = await runCli(['events', 'list', '--source', 'web', '--settings', file, '--json'], { env });
    expect(JSON.parse(json.out)).toMatchObject({ registered: [{ name: 'button_clicked', mapped_conversion_type: 'LEAD' }, { name: 'newsletter_joined' }], notRegistered: [] });

    const sent = await createPinterestClient({ baseUrl: sandbox.url }).send({ adAccountId: ACCOUNT, token: 't', testMode: false, events: [pinterestEvent('e1', 'button_clicked'), pinterestEvent('e2', 'not_registered')] });
    expect(sent).toMatchObject({ status: 200, events: [{ status: 'processed' }, { status: 'processed', warningMessage: expect.stringContaining("'Unknown' event") }] });
    expect(sent.kind === 'http' && sent.events?.[0]?.warningMessage).toBeUndefined();
  });

  test('a name registered with another mapping is a conflict, reported and never overwritten', async () => {
    const first = settingsFile('first.json', { web: { ...web, advertiserDefinedEvents: { 'Button Clicked': 'Lead' } } });
    expect((await runCli(['events', 'define', '--source', 'web', '--settings', first, '--apply'], { env })).code).toBe(0);
    const second = settingsFile('second.json', { web: { ...web, advertiserDefinedEvents: { 'Button Clicked': 'Signup' } } });
    const result = await runCli(['events', 'define', '--source', 'web', '--settings', second, '--apply'], { env });
    expect(result.code).toBe(1);
    expect(result.out).toContain('CONFLICT: button_clicked is registered as LEAD, the settings want SIGNUP');
    expect((await runCli(['events', 'list', '--source', 'web', '--settings', second, '--json'], { env })).out).toContain('"mapped_conversion_type": "LEAD"');
  });

  test("nothing is sent past Pinterest's 15 per ad account", async () => {
    const many = (from: number, n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`Step ${from + i}`, 'Lead']));
    const first = settingsFile('ten.json', { web: { ...web, advertiserDefinedEvents: many(0, 10) } });
    expect((await runCli(['events', 'define', '--source', 'web', '--settings', first, '--apply'], { env })).code).toBe(0);
    const second = settingsFile('six.json', { web: { ...web, advertiserDefinedEvents: many(10, 6) } });
    const result = await runCli(['events', 'define', '--source', 'web', '--settings', second, '--apply'], { env });
    expect(result.code).toBe(1);
    expect(result.out).toContain('problem: the ad account has 10 advertiser-defined events; 6 more would make 16, Pinterest allows 15');
    expect(result.out).toContain('Would not send');
    expect(printed.filter((p) => p.includes('POST'))).toHaveLength(1);
  });

  test('usage errors: no source, no ad account, no token', async () => {
    const file = settingsFile('bad.json', { web, noaccount: { tagId: TAG }, notoken: { tagId: TAG, adAccountId: ACCOUNT } });
    expect(await runCli(['events', 'define', '--settings', file], { env })).toMatchObject({ code: 2, err: expect.stringContaining('--source is required') });
    expect(await runCli(['events', 'define', '--source', 'noaccount', '--settings', file], { env })).toMatchObject({ code: 2, err: expect.stringContaining('has no adAccountId') });
    expect(await runCli(['events', 'list', '--source', 'notoken', '--settings', file], { env })).toMatchObject({ code: 2, err: expect.stringContaining('set PINTEREST_ACCESS_TOKEN') });
    // PINTEREST_ACCESS_TOKEN is used when set.
    expect((await runCli(['events', 'list', '--source', 'notoken', '--settings', file], { env: { ...env, PINTEREST_ACCESS_TOKEN: 'pina_x' } })).code).toBe(0);
  });

  test('reads the source from SSM with --stage (settings and conversion token as the worker reads them)', async () => {
    const ssm = mockClient(SSMClient);
    try {
      const path = '/pinterest-tag/prod/sources/web';
      ssm.on(GetParametersCommand).callsFake(
        getParametersFromFolders(({ Path }) => ({
          Parameters:
            Path === path
              ? [
                  { Name: `${path}/settings`, Value: JSON.stringify({ tagId: TAG, adAccountId: ACCOUNT, advertiserDefinedEvents: { 'Button Clicked': 'Lead' } }) },
                  { Name: `${path}/conversion-token`, Value: 'ssm-token' },
                ]
              : [],
        })),
      );
      const result = await runCli(['events', 'define', '--stage', 'prod', '--source', 'web'], { env: { ...env, AWS_REGION: 'us-east-1' } });
      expect(result.err).toBe('');
      expect(result.code).toBe(0);
      expect(result.out).toContain('"name": "button_clicked"');
      expect(ssm.commandCalls(GetParametersCommand)).toHaveLength(1);
    } finally {
      ssm.restore();
    }
  });

  test('the top help lists the events commands', async () => {
    const result = await runCli(['--help']);
    expect(result.out).toMatch(/events define\s+register a source's advertiser-defined events/);
    expect(result.out).toMatch(/events list\s+show the ad account's advertiser-defined events/);
  });
});

describe('pinterest-tag settings validate --online (against the sandbox)', () => {
  let sandbox: PinterestSandbox;

  beforeAll(async () => {
    sandbox = await startPinterestSandbox({ print: () => undefined, conversionTags: { [ACCOUNT]: ['111', TAG] } });
  });
  afterAll(async () => {
    await sandbox.close();
  });

  test('confirms a Tag ID of the ad account, refuses another, and leaves offline validation as it was', async () => {
    const file = settingsFile('online.json', {
      good: { tagId: TAG, adAccountId: ACCOUNT, conversionToken: 't' },
      wrong: { tagId: '999', adAccountId: ACCOUNT, conversionToken: 't' },
    });
    const env = { PINTEREST_API_URL: sandbox.url };
    const result = await runCli(['settings', 'validate', file, '--online'], { env });
    expect(result.code).toBe(2);
    expect(result.out).toContain(`valid: ${file} source "good"\n  online: tagId ${TAG} is a conversion tag of ad account ${ACCOUNT}`);
    expect(result.out).toContain(`INVALID: ${file} source "wrong"\n  error: online: tagId 999 is not a conversion tag of ad account ${ACCOUNT} (its tags: 111, ${TAG})`);
    expect((await runCli(['settings', 'validate', file], { env })).code).toBe(0);
  });

  test('says what failed when Pinterest answers with an error', async () => {
    const file = settingsFile('online-404.json', { web: { tagId: TAG, adAccountId: ACCOUNT, conversionToken: 't' } });
    // A wrong API base URL: the sandbox answers 404 with Pinterest's error shape.
    const result = await runCli(['settings', 'validate', file, '--online', '--json'], { env: { PINTEREST_API_URL: `${sandbox.url}/nowhere` } });
    expect(result.code).toBe(2);
    expect(JSON.parse(result.out).sources.web.errors).toEqual([
      'online: listing the conversion tags of ad account 549755885175 failed: HTTP 404 (code 404): Not found',
    ]);
  });
});
