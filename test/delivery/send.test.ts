import { BreakerBoard } from '../../lib/delivery/breaker';
import { planRequests, type Destination } from '../../lib/delivery/plan';
import { DEFAULT_INVOCATION_BACKOFF } from '../../lib/delivery/retry-policy';
import { breakerKey, NOT_SENT_DETAIL, sendChunks, type SendContext } from '../../lib/delivery/send';
import type { PinterestRequest, PinterestResponse, PinterestSender } from '../../lib/pinterest/client';
import { createLimiter } from '../../lib/util/concurrency';
import { pinterestEvent } from '../support/pinterest-events';

const A: Destination = { adAccountId: '111', token: 'tok', testMode: false };
const chunksOf = (n: number, badIds: string[] = []) =>
  planRequests(Array.from({ length: n }, (_, i) => ({ record: i, sourceId: 'web', event: pinterestEvent(badIds.includes(`e${i}`) ? `bad${i}` : `e${i}`), destination: A })));

const ok = (req: PinterestRequest): PinterestResponse => ({ kind: 'http', status: 200, events: req.events.map(() => ({ status: 'processed' })), latencyMs: 1 });
const status = (code: number): PinterestResponse => ({ kind: 'http', status: code, code: 1, message: 'x', latencyMs: 1 });

/** 400s any request holding an event whose id starts with "bad"; otherwise `answer` (default all processed). */
function fakeSender(answer: (req: PinterestRequest, n: number) => PinterestResponse = ok) {
  const sent: string[][] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const sender: PinterestSender = {
    async send(req) {
      sent.push(req.events.map((e) => e.event_id));
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise((r) => setImmediate(r));
      inFlight--;
      if (req.events.some((e) => e.event_id.startsWith('bad'))) return { kind: 'http', status: 400, code: 4196, message: 'Invalid request', latencyMs: 1 };
      return answer(req, sent.length);
    },
  };
  return { sender, sent, maxInFlight: () => maxInFlight };
}

function context(sender: PinterestSender, over: Partial<SendContext> = {}): SendContext & { clock: { now: number }; waits: number[] } {
  const clock = { now: 1_000_000 };
  const waits: number[] = [];
  let groups = 0;
  return {
    sender,
    limiter: createLimiter(4),
    breakers: new BreakerBoard(),
    canStart: () => true,
    canWait: () => true,
    sleep: async (ms) => {
      waits.push(ms);
      clock.now += ms;
    },
    now: () => clock.now,
    random: () => 0.5,
    backoff: DEFAULT_INVOCATION_BACKOFF,
    outageHoldSeconds: 600,
    authHoldSeconds: 600,
    probeEvents: 1,
    nextGroup: () => `g${++groups}`,
    clock,
    waits,
    ...over,
  };
}

