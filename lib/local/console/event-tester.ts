import { validatePinterestEvent } from '../../pinterest/event-schema';
import { translate } from '../../pinterest/translate';
import type { Drop, PinterestEvent } from '../../pinterest/types';
import type { Reason } from '../../reasons';
import type { SettingsProvider } from '../../settings/provider';
import type { SourceSettings } from '../../settings/schema';
import { STANDARD_EVENT_NAMES } from '../../vocabulary/event-names';
import { eventsOf as eventsOfDocument, splitDocuments } from '../../ops/translate-stream';

/**
 * The console's event tester: what Pinterest would receive for pasted Segment events. The events
 * go through the worker's own settings provider and `translate` (the function behind
 * `npm run translate` and the worker), so the preview is the pipeline's answer, not a copy of it.
 * On top it says which user_data fields are hashed and checks the event against Pinterest's
 * published request schema (the one the sandbox enforces).
 */
export interface PreviewedEvent {
  ok: true;
  /** Exactly what goes into `{"data": [...]}`. */
  event: PinterestEvent;
  hashedKeys: string[];
  plainKeys: string[];
  warnings: string[];
}

export interface DroppedEvent {
  ok: false;
  /** A translate drop, or the worker's settings reason when the source cannot be used. */
  drop: { reason: Drop['reason'] | Extract<Reason, 'settings_missing' | 'settings_invalid'>; message: string };
}

export type Preview =
  | { ok: true; sourceId: string; settingsWarnings: string[]; results: (PreviewedEvent | DroppedEvent)[] }
  | { ok: false; error: string };

export const MAX_PREVIEW_EVENTS = 100;
const STANDARD = new Set<string>(STANDARD_EVENT_NAMES);

/**
 * The events in a pasted text, read as `pinterest-tag translate` reads its input: one event, an
 * array, a `{"batch": [...]}` body, NDJSON or documents one after another.
 */
export function eventsOf(text: string): { ok: true; events: unknown[] } | { ok: false; error: string } {
  if (text.trim() === '') return { ok: false, error: 'paste a Segment event (JSON) first' };
  const documents = splitDocuments(text, 'the pasted text');
  // The shared reader names the position only, never the text around it.
  const broken = documents.find((d) => !d.ok);
  if (broken && !broken.ok) return { ok: false, error: broken.message };
  return { ok: true, events: documents.flatMap((d) => (d.ok ? eventsOfDocument(d.value) : [])) };
}

function previewEvent(event: PinterestEvent, settings: SourceSettings): PreviewedEvent {
  const user = event.user_data as Record<string, unknown>;
  const keys = Object.keys(user);
  const warnings = validatePinterestEvent(event).map((problem) => `Pinterest would refuse this event: ${problem}`);
  const declared = [...settings.advertiserDefinedEvents.values()].find((d) => d.name === event.event_name);
  if (declared) {
    warnings.push(`"${event.event_name}" is advertiser-defined (${declared.mappedTo}): Pinterest labels it Unknown until \`pinterest-tag events define\` registers it`);
  } else if (!STANDARD.has(event.event_name)) {
    warnings.push(`"${event.event_name}" is not a Pinterest standard event name: Pinterest records it as an Unknown event`);
  }
  return {
    ok: true,
    event,
    hashedKeys: keys.filter((k) => Array.isArray(user[k])),
    plainKeys: keys.filter((k) => !Array.isArray(user[k])),
    warnings,
  };
}

export async function previewEvents(settings: SettingsProvider, sourceId: string, text: string, nowMs: number): Promise<Preview> {
  const input = eventsOf(text);
  if (!input.ok) return input;
  if (input.events.length > MAX_PREVIEW_EVENTS) return { ok: false, error: `at most ${MAX_PREVIEW_EVENTS} events at a time (got ${input.events.length})` };
  const lookup = await settings.getSource(sourceId);
  if (lookup.status !== 'ok') {
    const reason = lookup.status === 'missing' ? 'settings_missing' : 'settings_invalid';
    const drop: DroppedEvent = { ok: false, drop: { reason, message: lookup.message } };
    return { ok: true, sourceId, settingsWarnings: [], results: input.events.map(() => drop) };
  }
  const results = input.events.map((event): PreviewedEvent | DroppedEvent => {
    const result = translate(event, lookup.settings, nowMs);
    return result.ok ? previewEvent(result.event, lookup.settings) : { ok: false, drop: result.drop };
  });
  return { ok: true, sourceId, settingsWarnings: lookup.warnings, results };
}
