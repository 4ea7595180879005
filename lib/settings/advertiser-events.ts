import * as z from 'zod/mini';
import {
  isMappableStandardEvent,
  MAPPABLE_STANDARD_EVENTS,
  MAX_ADVERTISER_DEFINED_EVENTS,
  toAdvertiserEventName,
  type MappableStandardEvent,
} from '../vocabulary/advertiser-event-name';
import { tagSpelling, toStandardEventName, type StandardEventName } from '../vocabulary/event-names';
import { specDefault } from '../vocabulary/spec-defaults';

/**
 * `advertiserDefinedEvents`: Segment track events a source sends under their own name, as
 * advertiser-defined events, each with the standard event Pinterest should count it as
 * (`{"Button Clicked": "Lead"}`). Translation sends them as `button_clicked`;
 * `pinterest-tag events define` registers that name with Pinterest, mapped to `LEAD`.
 */
export interface AdvertiserDefinedEvent {
  /** As written in the settings, for messages. */
  segmentName: string;
  /** The advertiser-defined name sent to Pinterest. */
  name: string;
  mappedTo: MappableStandardEvent;
}

export const advertiserDefinedEventsSchema = z._default(
  z.record(
    z.string(),
    z.string({ error: 'advertiserDefinedEvents values must be standard event names, like "Lead"' }),
    { error: 'advertiserDefinedEvents must be an object of "Segment event": "Pinterest event"' },
  ),
  {},
);

const MAPPABLE_SPELLINGS = MAPPABLE_STANDARD_EVENTS.map(tagSpelling).join(', ');

/** Why a Segment name never reaches Pinterest under its advertiser-defined name `name`, or undefined. */
function shadowedBy(key: string, name: string, eventMapping: ReadonlyMap<string, StandardEventName>): string | undefined {
  const mapped = eventMapping.get(key);
  if (mapped) return `eventMapping sends it as "${mapped}"`;
  const standard = specDefault(key) ?? toStandardEventName(key) ?? toStandardEventName(name);
  return standard && `it is sent as the standard event "${standard}"`;
}

/**
 * Validate and compile the entries, keyed like eventMapping (trimmed, lower-cased Segment name).
 * Errors: a name with nothing to keep, a target Pinterest cannot map to, one name mapped two ways,
 * more than Pinterest's 15. Warnings: two Segment names that become one advertiser-defined name,
 * entries that never take effect.
 */
export function compileAdvertiserDefinedEvents(
  entries: Record<string, string>,
  eventMapping: ReadonlyMap<string, StandardEventName>,
  errors: string[],
  warnings: string[],
): ReadonlyMap<string, AdvertiserDefinedEvent> {
  const compiled = new Map<string, AdvertiserDefinedEvent>();
  const byName = new Map<string, AdvertiserDefinedEvent>();
  for (const [segmentName, target] of Object.entries(entries)) {
    const where = `advertiserDefinedEvents["${segmentName}"]`;
    const key = segmentName.trim().toLowerCase();
    const name = toAdvertiserEventName(segmentName);
    const standard = toStandardEventName(target);
    if (name === undefined) {
      errors.push(`${where}: no letters or digits to form a name from (a-z, 0-9, _ and -)`);
      continue;
    }
    if (!standard || !isMappableStandardEvent(standard)) {
      errors.push(`${where}: "${target}" is not a standard event Pinterest maps these to; use one of ${MAPPABLE_SPELLINGS}`);
      continue;
    }
    const shadow = shadowedBy(key, name, eventMapping);
    if (shadow) {
      warnings.push(`${where}: ${shadow}, never as "${name}"; this entry has no effect`);
      continue;
    }
    const event = { segmentName, name, mappedTo: standard };
    const earlier = byName.get(name);
    if (earlier && earlier.mappedTo !== standard) {
      errors.push(`${where}: becomes "${name}" like "${earlier.segmentName}", mapped to "${earlier.mappedTo}": one name, one standard event`);
      continue;
    }
    if (earlier) {
      warnings.push(
        `${where}: "${earlier.segmentName}" and "${segmentName}" both become the advertiser-defined name "${name}"; ` +
          'Pinterest counts them as one event',
      );
    } else {
      byName.set(name, event);
    }
    compiled.set(key, event);
  }
  if (byName.size > MAX_ADVERTISER_DEFINED_EVENTS) {
    errors.push(`advertiserDefinedEvents: ${byName.size} names, Pinterest allows ${MAX_ADVERTISER_DEFINED_EVENTS} per ad account`);
  }
  return compiled;
}
