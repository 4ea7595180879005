import type { Outcome } from './outcome';

/**
 * What a warm container has proven about events: an event Pinterest rejected (`pinterest_rejected`)
 * stays rejected, so when a copy of it comes back (a Segment retry, a record whose dead-letter
 * write failed) it is dead-lettered at once with the same reason instead of being sent and bisected
 * again. Keyed by source and Segment `messageId`; bounded, oldest forgotten first.
 */
export type DeadLetterOutcome = Extract<Outcome, { kind: 'deadLetter' }>;

export const FATE_MEMORY_ENTRIES = 10_000;

export const eventKey = (sourceId: string, messageId: string): string => `${sourceId}\n${messageId}`;

export class FateMemory {
  private readonly entries = new Map<string, DeadLetterOutcome>();

  constructor(private readonly capacity = FATE_MEMORY_ENTRIES) {}

  /** Remember a verdict that can never change; other outcomes are ignored. */
  remember(key: string, outcome: Outcome): void {
    if (outcome.kind !== 'deadLetter' || outcome.reason !== 'pinterest_rejected') return;
    this.entries.delete(key);
    this.entries.set(key, outcome);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
  }

  recall(key: string): DeadLetterOutcome | undefined {
    return this.entries.get(key);
  }

  get size(): number {
    return this.entries.size;
  }
}
