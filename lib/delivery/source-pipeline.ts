import type { PinterestResponse } from '../pinterest/client';
import type { TranslateResult } from '../pinterest/types';
import { isIntentionalSkip } from '../reasons';
import type { SourceLookup } from '../settings/provider';
import type { SourceSettings } from '../settings/schema';
import type { Limiter } from '../util/concurrency';
import type { BreakerBoard } from './breaker';
import { deadLetter, retry, skipped, type Outcome } from './outcome';
import { planRequests, type Chunk, type Destination, type PlannedEvent } from './plan';
import type { InvocationBackoff } from './retry-policy';
import { sendChunks, type SendResult } from './send';
import type { BatchStats } from './stats';
import type { PinterestSender } from '../pinterest/client';
import type { SettingsProvider } from '../settings/provider';

/**
 * Stages 2–5 of a batch, for one source: settings → translate → plan → send. Each source runs on
 * its own, concurrently with the others, so one source's slow settings, refused credentials or
 * rejected events never hold up or drop another source's events.
 */
export type Translate = (event: unknown, settings: SourceSettings, nowMs: number) => TranslateResult;

/** The subset of the Powertools Logger used here. Never give it tokens, event bodies or user data. */
export interface LoggerLike {
  info(message: string, ...extra: Record<string, unknown>[]): void;
  warn(message: string, ...extra: Record<string, unknown>[]): void;
  error(message: string, ...extra: Record<string, unknown>[]): void;
}

/** What one invocation shares between its sources. */
export interface BatchRun {
  settings: SettingsProvider;
  sender: PinterestSender;
  translate: Translate;
  logger: LoggerLike;
  stats: BatchStats;
  breakers: BreakerBoard;
  now: () => number;
  random: () => number;
  sleep: (ms: number) => Promise<void>;
  canStart: () => boolean;
  canWait: (ms: number) => boolean;
  backoff: InvocationBackoff;
  outageHoldSeconds: number;
  authHoldSeconds: number;
  authPauseHours: number;
  probeEvents: number;
  /** Request slots per ad account. */
  limiterFor: (adAccountId: string) => Limiter;
  nextGroup: () => string;
  loggedSettingsWarnings?: Set<string>;
  /** Summed over sources for the batch report. */
  totals: Pick<SendResult, 'requests' | 'splits' | 'retriedInInvocation' | 'probes' | 'heldBack' | 'notSent'>;
}

/** How many Pinterest warnings and rejections per source and invocation go into the logs. */
export const LOG_SAMPLES = 3;

/** `Name: message` of the innermost cause (Powertools wraps SDK errors such as ThrottlingException). */
export function errorText(error: unknown): string {
  let err: unknown = error;
  while (err instanceof Error && err.cause instanceof Error) err = err.cause;
  return err instanceof Error ? `${err.name}: ${err.message}` : String(error);
}

type Usable = Extract<SourceLookup, { status: 'ok' }>;

/** Stage 2: the source's settings, or the outcome of all its events when there are none to use. */
async function loadSettings(run: BatchRun, sourceId: string, events: number): Promise<Usable | Outcome> {
  let lookup: SourceLookup;
  try {
    lookup = await run.settings.getSource(sourceId);
  } catch (error) {
    run.logger.warn('settings unavailable; events will be retried', { sourceId, events, error: errorText(error) });
    return retry(`settings unavailable: ${errorText(error)}`, { cause: 'settings_unavailable' });
  }
  if (lookup.status !== 'ok') {
    const reason = lookup.status === 'missing' ? 'settings_missing' : 'settings_invalid';
    run.logger.warn('source settings unusable; events dead-lettered', { sourceId, reason, detail: lookup.message, events });
    return deadLetter(reason, lookup.message);
  }
  for (const warning of lookup.warnings) {
    const key = `${sourceId}\n${warning}`;
    if (run.loggedSettingsWarnings?.has(key)) continue;
    run.loggedSettingsWarnings?.add(key);
    run.logger.warn('settings warning', { sourceId, warning });
  }
  return lookup;
}

