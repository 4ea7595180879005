import { MAX_RETRY_DELAY_SECONDS, retryDelaySeconds } from '../../lib/delivery/retry-schedule';

const mid = () => 0.5; // no jitter
describe('retryDelaySeconds', () => {
  it('doubles from the base per attempt', () => {
    expect([1, 2, 3, 4, 5].map((attempt) => retryDelaySeconds({ attempt, baseSeconds: 30, random: mid }))).toEqual([30, 60, 120, 240, 480]);
  });

  it('caps at 15 minutes', () => {
    expect(retryDelaySeconds({ attempt: 6, baseSeconds: 30, random: mid })).toBe(900);
    expect(retryDelaySeconds({ attempt: 60, baseSeconds: 30, random: () => 0.999 })).toBe(MAX_RETRY_DELAY_SECONDS);
  });

  it('jitters by ±20 %', () => {
    expect(retryDelaySeconds({ attempt: 2, baseSeconds: 30, random: () => 0 })).toBe(48);
    expect(retryDelaySeconds({ attempt: 2, baseSeconds: 30, random: () => 1 })).toBe(72);
  });

  it('waits at least X-RateLimit-Reset after a 429', () => {
    expect(retryDelaySeconds({ attempt: 1, baseSeconds: 30, minSeconds: 55.5, random: mid })).toBe(56);
    expect(retryDelaySeconds({ attempt: 1, baseSeconds: 30, minSeconds: 5, random: mid })).toBe(30);
    expect(retryDelaySeconds({ attempt: 1, baseSeconds: 30, minSeconds: 5000, random: mid })).toBe(900);
  });

  it('treats a missing or zero attempt as the first', () => {
    expect(retryDelaySeconds({ attempt: 0, baseSeconds: 10, random: mid })).toBe(10);
  });
});
