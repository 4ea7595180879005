import fc from 'fast-check';
import { CI_SEED, isCi, propertySeed, replayHint, seedReporter } from '../support/property-seed';

describe('property test seeds', () => {
  it('are fixed in CI, taken from FC_SEED when given, random otherwise', () => {
    expect(propertySeed({ CI: 'true' })).toEqual({ seed: CI_SEED, source: 'CI' });
    expect(propertySeed({ CI: '1', FC_SEED: '-746338323' })).toEqual({ seed: -746338323, source: 'FC_SEED' });
    expect(propertySeed({ CI: 'false' }, () => 0.5).source).toBe('random');
    expect(isCi({})).toBe(false);
    expect(isCi({ CI: '0' })).toBe(false);
    expect(() => propertySeed({ FC_SEED: 'abc' })).toThrow(/FC_SEED must be an integer/);
  });

  it('this file runs with the configured seed (the jest setup file applies the policy)', () => {
    const expected = process.env.FC_SEED ? Number(process.env.FC_SEED) | 0 : isCi() ? CI_SEED : undefined;
    const { seed } = fc.readConfigureGlobal();
    expect(typeof seed).toBe('number');
    if (expected !== undefined) expect(seed).toBe(expected);
  });

  it('a failure prints the seed and the command that replays it, and the replay finds the same counterexample', () => {
    const failing = fc.property(fc.integer(), (n) => n % 7 !== 3);
    const run = (seed: number) => {
      try {
        fc.assert(failing, { seed, reporter: seedReporter(seed, () => `${process.cwd()}/test/property/x.test.ts`) });
      } catch (error) {
        return (error as Error).message;
      }
      return 'passed';
    };
    const first = run(4242);
    expect(first).toContain('{ seed: 4242');
    expect(first).toContain('Replay this run: FC_SEED=4242 npx jest test/property/x.test.ts');
    expect(run(4242)).toBe(first);
    expect(replayHint(1, undefined)).toBe('Replay this run: FC_SEED=1 npx jest');
  });
});
