import { createHash } from 'node:crypto';
import type { PinterestResponse, PinterestSender } from '../pinterest/client';
import type { Limiter } from '../util/concurrency';
import type { BreakerBoard, OpenCause } from './breaker';
import { classifyResponse } from './classify';
import { retry, type Outcome, type RetryCause } from './outcome';
import { bisect, type Chunk, type Destination } from './plan';
import { DEFAULT_INVOCATION_BACKOFF, holdDelaySeconds, invocationBackoffMs, type InvocationBackoff } from './retry-policy';

/**
 * Send planned requests and turn the answers into one outcome per record, riding out what can be
 * ridden out inside the invocation:
 * - a request that fails transiently (5xx, 429, timeout, reset) is sent again after a jittered
 *   backoff (never sooner than X-RateLimit-Reset) while the time budget allows;
 * - a request rejected as a whole (400) is split in halves, and both halves go out at once, so one
 *   malformed event never sinks the good ones next to it;
 * - the ad account's breaker (breaker.ts) decides whether a request goes out at all: in outage
 *   mode one small probe is sent and the rest is held back without a request;
 * - 401/403 pause the source: its records come back after a long hold, until the pause limit.
 * Only what still fails when the time runs out goes back to SQS, one delay per failed request.
 */
export interface SendContext {
  sender: PinterestSender;
  /** Request slots of the ad account (shared by everything sent to it in this invocation). */
  limiter: Limiter;
  breakers: BreakerBoard;
  /** Time left for one more request. */
  canStart: () => boolean;
  /** Time left to wait `ms` and then send one more request. */
  canWait: (ms: number) => boolean;
  sleep: (ms: number) => Promise<void>;
  now: () => number;
  random: () => number;
  backoff: InvocationBackoff;
  /** Hold period of an account in outage mode, and of a source whose credentials were refused. */
  outageHoldSeconds: number;
  authHoldSeconds: number;
  /** Events in a probe request. */
  probeEvents: number;
  /** A fresh id for records that share one redelivery delay. */
  nextGroup: () => string;
  onResponse?: (chunk: Chunk, response: PinterestResponse) => void;
}

export interface SendResult {
  /** Record index → outcome, for every record of every chunk. */
  outcomes: Map<number, Outcome>;
  requests: number;
  /** Requests split because Pinterest rejected them whole. */
  splits: number;
  /** Requests sent again in this invocation after a transient failure. */
  retriedInInvocation: number;
  probes: number;
  /** Records held back without a request (outage mode or paused credentials). */
  heldBack: number;
  /** Records not sent because the time budget ran out. */
  notSent: number;
  /** 401/403 answers: the detail of the first, and how many events they covered. */
  authRefused?: { detail: string; events: number };
}

export const NOT_SENT_DETAIL = 'the invocation ran out of time before this event was sent';

interface Failure {
  detail: string;
  cause: RetryCause;
  minDelaySeconds?: number;
}

/** The breaker key of a destination: the token only as a short hash, so no key ever holds a secret. */
export function breakerKey(destination: Destination): string {
  const token = createHash('sha256').update(destination.token).digest('hex').slice(0, 12);
  return `${destination.adAccountId}${destination.testMode ? ':test' : ''}:${token}`;
}

const openDetail = (cause: OpenCause): string =>
  cause === 'auth'
    ? 'Pinterest refused the credentials of this source; it is paused and retried later'
    : 'the ad account is in outage mode; held back without a request until a probe succeeds';