/** Stage 3: translate each event; drops are decided here, the rest is planned for its destination. */
function translateEvents(
  run: BatchRun,
  sourceId: string,
  lookup: Usable,
  indexes: readonly number[],
  events: readonly unknown[],
  outcomes: (Outcome | undefined)[],
): { planned: (PlannedEvent & { destination: Destination })[]; destination?: Destination } {
  const { settings, conversionToken } = lookup;
  const nowMs = run.now();
  const missingCredentials = !settings.adAccountId
    ? `source "${sourceId}" has no adAccountId in its settings`
    : !conversionToken
      ? `source "${sourceId}" has no conversion token`
      : undefined;
  const destination: Destination | undefined =
    settings.adAccountId && conversionToken ? { adAccountId: settings.adAccountId, token: conversionToken, testMode: settings.testMode } : undefined;
  const planned: (PlannedEvent & { destination: Destination })[] = [];
  for (const index of indexes) {
    let result: TranslateResult;
    try {
      result = run.translate(events[index], settings, nowMs);
    } catch (error) {
      outcomes[index] = deadLetter('invalid_event', `translation failed: ${errorText(error)}`);
      continue;
    }
    if (!result.ok) {
      const { reason, message } = result.drop;
      outcomes[index] = isIntentionalSkip(reason) ? skipped(reason, message) : deadLetter(reason, message);
    } else if (!destination) {
      outcomes[index] = deadLetter('settings_missing', missingCredentials ?? 'no credentials');
    } else {
      planned.push({ record: index, sourceId, event: result.event, destination });
    }
  }
  // Translation first: intentional skips stay skips even for a source without credentials.
  if (!destination && indexes.some((i) => outcomes[i]?.reason === 'settings_missing')) {
    run.logger.warn('source settings unusable; events dead-lettered', { sourceId, reason: 'settings_missing', detail: missingCredentials });
  }
  return { planned, ...(destination ? { destination } : {}) };
}

/** Stage 5: send with in-invocation retry and the account's breaker; log what needs a person. */
async function send(run: BatchRun, sourceId: string, chunks: Chunk[], destination: Destination, outcomes: (Outcome | undefined)[]): Promise<void> {
  const eventNames = new Map(chunks.flatMap((c) => c.items.map((p) => [p.record, p.event.event_name] as const)));
  const result = await sendChunks(chunks, {
    sender: run.sender,
    limiter: run.limiterFor(destination.adAccountId),
    breakers: run.breakers,
    canStart: run.canStart,
    canWait: run.canWait,
    sleep: run.sleep,
    now: run.now,
    random: run.random,
    backoff: run.backoff,
    outageHoldSeconds: run.outageHoldSeconds,
    authHoldSeconds: run.authHoldSeconds,
    probeEvents: run.probeEvents,
    nextGroup: run.nextGroup,
    onResponse: (chunk: Chunk, response: PinterestResponse) => run.stats.countRequest(sourceId, response.latencyMs, chunk.items.length),
  });
  for (const key of ['requests', 'splits', 'retriedInInvocation', 'probes', 'heldBack', 'notSent'] as const) run.totals[key] += result[key];
  const stats = run.stats.of(sourceId);
  stats.heldBack += result.heldBack;
  stats.retriedInInvocation += result.retriedInInvocation;
  stats.probes += result.probes;

  let warningsLogged = 0;
  let rejectionsLogged = 0;
  for (const [index, outcome] of result.outcomes) {
    outcomes[index] = outcome;
    const eventName = eventNames.get(index);
    if (outcome.kind === 'delivered' && outcome.detail && warningsLogged++ < LOG_SAMPLES) {
      run.logger.warn('Pinterest warning', { sourceId, eventName, warning: outcome.detail });
    }
    if (outcome.reason === 'pinterest_rejected' && rejectionsLogged++ < LOG_SAMPLES) {
      run.logger.warn('Pinterest rejected an event', { sourceId, eventName, error: outcome.detail });
    }
  }
  if (result.authRefused) {
    stats.authRefused += result.authRefused.events;
    // Every time, once per source and invocation: this needs a person, and the clock is running.
    run.logger.error(`Pinterest refused the credentials of this source; its events are paused and retried for up to ${run.authPauseHours} h, then dead-lettered as pinterest_auth. Fix the token or ad account.`, {
      sourceId,
      detail: result.authRefused.detail,
      events: result.authRefused.events,
    });
  }
}

/** One source's events, from settings to Pinterest's answers; fills `outcomes` at their indexes. */
export async function deliverSource(run: BatchRun, sourceId: string, indexes: number[], events: readonly unknown[], outcomes: (Outcome | undefined)[]): Promise<void> {
  const lookup = await loadSettings(run, sourceId, indexes.length);
  if (!('status' in lookup)) {
    for (const i of indexes) outcomes[i] = lookup;
    return;
  }
  const { planned, destination } = translateEvents(run, sourceId, lookup, indexes, events, outcomes);
  if (planned.length === 0 || !destination) return;
  await send(run, sourceId, planRequests(planned), destination, outcomes);
}
