/** The local console (docs/local-console.md): a page and a JSON API on the local stack's ingest port. */
import { createConsole, type ConsoleOptions, type LocalConsole } from './console';
import { readSourcesView } from './sources';

export { createConsole, type ConsoleOptions, type LocalConsole } from './console';
export { DeliveryLog, type Delivery, type DeliveredEvent, type MinuteCounts } from './delivery-log';
export { previewEvents, eventsOf, type Preview } from './event-tester';
export { refusal, localHosts, type RequestFacts } from './guard';
export { describeSources, readSourcesView, type SourcesView } from './sources';
export { SEGMENT_SAMPLES_DIR, listSamples, readSample } from './samples';

export interface StackConsoleOptions {
  /** The local settings file the stack runs on, shown in the Sources panel. */
  settingsFile?: string;
  samplesDir?: string;
}

/**
 * The console for a stack on `host`, or undefined when it must not run: turned off, or the
 * server is not bound to 127.0.0.1 (the guard assumes only this machine can connect).
 */
export function consoleForStack(
  choice: StackConsoleOptions | false | undefined,
  host: string,
  deps: Omit<ConsoleOptions, 'sources' | 'samplesDir'>,
): LocalConsole | undefined {
  if (choice === false || host !== '127.0.0.1') return undefined;
  const sources = choice?.settingsFile
    ? readSourcesView(choice.settingsFile)
    : { ok: true, note: 'The settings of this stack do not come from a local file: nothing to show here.', sources: [] };
  return createConsole({ ...deps, sources, ...(choice?.samplesDir ? { samplesDir: choice.samplesDir } : {}) });
}
