import { DEFAULT_PINTEREST_API_URL } from '../../lib/pinterest/client';
import { createAdAccountClient, listDefinedEventsCall, type AdAccountClient } from '../../lib/pinterest/ad-account-client';
import { defineAdvertiserEvents, describeFailure, planDefine, type DefinePlan } from '../../lib/ops/advertiser-events';
import { lookupSource } from '../../lib/ops/source-settings';
import type { SourceSettings } from '../../lib/settings/schema';
import type { Command } from './command';
import { EXIT, UsageError, type Context } from './context';
import { table } from './format';
import { readJsonFile } from './settings-commands';

/**
 * `pinterest-tag events define|list`: a source's advertiser-defined events (its
 * `advertiserDefinedEvents` setting) and Pinterest's list for the ad account. Settings come from
 * `--settings FILE` or SSM (`--stage` / `--settings-prefix`); the token from PINTEREST_ACCESS_TOKEN,
 * else the source's conversion token; the API from PINTEREST_API_URL (the local sandbox), else
 * api.pinterest.com.
 */
const SOURCE_OPTIONS = { source: { type: 'string' }, settings: { type: 'string' } } as const;
const SOURCE_HELP = [
  '  --source ID            the Segment source whose settings name the events',
  '  --settings FILE        a local settings file ({"sources": {...}} or one document); default: SSM',
];
const TOKEN_NOTE =
  'Pinterest documents these endpoints for an API access token (OAuth scopes ads:read, ads:write):\n' +
  'put it in PINTEREST_ACCESS_TOKEN (`read -rs` keeps it out of shell history). Without it the\n' +
  'source\'s conversion token is tried, which Pinterest may refuse (401/403). PINTEREST_API_URL\n' +
  'points the command at the local sandbox.';

interface Source {
  sourceId: string;
  settings: SourceSettings;
  adAccountId: string;
  client: AdAccountClient;
}

async function loadSource(ctx: Context): Promise<Source> {
  const sourceId = ctx.str('source');
  if (!sourceId) throw new UsageError('--source is required');
  const file = ctx.str('settings');
  const lookup = await lookupSource(sourceId, file ? { document: readJsonFile(file) } : { ssm: ctx.ssm, prefix: ctx.settingsPrefix() });
  if (lookup.status !== 'ok') throw new UsageError(`source "${sourceId}": ${lookup.message}`);
  const { adAccountId } = lookup.settings;
  if (!adAccountId) throw new UsageError(`source "${sourceId}" has no adAccountId`);
  return { sourceId, settings: lookup.settings, adAccountId, client: adAccountClientFor(ctx, sourceId, lookup.conversionToken) };
}

/** A client for the ad-account endpoints with the token and API URL the environment gives. */
export function adAccountClientFor(ctx: Context, sourceId: string, conversionToken: string | undefined): AdAccountClient {
  const token = ctx.io.env.PINTEREST_ACCESS_TOKEN?.trim() || conversionToken;
  if (!token) throw new UsageError(`no token: set PINTEREST_ACCESS_TOKEN (a Pinterest API access token), or give source "${sourceId}" a conversion token`);
  const baseUrl = ctx.io.env.PINTEREST_API_URL?.trim() || DEFAULT_PINTEREST_API_URL;
  return createAdAccountClient({ token, baseUrl });
}

function printPlan(ctx: Context, plan: DefinePlan): void {
  for (const e of plan.alreadyRegistered) ctx.out(`  already registered: ${e.name} → ${e.mappedConversionType} (from "${e.segmentName}")`);
  for (const e of plan.conflicts) {
    ctx.out(`  CONFLICT: ${e.name} is registered as ${e.registeredAs}, the settings want ${e.mappedConversionType} (change it in Ads Manager)`);
  }
  for (const p of plan.problems) ctx.out(`  problem: ${p}`);
}

