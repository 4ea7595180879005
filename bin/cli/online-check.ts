import { checkTagId } from '../../lib/ops/advertiser-events';
import type { Validation } from '../../lib/ops/settings';
import { lookupSource } from '../../lib/ops/source-settings';
import type { Context } from './context';
import { adAccountClientFor } from './events-commands';

/**
 * `settings validate --online`: what only Pinterest can answer. The Tag ID is not sent with
 * Conversions API events (the API has no field for it); it names the browser tag whose events
 * share `event_id` with ours, so it must belong to the same ad account, or Pinterest never
 * deduplicates the two. `GET /v5/ad_accounts/{id}/conversion_tags` says whether it does.
 */
export const ONLINE_HELP = [
  '  --online               also ask Pinterest whether each tagId is a conversion tag of its',
  '                         adAccountId (GET /v5/ad_accounts/{id}/conversion_tags); token from',
  '                         PINTEREST_ACCESS_TOKEN (ads:read), else the source\'s conversionToken;',
  '                         PINTEREST_API_URL points it at the local sandbox',
];

/** Each valid source checked; a failed check becomes an error of its validation, a passed one is returned. */
export async function checkOnline(
  ctx: Context,
  document: unknown,
  result: { ok: boolean; sources: Record<string, Validation> },
): Promise<Record<string, string>> {
  const confirmed: Record<string, string> = {};
  for (const [sourceId, validation] of Object.entries(result.sources)) {
    if (!validation.ok) continue;
    const lookup = await lookupSource(sourceId, { document });
    if (lookup.status !== 'ok') continue;
    let problem: string | undefined;
    try {
      const check = await checkTagId(adAccountClientFor(ctx, sourceId, lookup.conversionToken), lookup.settings);
      if (check.ok) confirmed[sourceId] = `online: ${check.message}`;
      else problem = `online: ${check.message}`;
    } catch (error) {
      problem = `online: ${(error as Error).message}`;
    }
    if (problem) {
      validation.errors.push(problem);
      validation.ok = false;
      result.ok = false;
    }
  }
  return confirmed;
}
