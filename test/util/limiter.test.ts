import { createLimiter } from '../../lib/util/concurrency';

describe('createLimiter', () => {
  it('runs at most `limit` functions at once, in FIFO order, and passes results and errors through', async () => {
    const limit = createLimiter(2);
    const started: number[] = [];
    let running = 0;
    let peak = 0;
    const task = (i: number) =>
      limit(async () => {
        started.push(i);
        running++;
        peak = Math.max(peak, running);
        await new Promise((r) => setImmediate(r));
        running--;
        if (i === 3) throw new Error('boom');
        return i * 10;
      });
    const results = await Promise.allSettled([0, 1, 2, 3, 4].map(task));
    expect(peak).toBe(2);
    expect(started).toEqual([0, 1, 2, 3, 4]);
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message))).toEqual([0, 10, 20, 'boom', 40]);
  });
});