const define: Command = {
  name: 'events define',
  summary: "register a source's advertiser-defined events with Pinterest (dry run unless --apply)",
  usage: ['--source ID [--settings FILE] [--apply]'],
  options: { ...SOURCE_OPTIONS, apply: { type: 'boolean' } },
  optionHelp: [...SOURCE_HELP, '  --apply                send the request (default: show it and send nothing)'],
  common: 'settings',
  positionals: { min: 0, max: 0 },
  notes: [
    'Each entry of the source\'s advertiserDefinedEvents ({"Button Clicked": "Lead"}) becomes\n' +
      '{"name": "button_clicked", "mapped_conversion_type": "LEAD"} in one\n' +
      'POST /v5/ad_accounts/{id}/advertiser_defined_events. Names the ad account already has with the\n' +
      'same mapping are skipped; a name registered with another mapping is reported, never changed;\n' +
      'nothing is sent when the ad account would exceed Pinterest\'s 15. The dry run reads the\n' +
      'ad account\'s list (a GET) to say exactly what --apply would send.',
    TOKEN_NOTE,
  ],
  examples: [
    'pinterest-tag events define --source web --settings .local/settings.json',
    'read -rs PINTEREST_ACCESS_TOKEN && export PINTEREST_ACCESS_TOKEN   # typed, not in shell history',
    'pinterest-tag events define --stage prod --source web --apply',
  ],
  async run(ctx) {
    const source = await loadSource(ctx);
    if (source.settings.advertiserDefinedEvents.size === 0) {
      ctx.out(`Source ${source.sourceId} declares no advertiserDefinedEvents: nothing to define.`);
      return EXIT.ok;
    }
    const outcome = await defineAdvertiserEvents({ client: source.client, adAccountId: source.adAccountId, settings: source.settings, apply: ctx.flag('apply') });
    if (ctx.json) ctx.printJson(outcome);
    if (outcome.kind === 'failed') {
      if (!ctx.json) ctx.err(`pinterest-tag events define: ${outcome.message}`);
      return EXIT.failed;
    }
    const { plan, request } = outcome;
    const blocked = plan.problems.length > 0 || plan.conflicts.length > 0;
    if (!ctx.json) {
      ctx.out(`Source ${source.sourceId}, ad account ${plan.adAccountId}:`);
      printPlan(ctx, plan);
      if (!request) ctx.out('  nothing to send: every advertiser-defined event is registered');
      else if (outcome.kind === 'planned') {
        ctx.out(`${plan.problems.length > 0 ? 'Would not send (see the problem above)' : 'Dry run, would send'}:`);
        ctx.out(`  ${request.method} ${request.url}`);
        ctx.out(JSON.stringify(request.body, null, 2).replace(/^/gm, '  '));
        if (plan.problems.length === 0) ctx.out('Run again with --apply to send it.');
      } else {
        ctx.out(`Sent ${request.method} ${request.url}:`);
        for (const r of outcome.results) ctx.out(`  ${r.status === 'success' ? 'defined' : 'FAILED'}: ${r.name}${r.exceptions?.length ? ` (${r.exceptions.join('; ')})` : ''}`);
      }
    }
    const failures = outcome.kind === 'applied' ? outcome.results.filter((r) => r.status !== 'success').length : 0;
    return failures > 0 || blocked ? EXIT.failed : EXIT.ok;
  },
};

const list: Command = {
  name: 'events list',
  summary: "show the ad account's advertiser-defined events next to the source's settings",
  usage: ['--source ID [--settings FILE]'],
  options: { ...SOURCE_OPTIONS },
  optionHelp: SOURCE_HELP,
  common: 'settings',
  positionals: { min: 0, max: 0 },
  notes: [TOKEN_NOTE],
  examples: ['pinterest-tag events list --source web --settings .local/settings.json', 'pinterest-tag events list --stage prod --source web --json'],
  async run(ctx) {
    const source = await loadSource(ctx);
    const answer = await source.client.listDefinedEvents(source.adAccountId);
    if (!answer.ok) {
      ctx.err(`pinterest-tag events list: ${listDefinedEventsCall(source.client.baseUrl, source.adAccountId).url}: ${describeFailure(answer)}`);
      return EXIT.failed;
    }
    const plan = planDefine(source.adAccountId, source.settings, answer.body.items);
    if (ctx.json) {
      ctx.printJson({ adAccountId: source.adAccountId, registered: answer.body.items, notRegistered: plan.create, conflicts: plan.conflicts });
      return EXIT.ok;
    }
    const fromSource = new Map([...plan.alreadyRegistered, ...plan.conflicts].map((e) => [e.name.toLowerCase(), e.segmentName]));
    ctx.out(`Ad account ${source.adAccountId}: ${answer.body.items.length} of 15 advertiser-defined events`);
    if (answer.body.items.length > 0) {
      ctx.out(
        table(
          ['NAME', 'MAPPED TO', 'SEGMENT EVENT (source ' + source.sourceId + ')'],
          answer.body.items.map((item) => [item.name, item.mapped_conversion_type, fromSource.get(item.name.toLowerCase()) ?? '-']),
        ),
      );
    }
    for (const e of plan.create) ctx.out(`  not registered yet: ${e.name} → ${e.mappedConversionType} (from "${e.segmentName}"; run events define)`);
    printPlan(ctx, { ...plan, alreadyRegistered: [], problems: [] });
    return EXIT.ok;
  },
};

export const EVENTS_COMMANDS: Command[] = [define, list];
