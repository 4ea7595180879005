import type { SourceSettings } from '../settings/schema';
import { own, text } from '../segment/read';
import type { JsonObject } from '../segment/types';
import { toAdvertiserEventName } from '../vocabulary/advertiser-event-name';
import { toStandardEventName, type StandardEventName } from '../vocabulary/event-names';
import { specDefault } from '../vocabulary/spec-defaults';
import type { Drop } from './types';

/**
 * Which Pinterest event a Segment call becomes. Segment types other than track, page and screen
 * never get here (translate drops them first).
 */

export type EventNameResult = { ok: true; name: string; category?: string } | { ok: false; drop: Drop };

/** Quote an outside string for a message: bounded, JSON-escaped. */
export function quoted(value: string): string {
  return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);
}

function userMapping(settings: SourceSettings, name: string | undefined): StandardEventName | undefined {
  return name === undefined || settings.eventMapping.size === 0 ? undefined : settings.eventMapping.get(name.toLowerCase());
}

/**
 * `partner` mode: the Segment name in the form Pinterest accepts for an advertiser-defined event
 * (`Button Clicked` → `button_clicked`, see lib/vocabulary/advertiser-event-name.ts). A normalised
 * name that spells a standard event is that event; a name with nothing left (only emoji, only a
 * script without Latin letters) cannot be sent under its name and is skipped as unmapped.
 */
function partnerName(name: string): EventNameResult {
  const partner = toAdvertiserEventName(name);
  if (partner === undefined) {
    return {
      ok: false,
      drop: {
        reason: 'unmapped_event',
        message:
          `track event ${quoted(name)} has no Pinterest mapping and no letters or digits to form an advertiser-defined ` +
          'name from (Pinterest allows a-z, 0-9, _ and -); map it in eventMapping to send it',
      },
    };
  }
  return { ok: true, name: toStandardEventName(partner) ?? partner };
}

function trackName(event: JsonObject, settings: SourceSettings): EventNameResult {
  const raw = own(event, 'event');
  const name = typeof raw === 'string' ? raw.trim() : '';
  if (name === '') {
    return { ok: false, drop: { reason: 'invalid_event', message: 'track call without an event name (the "event" field must be a non-empty string)' } };
  }
  // A name that already is a Pinterest event (`Signup`, `AddToCart`) is what the browser tag would
  // have sent as that standard event, so it counts as mapped.
  const mapped = userMapping(settings, name) ?? specDefault(name) ?? toStandardEventName(name);
  if (mapped) return { ok: true, name: mapped };
  // Declared in advertiserDefinedEvents: sent under its advertiser-defined name whatever
  // unmappedEvents says, since the user registered it with Pinterest (`events define`).
  const declared = settings.advertiserDefinedEvents.get(name.toLowerCase());
  if (declared) return { ok: true, name: declared.name };
  switch (settings.unmappedEvents) {
    case 'custom':
      return { ok: true, name: 'custom' };
    case 'drop':
      return {
        ok: false,
        drop: { reason: 'unmapped_event', message: `track event ${quoted(name)} has no Pinterest mapping and unmappedEvents is "drop"` },
      };
    default:
      return partnerName(name);
  }
}

/**
 * Resolve the Pinterest event name for a track, page or screen call. A page or screen whose
 * `name` is in the user's eventMapping uses that mapping; otherwise a page with a category
 * (`category` or `properties.category`) is `view_category`, and any other page or screen is `page_visit`.
 */
export function resolveEventName(
  type: 'track' | 'page' | 'screen',
  event: JsonObject,
  properties: JsonObject,
  settings: SourceSettings,
): EventNameResult {
  if (type === 'track') return trackName(event, settings);
  const mapped = userMapping(settings, text(own(event, 'name')));
  const category = type === 'page' ? (text(own(event, 'category')) ?? text(own(properties, 'category'))) : undefined;
  if (mapped) return { ok: true, name: mapped, ...(category ? { category } : {}) };
  return category ? { ok: true, name: 'view_category', category } : { ok: true, name: 'page_visit' };
}
