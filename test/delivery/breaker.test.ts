import { admit, afterAnswer, BreakerBoard, CLOSED, type BreakerPolicy } from '../../lib/delivery/breaker';

const policy: BreakerPolicy = { failureThreshold: 3, probeIntervalMs: 60_000 };

describe('breaker transitions', () => {
  it('opens after the threshold of consecutive failed requests; a real answer in between resets the count', () => {
    let state = afterAnswer(CLOSED, 'failed', 0, policy, false);
    state = afterAnswer(state, 'failed', 1, policy, false);
    expect(state).toEqual({ mode: 'closed', failures: 2 });
    expect(afterAnswer(state, 'ok', 2, policy, false)).toEqual(CLOSED);
    expect(afterAnswer(state, 'failed', 2, policy, false)).toEqual({ mode: 'open', cause: 'outage', openedAtMs: 2, lastProbeAtMs: 2 });
  });

  it('opens at once when Pinterest refuses the credentials', () => {
    expect(afterAnswer(CLOSED, 'auth', 5, policy, false)).toEqual({ mode: 'open', cause: 'auth', openedAtMs: 5, lastProbeAtMs: 5 });
  });

  it('when open: holds everything, admits one probe per interval, and closes on the probe’s first real answer', () => {
    const open = afterAnswer(CLOSED, 'auth', 0, policy, false);
    expect(admit(open, 59_999, policy).admission).toBe('hold');
    const probing = admit(open, 60_000, policy);
    expect(probing.admission).toBe('probe');
    // The probe in flight counts: no second one within the interval.
    expect(admit(probing.next, 60_001, policy).admission).toBe('hold');
    const failedProbe = afterAnswer(probing.next, 'failed', 60_500, policy, true);
    expect(failedProbe).toMatchObject({ mode: 'open', cause: 'outage', lastProbeAtMs: 60_500 });
    expect(afterAnswer(failedProbe, 'ok', 121_000, policy, true)).toEqual(CLOSED);
  });

  it('a failure of a request sent before the breaker opened does not push the next probe back', () => {
    const open = afterAnswer(CLOSED, 'auth', 0, policy, false);
    expect(afterAnswer(open, 'failed', 30_000, policy, false)).toBe(open);
  });
});

describe('BreakerBoard', () => {
  it('keeps one state per key for the life of the container', () => {
    const board = new BreakerBoard(policy);
    for (let i = 0; i < 3; i++) board.record('a', 'failed', i);
    expect(board.admit('a', 10)).toBe('hold');
    expect(board.admit('b', 10)).toBe('send');
    expect(board.openKeys()).toEqual(['a']);
    expect(board.admit('a', 60_002)).toBe('probe');
    board.record('a', 'ok', 60_003, true);
    expect(board.openKeys()).toEqual([]);
    expect(board.admit('a', 60_004)).toBe('send');
  });
});
