import { bisect, planRequests, type Destination } from '../../lib/delivery/plan';
import { pinterestEvent } from '../support/pinterest-events';

const A: Destination = { adAccountId: '111', token: 'tok-a', testMode: false };
const items = (n: number, destination: Destination, from = 0, sourceId = 'web') =>
  Array.from({ length: n }, (_, i) => ({ record: from + i, sourceId, event: pinterestEvent(`e${from + i}`), destination }));

describe('planRequests', () => {
  it('cuts 2,500 events of one account into 3 requests of 1000, 1000 and 500, in order', () => {
    const chunks = planRequests(items(2500, A));
    expect(chunks.map((c) => c.items.length)).toEqual([1000, 1000, 500]);
    expect(chunks[1]?.items[0]?.record).toBe(1000);
    expect(chunks.every((c) => c.destination.adAccountId === '111')).toBe(true);
  });

  it('keeps (account, token, test mode) apart', () => {
    const chunks = planRequests([
      ...items(2, A, 0),
      ...items(1, { ...A, token: 'tok-b' }, 2),
      ...items(1, { ...A, testMode: true }, 3),
      ...items(1, { ...A, adAccountId: '222' }, 4),
      ...items(1, A, 5),
    ]);
    expect(chunks.map((c) => [c.destination, c.items.map((i) => i.record)])).toEqual([
      [A, [0, 1, 5]],
      [{ ...A, token: 'tok-b' }, [2]],
      [{ ...A, testMode: true }, [3]],
      [{ ...A, adAccountId: '222' }, [4]],
    ]);
  });

  it('sends test-mode events 20 per request (Pinterest only validates the first 20)', () => {
    expect(planRequests(items(45, { ...A, testMode: true })).map((c) => c.items.length)).toEqual([20, 20, 5]);
  });

  it('honours a smaller maximum but never more than 1000', () => {
    expect(planRequests(items(5, A), { maxEvents: 2 }).map((c) => c.items.length)).toEqual([2, 2, 1]);
    expect(planRequests(items(1500, A), { maxEvents: 5000 }).map((c) => c.items.length)).toEqual([1000, 500]);
  });

  it('plans nothing for no events', () => {
    expect(planRequests([])).toEqual([]);
  });
});

describe('bisect', () => {
  it('splits into halves, the first taking the odd one', () => {
    const [chunk] = planRequests(items(5, A));
    const [left, right] = bisect(chunk!);
    expect(left.items.map((i) => i.record)).toEqual([0, 1, 2]);
    expect(right.items.map((i) => i.record)).toEqual([3, 4]);
    expect(left.destination).toEqual(A);
  });
});
