import {
  isAdvertiserEventName,
  MAPPABLE_STANDARD_EVENTS,
  MAX_ADVERTISER_DEFINED_EVENTS,
  mappedConversionType,
} from '../vocabulary/advertiser-event-name';
import { STANDARD_EVENT_NAMES } from '../vocabulary/event-names';

/**
 * What the Pinterest sandbox keeps per ad account, in memory, for the management endpoints the
 * operator CLI uses:
 *   GET  /v5/ad_accounts/{id}/advertiser_defined_events  → {"items": [{name, mapped_conversion_type}]}
 *   POST /v5/ad_accounts/{id}/advertiser_defined_events  {"items": [{name, mapped_conversion_type}]}
 *        → {"items": [{name, status: "success" | "failure", exceptions?: [...]}]}, one per item
 *   GET  /v5/ad_accounts/{id}/conversion_tags            → {"items": [{id, ad_account_id, name, status}]}
 * with Pinterest's rules: names of at most 100 letters, digits, `_` and `-` (case-insensitive, so
 * `Button_Clicked` and `button_clicked` are one name), a standard event that is an optimisation goal
 * in upper case, at most 15 per ad account.
 */
export interface AdvertiserDefinedEventRecord {
  name: string;
  mapped_conversion_type: string;
}

export interface AccountAnswer {
  status: number;
  body: unknown;
  summary: string;
}

const MAPPABLE = new Set(MAPPABLE_STANDARD_EVENTS.map(mappedConversionType));
const STANDARD = new Set<string>(STANDARD_EVENT_NAMES);

export class SandboxAdAccounts {
  private readonly definedEvents = new Map<string, Map<string, AdvertiserDefinedEventRecord>>();
  private readonly tags = new Map<string, readonly string[]>();

  /** `conversionTags`: the tag ids each ad account owns (the sandbox has no Ads Manager to ask). */
  constructor(conversionTags: Readonly<Record<string, readonly string[]>> = {}) {
    for (const [account, ids] of Object.entries(conversionTags)) this.tags.set(account, [...ids]);
  }

  private eventsOf(adAccountId: string): Map<string, AdvertiserDefinedEventRecord> {
    let events = this.definedEvents.get(adAccountId);
    if (!events) this.definedEvents.set(adAccountId, (events = new Map()));
    return events;
  }

  /** Whether an event name is registered for the account (compared case-insensitively). */
  isDefined(adAccountId: string, eventName: string): boolean {
    return this.definedEvents.get(adAccountId)?.has(eventName.toLowerCase()) ?? false;
  }

  listDefinedEvents(adAccountId: string): AccountAnswer {
    const items = [...(this.definedEvents.get(adAccountId)?.values() ?? [])];
    return { status: 200, body: { items }, summary: `${items.length} advertiser-defined event${items.length === 1 ? '' : 's'}` };
  }

  private defineOne(events: Map<string, AdvertiserDefinedEventRecord>, item: unknown): { name: string; status: string; exceptions?: string[] } {
    const record = typeof item === 'object' && item !== null ? (item as Record<string, unknown>) : {};
    const name = typeof record.name === 'string' ? record.name : '';
    const type = record.mapped_conversion_type;
    const failure = (why: string) => ({ name, status: 'failure', exceptions: [why] });
    if (!isAdvertiserEventName(name)) return failure('name must be 1 to 100 letters, digits, underscores or hyphens');
    if (STANDARD.has(name.toLowerCase())) return failure(`"${name}" is a standard event name`);
    if (typeof type !== 'string' || !MAPPABLE.has(type)) {
      return failure(`mapped_conversion_type must be one of ${[...MAPPABLE].join(', ')}`);
    }
    const key = name.toLowerCase();
    if (events.has(key)) return failure(`an advertiser-defined event named "${events.get(key)?.name}" already exists`);
    if (events.size >= MAX_ADVERTISER_DEFINED_EVENTS) return failure(`at most ${MAX_ADVERTISER_DEFINED_EVENTS} advertiser-defined events per ad account`);
    events.set(key, { name, mapped_conversion_type: type });
    return { name, status: 'success' };
  }

  defineEvents(adAccountId: string, body: unknown): AccountAnswer {
    const items = (body as { items?: unknown } | null)?.items;
    if (typeof body !== 'object' || body === null || !Array.isArray(items) || items.length === 0) {
      return { status: 400, body: { code: 1, message: 'Invalid request: "items" must be a non-empty array of {name, mapped_conversion_type}' }, summary: '400 no items' };
    }
    const events = this.eventsOf(adAccountId);
    const results = items.map((item) => this.defineOne(events, item));
    const ok = results.filter((r) => r.status === 'success').length;
    return { status: 200, body: { items: results }, summary: `${ok} of ${results.length} defined, ${events.size} in total` };
  }

  listConversionTags(adAccountId: string): AccountAnswer {
    const items = (this.tags.get(adAccountId) ?? []).map((id) => ({ id, ad_account_id: adAccountId, name: `Sandbox tag ${id}`, status: 'ACTIVE' }));
    return { status: 200, body: { items }, summary: `${items.length} conversion tag${items.length === 1 ? '' : 's'}` };
  }
}
