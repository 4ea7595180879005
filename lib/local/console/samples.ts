import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEventsFile, restampBody } from '../sample';

/**
 * The sample Segment events the tester offers, from the repository's events/segment/ folder
 * (the one place that names it for the console). A sample is handed out with its timestamps moved
 * to now, as `npm run send` does, so the preview is not an `event_too_old` drop.
 */
export const SEGMENT_SAMPLES_DIR = join(__dirname, '..', '..', '..', 'events', 'segment');

const SAMPLE_FILE = /^[\w.-]+\.(?:json|ndjson)$/;

export function listSamples(dir: string): string[] {
  try {
    return readdirSync(dir)
      .filter((name) => SAMPLE_FILE.test(name))
      .sort();
  } catch {
    return [];
  }
}

/** The sample's body restamped to `now`, pretty-printed; undefined for a name not in the folder. */
export function readSample(dir: string, name: string, now: Date): string | undefined {
  if (!listSamples(dir).includes(name)) return undefined;
  const body = restampBody(parseEventsFile(readFileSync(join(dir, name), 'utf8')), now);
  return `${JSON.stringify(body, null, 2)}\n`;
}
