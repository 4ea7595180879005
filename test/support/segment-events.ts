import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sourceSettings, type SourceSettings } from '../../lib/settings/schema';
import type { JsonObject } from '../../lib/segment/types';

/** The clock the sample events in events/segment were written against. */
export const NOW_ISO = '2026-11-28T12:00:00Z';
export const NOW_MS = Date.parse(NOW_ISO);

export const REPO_ROOT = join(__dirname, '..', '..');
export const SAMPLE_SETTINGS_PATH = join(REPO_ROOT, 'config', 'settings.example.json');
export const SAMPLE_NDJSON_PATH = join(REPO_ROOT, 'events', 'segment', 'sample.ndjson');

export const SAMPLE_EVENTS = [
  'order-completed',
  'product-added',
  'products-searched',
  'page',
  'page-category',
  'screen-ios',
  'signed-up',
  'identify',
] as const;
export type SampleEventName = (typeof SAMPLE_EVENTS)[number];

/** A fresh copy of one shipped sample event (events/segment/<name>.json). */
export function sampleEvent(name: SampleEventName): JsonObject {
  return JSON.parse(readFileSync(join(REPO_ROOT, 'events', 'segment', `${name}.json`), 'utf8')) as JsonObject;
}

/** The shipped example settings document, compiled. */
export function sampleSettings(): SourceSettings {
  return sourceSettings(JSON.parse(readFileSync(SAMPLE_SETTINGS_PATH, 'utf8')) as Record<string, unknown>);
}

/** Settings with only the required fields plus overrides. */
export function settingsWith(overrides: Record<string, unknown> = {}): SourceSettings {
  return sourceSettings({ tagId: '2614759966035', adAccountId: '549755885175', ...overrides });
}

/** A minimal web track event that translates: a minute old, identified by IP and user agent. */
export function webTrack(overrides: JsonObject = {}): JsonObject {
  return {
    type: 'track',
    event: 'Order Completed',
    messageId: 'msg-1',
    timestamp: '2026-11-28T11:59:00.000Z',
    context: { ip: '203.0.113.24', userAgent: 'Mozilla/5.0 (test)' },
    properties: {},
    ...overrides,
  };
}
