import type { Reason } from '../reasons';
import type { Outcome, RetryCause } from './outcome';

/**
 * Per-source figures of one invocation, published as Powertools metrics with a `sourceId`
 * dimension: what was delivered, skipped, rejected by Pinterest, retried and dead-lettered (by
 * reason), plus request latency and events per request.
 */
export interface SourceStats {
  delivered: number;
  skipped: Partial<Record<Reason, number>>;
  deadLettered: Partial<Record<Reason, number>>;
  retried: number;
  /** Retried records by cause. */
  retriedBy: Partial<Record<RetryCause, number>>;
  /** Records held back without a request (ad account in outage mode, or credentials refused). */
  heldBack: number;
  /** Events in requests Pinterest answered 401/403: the source is paused. */
  authRefused: number;
  /** Requests sent again inside the invocation after a transient failure. */
  retriedInInvocation: number;
  probes: number;
  warnings: number;
  /** Dead-letter writes that failed; those records are redelivered instead. */
  deadLetterWriteFailures: number;
  requestLatencyMs: number[];
  eventsPerRequest: number[];
}

export const emptySourceStats = (): SourceStats => ({
  delivered: 0,
  skipped: {},
  deadLettered: {},
  retried: 0,
  retriedBy: {},
  heldBack: 0,
  authRefused: 0,
  retriedInInvocation: 0,
  probes: 0,
  warnings: 0,
  deadLetterWriteFailures: 0,
  requestLatencyMs: [],
  eventsPerRequest: [],
});

export class BatchStats {
  readonly sources = new Map<string, SourceStats>();

  of(sourceId: string): SourceStats {
    let stats = this.sources.get(sourceId);
    if (!stats) {
      stats = emptySourceStats();
      this.sources.set(sourceId, stats);
    }
    return stats;
  }

  /** Count a record's final outcome (after retries_exhausted was applied). */
  countOutcome(sourceId: string, outcome: Outcome): void {
    const stats = this.of(sourceId);
    switch (outcome.kind) {
      case 'delivered':
        stats.delivered++;
        if (outcome.detail) stats.warnings++;
        break;
      case 'skipped':
        stats.skipped[outcome.reason] = (stats.skipped[outcome.reason] ?? 0) + 1;
        break;
      case 'deadLetter':
        stats.deadLettered[outcome.reason] = (stats.deadLettered[outcome.reason] ?? 0) + 1;
        break;
      case 'retry':
        stats.retried++;
        stats.retriedBy[outcome.cause] = (stats.retriedBy[outcome.cause] ?? 0) + 1;
        break;
    }
  }

  countRequest(sourceId: string, latencyMs: number, events: number): void {
    const stats = this.of(sourceId);
    stats.requestLatencyMs.push(latencyMs);
    stats.eventsPerRequest.push(events);
  }
}

/** The subset of Powertools Metrics used here, so tests and the local stack can pass their own. */
export interface MetricsSink {
  addDimension(name: string, value: string): unknown;
  addMetric(name: string, unit: 'Count' | 'Milliseconds', value: number): unknown;
  publishStoredMetrics(): unknown;
}

export const METRIC = {
  delivered: 'EventsDelivered',
  rejected: 'EventsRejectedByPinterest',
  retried: 'EventsRetried',
  deadLettered: 'EventsDeadLettered',
  skipped: 'EventsSkipped',
  warnings: 'PinterestWarnings',
  deadLetterWriteFailures: 'DeadLetterWriteFailures',
  heldBack: 'EventsHeldBack',
  authRefused: 'PinterestAuthRefused',
  retriedInInvocation: 'PinterestRequestsRetried',
  probes: 'PinterestProbes',
  requests: 'PinterestRequests',
  requestLatency: 'PinterestRequestLatency',
  eventsPerRequest: 'EventsPerRequest',
} as const;

const sum = (counts: Partial<Record<Reason, number>>): number => Object.values(counts).reduce((a, b) => a + (b ?? 0), 0);

/**
 * Powertools flushes (and forgets the dimensions) when one metric reaches 100 values, so request
 * samples are published in pages of at most this many, each with its `sourceId` dimension.
 */
export const VALUES_PER_DOCUMENT = 99;

/** One EMF document per source (dimension `sourceId`). Dead letters also per reason: `EventsDeadLettered.<reason>`. */
export function publishStats(metrics: MetricsSink, stats: BatchStats): void {
  for (const [sourceId, s] of stats.sources) {
    metrics.addDimension('sourceId', sourceId);
    metrics.addMetric(METRIC.delivered, 'Count', s.delivered);
    metrics.addMetric(METRIC.rejected, 'Count', s.deadLettered.pinterest_rejected ?? 0);
    metrics.addMetric(METRIC.retried, 'Count', s.retried);
    metrics.addMetric(METRIC.deadLettered, 'Count', sum(s.deadLettered));
    for (const [reason, n] of Object.entries(s.deadLettered)) metrics.addMetric(`${METRIC.deadLettered}.${reason}`, 'Count', n ?? 0);
    metrics.addMetric(METRIC.skipped, 'Count', sum(s.skipped));
    for (const [reason, n] of Object.entries(s.skipped)) metrics.addMetric(`${METRIC.skipped}.${reason}`, 'Count', n ?? 0);
    if (s.warnings > 0) metrics.addMetric(METRIC.warnings, 'Count', s.warnings);
    if (s.deadLetterWriteFailures > 0) metrics.addMetric(METRIC.deadLetterWriteFailures, 'Count', s.deadLetterWriteFailures);
    for (const [cause, n] of Object.entries(s.retriedBy)) metrics.addMetric(`${METRIC.retried}.${cause}`, 'Count', n ?? 0);
    if (s.heldBack > 0) metrics.addMetric(METRIC.heldBack, 'Count', s.heldBack);
    // Every time, so an alarm on it fires while a source is paused, long before pinterest_auth.
    if (s.authRefused > 0) metrics.addMetric(METRIC.authRefused, 'Count', s.authRefused);
    if (s.retriedInInvocation > 0) metrics.addMetric(METRIC.retriedInInvocation, 'Count', s.retriedInInvocation);
    if (s.probes > 0) metrics.addMetric(METRIC.probes, 'Count', s.probes);
    metrics.addMetric(METRIC.requests, 'Count', s.requestLatencyMs.length);
    for (let from = 0; ; from += VALUES_PER_DOCUMENT) {
      if (from > 0) metrics.addDimension('sourceId', sourceId);
      for (const ms of s.requestLatencyMs.slice(from, from + VALUES_PER_DOCUMENT)) metrics.addMetric(METRIC.requestLatency, 'Milliseconds', ms);
      for (const n of s.eventsPerRequest.slice(from, from + VALUES_PER_DOCUMENT)) metrics.addMetric(METRIC.eventsPerRequest, 'Count', n);
      metrics.publishStoredMetrics();
      if (from + VALUES_PER_DOCUMENT >= s.requestLatencyMs.length) break;
    }
  }
}
