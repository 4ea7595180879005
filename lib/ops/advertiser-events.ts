import {
  defineEventsCall,
  type AdAccountClient,
  type AdvertiserDefinedEventItem,
  type ApiCall,
  type ProcessingRecord,
} from '../pinterest/ad-account-client';
import type { SourceSettings } from '../settings/schema';
import { mappedConversionType, MAX_ADVERTISER_DEFINED_EVENTS } from '../vocabulary/advertiser-event-name';

/**
 * `pinterest-tag events define|list`: register a source's advertiser-defined events (its
 * `advertiserDefinedEvents` setting) with Pinterest, mapped to the standard events the settings
 * name, and show what the ad account has. Pinterest keeps at most 15 per ad account, compares
 * names case-insensitively, and maps each name once; names already registered with the same
 * mapping are left alone, names registered with another mapping are reported, never overwritten.
 */
export interface PlannedEvent {
  segmentName: string;
  name: string;
  mappedConversionType: string;
}

export interface DefinePlan {
  adAccountId: string;
  /** What the POST would send. */
  create: PlannedEvent[];
  alreadyRegistered: PlannedEvent[];
  /** Registered under the same name with another standard event. */
  conflicts: (PlannedEvent & { registeredAs: string })[];
  /** Reasons nothing may be sent (over Pinterest's limit). */
  problems: string[];
  /** Registered names of the ad account that this source does not declare. */
  others: AdvertiserDefinedEventItem[];
}

export function planDefine(adAccountId: string, settings: SourceSettings, existing: readonly AdvertiserDefinedEventItem[]): DefinePlan {
  const registered = new Map(existing.map((item) => [item.name.toLowerCase(), item]));
  const plan: DefinePlan = { adAccountId, create: [], alreadyRegistered: [], conflicts: [], problems: [], others: [] };
  const declared = new Set<string>();
  for (const event of settings.advertiserDefinedEvents.values()) {
    const key = event.name.toLowerCase();
    // Two Segment names that become one advertiser-defined name are registered once.
    if (declared.has(key)) continue;
    declared.add(key);
    const planned = { segmentName: event.segmentName, name: event.name, mappedConversionType: mappedConversionType(event.mappedTo) };
    const current = registered.get(key);
    if (!current) plan.create.push(planned);
    else if (current.mapped_conversion_type === planned.mappedConversionType) plan.alreadyRegistered.push(planned);
    else plan.conflicts.push({ ...planned, registeredAs: current.mapped_conversion_type });
  }
  plan.others = existing.filter((item) => !declared.has(item.name.toLowerCase()));
  const total = existing.length + plan.create.length;
  if (total > MAX_ADVERTISER_DEFINED_EVENTS) {
    plan.problems.push(
      `the ad account has ${existing.length} advertiser-defined events; ${plan.create.length} more would make ${total}, ` +
        `Pinterest allows ${MAX_ADVERTISER_DEFINED_EVENTS}: remove some in Ads Manager or map them in eventMapping`,
    );
  }
  return plan;
}

export function defineRequest(baseUrl: string, plan: DefinePlan): ApiCall | undefined {
  if (plan.create.length === 0) return undefined;
  return defineEventsCall(
    baseUrl,
    plan.adAccountId,
    plan.create.map((e) => ({ name: e.name, mapped_conversion_type: e.mappedConversionType })),
  );
}

export type DefineOutcome =
  | { kind: 'planned'; plan: DefinePlan; request?: ApiCall }
  | { kind: 'applied'; plan: DefinePlan; request?: ApiCall; results: ProcessingRecord[] }
  | { kind: 'failed'; plan?: DefinePlan; message: string };

/** Read what the ad account has, plan, and (with `apply`) send. Without `apply` only the GET is made. */
export async function defineAdvertiserEvents(input: {
  client: AdAccountClient;
  adAccountId: string;
  settings: SourceSettings;
  apply: boolean;
}): Promise<DefineOutcome> {
  const existing = await input.client.listDefinedEvents(input.adAccountId);
  if (!existing.ok) return { kind: 'failed', message: `listing the ad account's advertiser-defined events failed: ${describeFailure(existing)}` };
  const plan = planDefine(input.adAccountId, input.settings, existing.body.items);
  const request = defineRequest(input.client.baseUrl, plan);
  if (!input.apply || !request || plan.problems.length > 0) return { kind: 'planned', plan, ...(request ? { request } : {}) };
  const created = await input.client.defineEvents(
    input.adAccountId,
    plan.create.map((e) => ({ name: e.name, mapped_conversion_type: e.mappedConversionType })),
  );
  if (!created.ok) return { kind: 'failed', plan, message: `creating the advertiser-defined events failed: ${describeFailure(created)}` };
  return { kind: 'applied', plan, request, results: created.body.items };
}

export function describeFailure(answer: { status?: number; code?: number; message: string }): string {
  const where = answer.status === undefined ? '' : `HTTP ${answer.status}${answer.code !== undefined ? ` (code ${answer.code})` : ''}: `;
  const hint =
    answer.status === 401 || answer.status === 403
      ? ' — these endpoints need a Pinterest API access token with ads:read/ads:write; set PINTEREST_ACCESS_TOKEN'
      : '';
  return `${where}${answer.message}${hint}`;
}

/**
 * `settings validate --online`: the Tag ID must be one of the ad account's conversion tags, or the
 * browser tag and this destination report to different accounts (and never deduplicate).
 */
export async function checkTagId(client: AdAccountClient, settings: SourceSettings): Promise<{ ok: boolean; message: string }> {
  if (!settings.adAccountId) return { ok: false, message: 'adAccountId is not set, so the Tag ID cannot be checked' };
  const tags = await client.listConversionTags(settings.adAccountId);
  if (!tags.ok) return { ok: false, message: `listing the conversion tags of ad account ${settings.adAccountId} failed: ${describeFailure(tags)}` };
  const ids = tags.body.items.map((t) => t.id);
  if (ids.includes(settings.tagId)) return { ok: true, message: `tagId ${settings.tagId} is a conversion tag of ad account ${settings.adAccountId}` };
  return {
    ok: false,
    message:
      `tagId ${settings.tagId} is not a conversion tag of ad account ${settings.adAccountId} ` +
      `(its tags: ${ids.length > 0 ? ids.join(', ') : 'none'}); the browser tag and this destination would report to different places`,
  };
}
