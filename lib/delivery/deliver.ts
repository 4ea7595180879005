import type { PinterestResponse, PinterestSender } from '../pinterest/client';
import { createLimiter, type Limiter } from '../util/concurrency';
import { classifyResponse } from './classify';
import { retry, type Outcome } from './outcome';
import { bisect, type Chunk } from './plan';

/**
 * Send planned requests, at most `concurrency` at once, and turn the answers into one outcome per
 * record. A request rejected as a whole (400) is split in halves until the bad events stand alone,
 * so one malformed event never sinks the good ones next to it. When `canStart` says the time budget
 * is spent, requests not yet started are not sent: their records are redelivered untouched.
 */
export interface DeliverOptions {
  sender: PinterestSender;
  /** Requests in flight at once; or pass a `limiter` shared with other callers. */
  concurrency?: number;
  limiter?: Limiter;
  /** Asked before every request, halves of a split included. */
  canStart?: () => boolean;
  /** Called after every request (metrics, logs). */
  onResponse?: (chunk: Chunk, response: PinterestResponse) => void;
}

export interface DeliveryResult {
  /** Record index → outcome, for every record of every chunk. */
  outcomes: Map<number, Outcome>;
  requests: number;
  /** Requests split because Pinterest rejected them whole. */
  splits: number;
  /** Records not sent because the time budget ran out. */
  notSent: number;
}

export const NOT_SENT_DETAIL = 'the invocation ran out of time before this event was sent';

export async function deliverChunks(chunks: readonly Chunk[], options: DeliverOptions): Promise<DeliveryResult> {
  const limit = options.limiter ?? createLimiter(options.concurrency ?? 4);
  const canStart = options.canStart ?? (() => true);
  const result: DeliveryResult = { outcomes: new Map(), requests: 0, splits: 0, notSent: 0 };

  const run = async (chunk: Chunk): Promise<void> => {
    const verdict = await limit(async () => {
      if (!canStart()) return undefined;
      result.requests++;
      const response = await options.sender.send({ ...chunk.destination, events: chunk.items.map((item) => item.event) });
      options.onResponse?.(chunk, response);
      return classifyResponse(response, chunk.items.length);
    });
    if (verdict === undefined) {
      result.notSent += chunk.items.length;
      for (const item of chunk.items) result.outcomes.set(item.record, retry(NOT_SENT_DETAIL, { immediate: true }));
      return;
    }
    if (verdict.kind === 'split') {
      result.splits++;
      await Promise.all(bisect(chunk).map(run));
      return;
    }
    chunk.items.forEach((item, i) => {
      const outcome = verdict.kind === 'all' ? verdict.outcome : (verdict.outcomes[i] as Outcome);
      result.outcomes.set(item.record, outcome);
    });
  };

  await Promise.all(chunks.map(run));
  return result;
}