describe('sendChunks', () => {
  it('isolates one malformed event of 8 by bisecting, the clean halves at once: 7 delivered, 1 rejected, 7 requests', async () => {
    const fake = fakeSender();
    const result = await sendChunks(chunksOf(8, ['e5']), context(fake.sender, { limiter: createLimiter(2) }));
    expect(result.requests).toBe(7);
    expect(result.splits).toBe(3);
    expect(fake.maxInFlight()).toBe(2);
    expect([...result.outcomes.values()].filter((o) => o.kind === 'delivered')).toHaveLength(7);
    expect(result.outcomes.get(5)).toEqual({ kind: 'deadLetter', reason: 'pinterest_rejected', detail: 'Pinterest 400 (code 4196): Invalid request' });
  });

  it('sends 2,500 events in 3 requests within the request slots', async () => {
    const fake = fakeSender();
    const result = await sendChunks(chunksOf(2500), context(fake.sender, { limiter: createLimiter(2) }));
    expect(fake.sent.map((s) => s.length)).toEqual([1000, 1000, 500]);
    expect(fake.maxInFlight()).toBe(2);
    expect(result.outcomes.size).toBe(2500);
  });

  it('retries a transient failure during a bisection inside the invocation, and never re-sends the clean half', async () => {
    // The first try of the half holding the bad event fails with 500; everything else is answered.
    const fake = fakeSender((req) => ok(req));
    let failedOnce = false;
    const sender: PinterestSender = {
      send: async (req) => {
        if (!failedOnce && req.events.length === 2 && req.events.some((e) => e.event_id === 'e2')) {
          failedOnce = true;
          fake.sent.push(req.events.map((e) => e.event_id));
          return status(500);
        }
        return fake.sender.send(req);
      },
    };
    const result = await sendChunks(chunksOf(4, ['e3']), context(sender));
    expect(fake.sent).toEqual([['e0', 'e1', 'e2', 'bad3'], ['e0', 'e1'], ['e2', 'bad3'], ['e2', 'bad3'], ['e2'], ['bad3']]);
    expect(result.retriedInInvocation).toBe(1);
    expect([0, 1, 2].map((i) => result.outcomes.get(i)?.kind)).toEqual(['delivered', 'delivered', 'delivered']);
    expect(result.outcomes.get(3)?.reason).toBe('pinterest_rejected');
  });

  it('gives a request back to SQS, one group for its records, when no wait fits in the time left', async () => {
    const fake = fakeSender(() => status(503));
    const result = await sendChunks(chunksOf(3), context(fake.sender, { canWait: () => false }));
    expect(result.requests).toBe(1);
    const outcomes = [...result.outcomes.values()];
    expect(outcomes.every((o) => o.kind === 'retry' && o.cause === 'pinterest_unavailable' && o.group === 'g1')).toBe(true);
  });

  it('starts no request once the time budget is spent, and leaves those records for immediate redelivery', async () => {
    let budget = 1;
    const chunks = planRequests(
      Array.from({ length: 3 }, (_, i) => ({ record: i, sourceId: 'web', event: pinterestEvent(`e${i}`), destination: { ...A, adAccountId: `acct${i}` } })),
    );
    const fake = fakeSender();
    const result = await sendChunks(chunks, context(fake.sender, { limiter: createLimiter(1), canStart: () => budget-- > 0 }));
    expect(result.requests).toBe(1);
    expect(result.notSent).toBe(2);
    expect(result.outcomes.get(1)).toEqual({ kind: 'retry', cause: 'not_sent', detail: NOT_SENT_DETAIL, immediate: true });
  });

  it('opens the breaker after persistent failures and holds the rest without requests, one delay per request', async () => {
    const fake = fakeSender(() => status(503));
    const ctx = context(fake.sender, { limiter: createLimiter(1) });
    const result = await sendChunks(chunksOf(2500), ctx);
    // 5 failed requests open the breaker; nothing else is sent.
    expect(result.requests).toBe(5);
    expect(ctx.breakers.state(breakerKey(A)).mode).toBe('open');
    const held = [...result.outcomes.values()];
    expect(held.every((o) => o.kind === 'retry' && o.cause === 'outage_hold')).toBe(true);
    const groups = new Set(held.map((o) => (o.kind === 'retry' ? o.group : '')));
    expect(groups.size).toBe(3);
    expect(result.heldBack).toBe(2500);
  });

  it('in outage mode sends one 1-event probe; when it succeeds the rest goes out in full', async () => {
    const fake = fakeSender();
    const ctx = context(fake.sender);
    for (let i = 0; i < 5; i++) ctx.breakers.record(breakerKey(A), 'failed', ctx.clock.now - 120_000);
    const result = await sendChunks(chunksOf(1500), ctx);
    expect(fake.sent.map((s) => s.length)).toEqual([1, 999, 500]);
    expect(result.probes).toBe(1);
    expect(ctx.breakers.state(breakerKey(A)).mode).toBe('closed');
    expect([...result.outcomes.values()].every((o) => o.kind === 'delivered')).toBe(true);
  });

  it('in outage mode holds everything when the probe fails, and sends no second probe within the minute', async () => {
    const fake = fakeSender(() => status(503));
    const ctx = context(fake.sender);
    for (let i = 0; i < 5; i++) ctx.breakers.record(breakerKey(A), 'failed', ctx.clock.now - 120_000);
    const first = await sendChunks(chunksOf(1500), ctx);
    expect(fake.sent.map((s) => s.length)).toEqual([1]);
    expect([...first.outcomes.values()].every((o) => o.kind === 'retry' && o.cause === 'outage_hold')).toBe(true);
    ctx.clock.now += 30_000;
    await sendChunks(chunksOf(10), ctx);
    expect(fake.sent).toHaveLength(1);
  });

  it('pauses a source whose credentials are refused: held with the auth hold, counted, no dead letter', async () => {
    const fake = fakeSender(() => status(401));
    const result = await sendChunks(chunksOf(3), context(fake.sender));
    expect(result.requests).toBe(1);
    expect(result.authRefused).toEqual({ detail: 'Pinterest 401 (code 1): x', events: 3 });
    expect([...result.outcomes.values()].every((o) => o.kind === 'retry' && o.cause === 'auth_paused' && (o.delaySeconds ?? 0) >= 300)).toBe(true);
  });
});
