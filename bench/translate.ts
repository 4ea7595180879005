import { sha256Hex } from '../lib/pinterest/hash';
import { translate as currentTranslate } from '../lib/pinterest/translate';
import type { SourceSettings } from '../lib/settings/schema';
import type { Translate } from '../lib/delivery/process-batch';
import { benchSettings, eventTexts, NOW_MS } from './fixtures';
import type { Figure } from './figures';
import { measure, type MeasureOptions } from './measure';

/**
 * Translation against its floor. Both sides start from the event's JSON text and end with JSON
 * text, as the worker does: translate = parse → translate → stringify the Pinterest event;
 * floor = parse → SHA-256 of every value the translation hashes → stringify the Segment event.
 * What is left between them is the work translation adds: reading, normalising, building.
 */
export interface TranslateWorkload {
  texts: string[];
  /** Per event, the raw strings behind each hash the translation computes (same count, similar length). */
  hashInputs: string[][];
  settings: SourceSettings;
}

// Where each hashed user_data key comes from in the generated events.
const RAW_SOURCES: Record<string, (e: Record<string, any>) => unknown> = { // eslint-disable-line @typescript-eslint/no-explicit-any -- reads generated test data
  em: (e) => e.context?.traits?.email,
  ph: (e) => e.context?.traits?.phone,
  fn: (e) => e.context?.traits?.firstName,
  ln: (e) => e.context?.traits?.lastName,
  ge: (e) => e.context?.traits?.gender,
  db: (e) => e.context?.traits?.birthday,
  ct: (e) => e.context?.traits?.address?.city,
  st: (e) => e.context?.traits?.address?.state,
  zp: (e) => e.context?.traits?.address?.postalCode,
  country: (e) => e.context?.traits?.address?.country,
  external_id: (e) => e.userId,
  hashed_maids: (e) => e.context?.device?.advertisingId,
};

export function translateWorkload(count: number): TranslateWorkload {
  const settings = benchSettings();
  const texts = eventTexts(count);
  const hashInputs = texts.map((text) => {
    const event = JSON.parse(text) as Record<string, unknown>;
    const result = currentTranslate(event, settings, NOW_MS);
    if (!result.ok) throw new Error(`generated event does not translate: ${result.drop.reason}`);
    const userData = result.event.user_data as Record<string, unknown>;
    return Object.keys(RAW_SOURCES)
      .filter((key) => Array.isArray(userData[key]))
      .map((key) => String(RAW_SOURCES[key]?.(event)));
  });
  return { texts, hashInputs, settings };
}

/** One pass of the translation over every event; returns output bytes so nothing is optimised away. */
export function translatePass(w: TranslateWorkload, translate: Translate = currentTranslate): number {
  let bytes = 0;
  for (const text of w.texts) {
    const result = translate(JSON.parse(text), w.settings, NOW_MS);
    bytes += result.ok ? JSON.stringify(result.event).length : 0;
  }
  return bytes;
}

export function floorPass(w: TranslateWorkload): number {
  let bytes = 0;
  for (let i = 0; i < w.texts.length; i++) {
    const parsed: unknown = JSON.parse(w.texts[i] as string);
    for (const value of w.hashInputs[i] as string[]) bytes += sha256Hex(value).length;
    bytes += JSON.stringify(parsed).length;
  }
  return bytes;
}

export async function translateFigures(options: MeasureOptions & { events: number }): Promise<Figure[]> {
  const w = translateWorkload(options.events);
  const ms = await measure(
    [
      { name: 'translate', fn: () => translatePass(w) },
      { name: 'floor', fn: () => floorPass(w) },
    ],
    options,
  );
  const perS = (name: string) => (w.texts.length / (ms.get(name) as number)) * 1000;
  const translate = perS('translate');
  const floor = perS('floor');
  return [
    { figure: 'translate_events_per_s', value: translate, unit: 'events/s', budget: null, note: 'parse → translate → stringify, one core' },
    { figure: 'translate_floor_events_per_s', value: floor, unit: 'events/s', budget: null, note: 'parse + SHA-256 of hashed fields + stringify' },
    { figure: 'translate_ratio', value: translate / floor, unit: 'ratio', budget: 0.5, compare: 'min', note: 'translate / floor' },
  ];
}