export async function sendChunks(chunks: readonly Chunk[], ctx: SendContext): Promise<SendResult> {
  const result: SendResult = { outcomes: new Map(), requests: 0, splits: 0, retriedInInvocation: 0, probes: 0, heldBack: 0, notSent: 0 };
  /** Probes in flight in this invocation, per breaker key: other requests wait for their answer. */
  const probes = new Map<string, Promise<void>>();

  const settle = (chunk: Chunk, outcome: Outcome): void => chunk.items.forEach((item) => result.outcomes.set(item.record, outcome));

  const hold = (chunk: Chunk, key: string, cause: OpenCause, detail: string): void => {
    result.heldBack += chunk.items.length;
    const period = cause === 'auth' ? ctx.authHoldSeconds : ctx.outageHoldSeconds;
    const delaySeconds = holdDelaySeconds(ctx.now(), period, key, ctx.random);
    settle(chunk, retry(detail, { cause: cause === 'auth' ? 'auth_paused' : 'outage_hold', delaySeconds, group: ctx.nextGroup() }));
  };

  const giveBack = (chunk: Chunk, failure: Failure): void =>
    settle(chunk, retry(failure.detail, { cause: failure.cause, group: ctx.nextGroup(), ...(failure.minDelaySeconds ? { minDelaySeconds: failure.minDelaySeconds } : {}) }));

  /** After a failed request: hold (breaker open), wait and send again, or give it back to SQS. */
  const afterFailure = async (chunk: Chunk, key: string, attempt: number, failure: Failure): Promise<void> => {
    const state = ctx.breakers.state(key);
    if (state.mode === 'open') return hold(chunk, key, state.cause, failure.detail);
    const wait = invocationBackoffMs(attempt, ctx.backoff, ctx.random, (failure.minDelaySeconds ?? 0) * 1000);
    const tooLong = wait > (ctx.backoff.maxWaitMs ?? DEFAULT_INVOCATION_BACKOFF.maxWaitMs ?? wait);
    if (attempt >= ctx.backoff.maxAttempts || tooLong || !ctx.canWait(wait)) return giveBack(chunk, failure);
    result.retriedInInvocation++;
    await ctx.sleep(wait);
    return run(chunk, attempt + 1, failure);
  };

  const sendOnce = async (chunk: Chunk, key: string, attempt: number, probe: boolean, previous?: Failure): Promise<void> => {
    const answered = await ctx.limiter(async () => {
      // The breaker may have opened while this request waited for a slot.
      if (!probe && ctx.breakers.state(key).mode === 'open') return 'held' as const;
      if (!ctx.canStart()) return undefined;
      result.requests++;
      if (probe) result.probes++;
      const response = await ctx.sender.send({ ...chunk.destination, events: chunk.items.map((item) => item.event) });
      ctx.onResponse?.(chunk, response);
      const verdict = classifyResponse(response, chunk.items.length);
      // Recorded before the slot is released, so the next request in line sees an open breaker.
      ctx.breakers.record(key, verdict.kind === 'transient' ? 'failed' : verdict.kind === 'auth' ? 'auth' : 'ok', ctx.now(), probe);
      return verdict;
    });
    if (answered === 'held') return run(chunk, attempt, previous);
    if (answered === undefined) {
      if (previous) return giveBack(chunk, previous);
      result.notSent += chunk.items.length;
      return settle(chunk, retry(NOT_SENT_DETAIL, { cause: 'not_sent', immediate: true }));
    }
    const verdict = answered;

    switch (verdict.kind) {
      case 'final':
        return settle(chunk, verdict.outcome);
      case 'split':
        result.splits++;
        await Promise.all(bisect(chunk).map((half) => run(half, 1)));
        return;
      case 'perEvent': {
        const again: Chunk = { destination: chunk.destination, items: [] };
        let detail = '';
        chunk.items.forEach((item, i) => {
          const outcome = verdict.outcomes[i] as Outcome;
          if (outcome.kind !== 'retry') return result.outcomes.set(item.record, outcome);
          again.items.push(item);
          detail ||= outcome.detail;
        });
        if (again.items.length > 0) await afterFailure(again, key, attempt, { detail, cause: 'pinterest_unavailable' });
        return;
      }
      case 'auth':
        result.authRefused = { detail: result.authRefused?.detail ?? verdict.detail, events: (result.authRefused?.events ?? 0) + chunk.items.length };
        return hold(chunk, key, 'auth', verdict.detail);
      case 'transient':
        return afterFailure(chunk, key, attempt, verdict);
    }
  };

  const run = async (chunk: Chunk, attempt: number, previous?: Failure): Promise<void> => {
    const key = breakerKey(chunk.destination);
    const admission = ctx.breakers.admit(key, ctx.now());
    const probing = probes.get(key);
    // A probe of this account is in flight in this invocation: its answer decides for this chunk too.
    if (admission === 'hold' && probing) {
      await probing;
      return run(chunk, attempt, previous);
    }
    if (admission === 'send') return sendOnce(chunk, key, attempt, false, previous);
    const state = ctx.breakers.state(key);
    const cause: OpenCause = state.mode === 'open' ? state.cause : 'outage';
    if (admission === 'hold') return hold(chunk, key, cause, previous?.detail ?? openDetail(cause));

    // Probe with a few events; the rest waits for its answer, then goes out in full or is held.
    const probe: Chunk = { destination: chunk.destination, items: chunk.items.slice(0, ctx.probeEvents) };
    const rest: Chunk = { destination: chunk.destination, items: chunk.items.slice(ctx.probeEvents) };
    let answered!: () => void;
    probes.set(key, new Promise<void>((resolve) => (answered = resolve)));
    try {
      await sendOnce(probe, key, ctx.backoff.maxAttempts, true, previous);
    } finally {
      probes.delete(key);
      answered();
    }
    if (rest.items.length === 0) return;
    const after = ctx.breakers.state(key);
    if (after.mode === 'open') return hold(rest, key, after.cause, previous?.detail ?? openDetail(after.cause));
    return run(rest, 1);
  };

  await Promise.all(chunks.map((chunk) => run(chunk, 1)));
  return result;
}
