import type { BatchReport } from '../../delivery/process-batch';
import type { OutcomeKind } from '../../delivery/outcome';
import type { PinterestRequest, PinterestResponse, PinterestSender } from '../../pinterest/client';

/**
 * What the console shows of the worker's work, observed from the outside: every request the
 * worker's Pinterest client makes (through `observe`, a wrapper around the sender) and every
 * batch's per-record outcomes (through `recordReport`, the stack's onReport). A delivery keeps
 * event names, ids, times and which user_data keys were present; never a hashed value, a
 * custom_data value or the token, so nothing here needs protecting. Bounded: the newest
 * `capacity` deliveries and `minutes` of counts.
 */
export interface DeliveredEvent {
  eventName: string;
  eventId: string;
  actionSource: string;
  eventTime: number;
  /** user_data keys sent hashed (arrays of SHA-256 hex). */
  hashedKeys: string[];
  /** user_data keys sent as they are (IP address, user agent, click id, partner id). */
  plainKeys: string[];
  customDataKeys: string[];
  /** Pinterest's answer for this event: processed, failed, or the whole request's error. */
  status: string;
  error?: string;
  warning?: string;
}

export interface Delivery {
  seq: number;
  /** ms since epoch, when the answer came. */
  at: number;
  adAccountId: string;
  testMode: boolean;
  /** HTTP status, or undefined for a timeout or network error. */
  httpStatus?: number;
  /** Pinterest's error message for a non-2xx answer, or the network error. */
  error?: string;
  latencyMs: number;
  events: DeliveredEvent[];
}

export type OutcomeCounts = Record<OutcomeKind, number>;
export interface MinuteCounts extends OutcomeCounts {
  /** Start of the minute, ms since epoch. */
  minute: number;
}

export interface DeliveryLogOptions {
  now?: () => number;
  /** Deliveries kept. Default 200. */
  capacity?: number;
  /** Minutes of outcome counts kept and charted. Default 15. */
  minutes?: number;
}

const MINUTE_MS = 60_000;
const zero = (): OutcomeCounts => ({ delivered: 0, skipped: 0, retry: 0, deadLetter: 0 });
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function describeEvent(event: PinterestRequest['events'][number], index: number, response: PinterestResponse): DeliveredEvent {
  const user: Record<string, unknown> = isObject(event.user_data) ? event.user_data : {};
  const keys = Object.keys(user);
  const base = {
    eventName: String(event.event_name),
    eventId: String(event.event_id),
    actionSource: String(event.action_source),
    eventTime: event.event_time,
    hashedKeys: keys.filter((k) => Array.isArray(user[k])),
    plainKeys: keys.filter((k) => !Array.isArray(user[k])),
    customDataKeys: isObject(event.custom_data) ? Object.keys(event.custom_data) : [],
  };
  if (response.kind === 'error') return { ...base, status: response.cause, error: response.message };
  const result = response.events?.[index];
  if (result) {
    return {
      ...base,
      status: result.status,
      ...(result.errorMessage ? { error: result.errorMessage } : {}),
      ...(result.warningMessage ? { warning: result.warningMessage } : {}),
    };
  }
  const ok = response.status >= 200 && response.status < 300;
  return { ...base, status: ok ? 'sent' : `HTTP ${response.status}`, ...(!ok && response.message ? { error: response.message } : {}) };
}

export class DeliveryLog {
  private readonly now: () => number;
  private readonly capacity: number;
  private readonly minutes: number;
  private readonly deliveries: Delivery[] = [];
  private readonly perMinute = new Map<number, OutcomeCounts>();
  private seq = 0;
  readonly totals: OutcomeCounts = zero();

  constructor(options: DeliveryLogOptions = {}) {
    this.now = options.now ?? Date.now;
    this.capacity = options.capacity ?? 200;
    this.minutes = options.minutes ?? 15;
  }

  /** The same sender, with every exchange recorded. */
  observe(sender: PinterestSender): PinterestSender {
    return {
      send: async (request) => {
        const response = await sender.send(request);
        this.recordExchange(request, response);
        return response;
      },
    };
  }

  recordExchange(request: PinterestRequest, response: PinterestResponse): void {
    const delivery: Delivery = {
      seq: ++this.seq,
      at: this.now(),
      adAccountId: request.adAccountId,
      testMode: request.testMode,
      ...(response.kind === 'http' ? { httpStatus: response.status } : {}),
      ...(response.kind === 'error' ? { error: response.message } : response.status >= 300 && response.message ? { error: response.message } : {}),
      latencyMs: response.latencyMs,
      events: request.events.map((event, i) => describeEvent(event, i, response)),
    };
    this.deliveries.push(delivery);
    if (this.deliveries.length > this.capacity) this.deliveries.splice(0, this.deliveries.length - this.capacity);
  }

  /** Count one batch's per-record outcomes in the current minute. */
  recordReport(report: Pick<BatchReport, 'records'>): void {
    const minute = Math.floor(this.now() / MINUTE_MS) * MINUTE_MS;
    const counts = this.perMinute.get(minute) ?? zero();
    for (const record of report.records) {
      counts[record.outcome.kind]++;
      this.totals[record.outcome.kind]++;
    }
    this.perMinute.set(minute, counts);
    for (const key of this.perMinute.keys()) if (key <= minute - this.minutes * MINUTE_MS) this.perMinute.delete(key);
  }

  /** Deliveries with a sequence number above `after`, oldest first. */
  since(after: number): Delivery[] {
    return this.deliveries.filter((d) => d.seq > after);
  }

  get lastSeq(): number {
    return this.seq;
  }

  /** One entry per minute of the last `minutes`, oldest first, zeros included. */
  chart(): MinuteCounts[] {
    const current = Math.floor(this.now() / MINUTE_MS) * MINUTE_MS;
    return Array.from({ length: this.minutes }, (_, i) => {
      const minute = current - (this.minutes - 1 - i) * MINUTE_MS;
      return { minute, ...(this.perMinute.get(minute) ?? zero()) };
    });
  }
}
