import type { DropReason } from '../reasons';
import type { SourceSettings } from '../settings/schema';
import { atPath, own, ownObject, text } from '../segment/read';
import { eventTimeMs } from '../segment/timestamp';
import { isObject, type JsonObject } from '../segment/types';
import { buildCustomData } from './custom-data';
import { quoted, resolveEventName } from './event-name';
import { ACTION_SOURCES, type ActionSource, type PinterestEvent, type TranslateResult } from './types';
import { buildUserData, missingIdentifier } from './user-data';

/**
 * Segment event → Pinterest Conversions API event, or a coded drop. Pure: no I/O, no clock (the
 * caller passes `nowMs`), no state between calls. Drop messages name fields, never user values.
 */

const MAX_AGE_MS = 7 * 24 * 60 * 60 * 1000;
const DESTINATION = 'Pinterest Tag';
const IOS = /^\s*(?:ios|ipados|iphone\s*os)\b/i;
const ANDROID = /^\s*android\b/i;
const LANGUAGE = /^([a-z]{2})(?:[-_]|$)/i;

const drop = (reason: DropReason, message: string): TranslateResult => ({ ok: false, drop: { reason, message } });

/** Why the event's integrations object turns this destination off, or undefined. */
function disabledBy(integrations: JsonObject | undefined): string | undefined {
  if (!integrations) return undefined;
  const ours = own(integrations, DESTINATION);
  if (ours === false) return `integrations["${DESTINATION}"] is false`;
  if (own(integrations, 'All') === false && !ours) return `integrations.All is false and integrations["${DESTINATION}"] does not turn it back on`;
  return undefined;
}

function platformOf(value: unknown): ActionSource | undefined {
  if (typeof value !== 'string') return undefined;
  if (IOS.test(value)) return 'app_ios';
  if (ANDROID.test(value)) return 'app_android';
  return undefined;
}

/** Setting, else properties.action_source, else the app platform, else web. Segment's `channel` is never read. */
function actionSource(settings: SourceSettings, properties: JsonObject, context: JsonObject | undefined): ActionSource {
  if (settings.actionSource) return settings.actionSource;
  const declared = own(properties, 'action_source');
  if (typeof declared === 'string') {
    const lower = declared.trim().toLowerCase();
    const known = ACTION_SOURCES.find((s) => s === lower);
    if (known) return known;
  }
  return platformOf(own(ownObject(context, 'os'), 'name')) ?? platformOf(own(ownObject(context, 'device'), 'type')) ?? 'web';
}

/** Flat app and device fields, each only when the event carries it. */
function appFields(context: JsonObject | undefined): Partial<PinterestEvent> {
  const app = ownObject(context, 'app');
  const device = ownObject(context, 'device');
  const os = ownObject(context, 'os');
  const network = ownObject(context, 'network');
  const fields: Partial<PinterestEvent> = {};
  const set = (key: 'app_name' | 'app_version' | 'device_brand' | 'device_model' | 'device_type' | 'os_version' | 'device_carrier', value: unknown) => {
    const t = text(value);
    if (t !== undefined) fields[key] = t;
  };
  set('app_name', own(app, 'name'));
  set('app_version', own(app, 'version'));
  set('device_brand', own(device, 'manufacturer'));
  set('device_model', own(device, 'model'));
  set('device_type', own(device, 'type'));
  set('os_version', own(os, 'version'));
  set('device_carrier', own(network, 'carrier'));
  const wifi = own(network, 'wifi');
  if (typeof wifi === 'boolean') fields.wifi = wifi;
  const locale = own(context, 'locale');
  const language = typeof locale === 'string' ? LANGUAGE.exec(locale.trim()) : null;
  if (language) fields.language = (language[1] as string).toLowerCase();
  return fields;
}

function translateObject(event: JsonObject, settings: SourceSettings, nowMs: number): TranslateResult {
  const rawType = own(event, 'type');
  if (typeof rawType !== 'string' || rawType.trim() === '') return drop('invalid_event', 'not a Segment event: the "type" field is missing');
  const type = rawType.trim().toLowerCase();
  if (type !== 'track' && type !== 'page' && type !== 'screen') {
    return drop('unsupported_type', `Segment ${quoted(type)} calls have no Pinterest event; only track, page and screen calls are sent`);
  }

  const disabled = disabledBy(ownObject(event, 'integrations'));
  if (disabled) return drop('disabled_by_integrations', `${disabled}; the event opted out of this destination`);

  const properties = ownObject(event, 'properties') ?? {};
  const name = resolveEventName(type, event, properties, settings);
  if (!name.ok) return name;

  const timeMs = eventTimeMs(event);
  if (timeMs === undefined) return drop('invalid_event', 'no event time: none of timestamp, originalTimestamp, receivedAt is an ISO 8601 date');
  if (nowMs - timeMs > MAX_AGE_MS) {
    const days = ((nowMs - timeMs) / 86_400_000).toFixed(1);
    return drop('event_too_old', `event time ${new Date(timeMs).toISOString()} is ${days} days old; Pinterest rejects events older than 7 days`);
  }

  const eventId = text(atPath(event, settings.eventIdPath));
  if (eventId === undefined) {
    return drop('invalid_event', `no event_id: "${settings.eventIdPath.join('.')}" is missing or not a non-empty string`);
  }

  const context = ownObject(event, 'context');
  const eventSourceUrl = text(own(ownObject(context, 'page'), 'url')) ?? text(own(properties, 'url'));
  const userData = buildUserData({ event, context, properties, pageUrl: eventSourceUrl }, settings);
  const missing = missingIdentifier(userData);
  if (missing) return drop('missing_identifier', missing);

  const adTracking = own(ownObject(context, 'device'), 'adTrackingEnabled');
  const customData = buildCustomData(properties, settings, name.category);
  const pinterestEvent: PinterestEvent = {
    event_name: name.name,
    action_source: actionSource(settings, properties, context),
    event_time: Math.floor(timeMs / 1000),
    event_id: eventId,
    ...(eventSourceUrl !== undefined && { event_source_url: eventSourceUrl }),
    ...(typeof adTracking === 'boolean' && { opt_out: !adTracking }),
    user_data: userData,
    ...(customData && { custom_data: customData }),
    ...appFields(context),
  };
  return { ok: true, event: pinterestEvent };
}

/**
 * Translate one Segment event for a source. Never throws: anything that is not a readable Segment
 * event becomes an `invalid_event` drop.
 */
export function translate(event: unknown, settings: SourceSettings, nowMs: number): TranslateResult {
  if (!isObject(event)) return drop('invalid_event', 'not a Segment event: expected a JSON object');
  try {
    return translateObject(event, settings, nowMs);
  } catch {
    // Only reachable with exotic inputs (proxies, throwing getters); JSON never gets here.
    return drop('invalid_event', 'the event could not be read as a Segment event');
  }
}
