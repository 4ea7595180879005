import type { Outcome } from './outcome';

/**
 * The counts per reason of a batch and the first detail of each kind, for the one log line every
 * batch writes, so an operator reads `pinterest_rejected: 2 (Invalid currency)` without opening the
 * DLQ. Keys: `delivered`, `skipped.<reason>`, `deadLettered.<reason>`, `retried.<cause>`. Details
 * are Pinterest's error messages and the worker's own texts: never event bodies or user data.
 */
export interface ReasonCount {
  count: number;
  /** The first detail of this kind in the batch, cut to 200 characters. */
  firstDetail?: string;
}

export const FIRST_DETAIL_CHARS = 200;

export function outcomeKey(outcome: Outcome): string {
  switch (outcome.kind) {
    case 'delivered':
      return 'delivered';
    case 'skipped':
      return `skipped.${outcome.reason}`;
    case 'deadLetter':
      return `deadLettered.${outcome.reason}`;
    case 'retry':
      return `retried.${outcome.cause}`;
  }
}

export function countByReason(outcomes: readonly Outcome[]): Record<string, ReasonCount> {
  const counts: Record<string, ReasonCount> = {};
  for (const outcome of outcomes) {
    const key = outcomeKey(outcome);
    const entry = (counts[key] ??= { count: 0 });
    entry.count++;
    if (entry.firstDetail === undefined && outcome.kind !== 'delivered' && outcome.detail) {
      entry.firstDetail = outcome.detail.length > FIRST_DETAIL_CHARS ? `${outcome.detail.slice(0, FIRST_DETAIL_CHARS - 1)}…` : outcome.detail;
    }
  }
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)));
}

/** `delivered: 40, deadLettered.pinterest_rejected: 2 (Invalid currency), retried.outage_hold: 8 (…)` */
export function reasonSummary(counts: Record<string, ReasonCount>): string {
  return Object.entries(counts)
    .map(([key, { count, firstDetail }]) => `${key}: ${count}${firstDetail ? ` (${firstDetail})` : ''}`)
    .join(', ');
}
