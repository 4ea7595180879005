import { deliverChunks, NOT_SENT_DETAIL } from '../../lib/delivery/deliver';
import { planRequests, type Destination } from '../../lib/delivery/plan';
import type { PinterestRequest, PinterestResponse, PinterestSender } from '../../lib/pinterest/client';
import { pinterestEvent } from '../support/pinterest-events';

const A: Destination = { adAccountId: '111', token: 'tok', testMode: false };
const chunksOf = (n: number, badIds: string[] = []) =>
  planRequests(
    Array.from({ length: n }, (_, i) => ({
      record: i,
      sourceId: 'web',
      event: pinterestEvent(badIds.includes(`e${i}`) ? `bad${i}` : `e${i}`),
      destination: A,
    })),
  );

/** 400s any request holding an event whose id starts with "bad"; otherwise all processed. */
function fakeSender(answer?: (req: PinterestRequest) => PinterestResponse) {
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
      if (answer) return answer(req);
      if (req.events.some((e) => e.event_id.startsWith('bad'))) return { kind: 'http', status: 400, code: 4196, message: 'Invalid request', latencyMs: 1 };
      return { kind: 'http', status: 200, events: req.events.map(() => ({ status: 'processed' })), latencyMs: 1 };
    },
  };
  return { sender, sent, maxInFlight: () => maxInFlight };
}

describe('deliverChunks', () => {
  it('isolates one malformed event of 8 by bisecting: 7 delivered, 1 rejected, 7 requests', async () => {
    const fake = fakeSender();
    const result = await deliverChunks(chunksOf(8, ['e5']), { sender: fake.sender, concurrency: 2 });
    // 8 → 4+4 → (4 ok) 2+2 → (2 ok) 1+1
    expect(fake.sent.map((ids) => ids.length)).toEqual([8, 4, 4, 2, 2, 1, 1]);
    expect(result.requests).toBe(7);
    expect(result.splits).toBe(3);
    expect(result.outcomes.get(5)).toEqual({ kind: 'deadLetter', reason: 'pinterest_rejected', detail: 'Pinterest 400 (code 4196): Invalid request' });
    expect([0, 1, 2, 3, 4, 6, 7].map((i) => result.outcomes.get(i)?.kind)).toEqual(Array(7).fill('delivered'));
  });

  it('never has more requests in flight than the concurrency', async () => {
    const fake = fakeSender();
    const chunks = planRequests(
      Array.from({ length: 10 }, (_, i) => ({ record: i, sourceId: 's', event: pinterestEvent(`e${i}`), destination: { ...A, adAccountId: String(i) } })),
    );
    await deliverChunks(chunks, { sender: fake.sender, concurrency: 3 });
    expect(fake.sent).toHaveLength(10);
    expect(fake.maxInFlight()).toBe(3);
  });

  it('applies a whole-request verdict to every event of the request', async () => {
    const fake = fakeSender(() => ({ kind: 'http', status: 503, code: 4197, message: 'ramped down', latencyMs: 1 }));
    const result = await deliverChunks(chunksOf(3), { sender: fake.sender, concurrency: 1 });
    expect([...result.outcomes.values()]).toEqual(Array(3).fill({ kind: 'retry', detail: 'Pinterest 503 (code 4197): ramped down' }));
  });

  it('starts no request once the time budget is spent, and leaves those records for immediate redelivery', async () => {
    const fake = fakeSender();
    let budget = 1;
    const chunks = planRequests(
      Array.from({ length: 3 }, (_, i) => ({ record: i, sourceId: 's', event: pinterestEvent(`e${i}`), destination: { ...A, adAccountId: String(i) } })),
    );
    const result = await deliverChunks(chunks, { sender: fake.sender, concurrency: 1, canStart: () => budget-- > 0 });
    expect(fake.sent).toEqual([['e0']]);
    expect(result.notSent).toBe(2);
    expect(result.outcomes.get(0)).toEqual({ kind: 'delivered' });
    expect(result.outcomes.get(1)).toEqual({ kind: 'retry', detail: NOT_SENT_DETAIL, immediate: true });
  });

  it('reports every request to onResponse with its chunk', async () => {
    const fake = fakeSender();
    const seen: number[] = [];
    await deliverChunks(chunksOf(2500), { sender: fake.sender, concurrency: 4, onResponse: (chunk) => seen.push(chunk.items.length) });
    expect(seen.sort()).toEqual([1000, 1000, 500].sort());
  });
});
