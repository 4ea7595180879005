import fc from 'fast-check';

/**
 * One seed policy for every fast-check property in the suite (jest `setupFilesAfterEnv`):
 *   - FC_SEED=<int> replays a run exactly (the seed a failure printed);
 *   - in CI (CI=true, as GitHub Actions and most CI systems set it) a fixed seed, so a red build is
 *     a real regression and not the luck of the draw;
 *   - locally a fresh random seed per test file, so the properties keep exploring.
 * A failing property's message ends with the command that replays it.
 */
export const CI_SEED = 20_261_128;

type Env = Record<string, string | undefined>;

export function isCi(env: Env = process.env): boolean {
  const ci = env.CI?.trim().toLowerCase();
  return ci !== undefined && ci !== '' && ci !== 'false' && ci !== '0';
}

export function propertySeed(env: Env = process.env, random: () => number = Math.random): { seed: number; source: 'FC_SEED' | 'CI' | 'random' } {
  const given = env.FC_SEED?.trim();
  if (given) {
    if (!/^-?\d+$/.test(given) || !Number.isSafeInteger(Number(given))) throw new Error(`FC_SEED must be an integer, like the "seed" a failing property printed; got "${given}"`);
    // fast-check seeds are 32-bit integers (it prints them signed).
    return { seed: Number(given) | 0, source: 'FC_SEED' };
  }
  if (isCi(env)) return { seed: CI_SEED, source: 'CI' };
  return { seed: (Math.floor(random() * 0x1_0000_0000) ^ Date.now()) | 0, source: 'random' };
}

/** The line a failure ends with: how to run the same test file with the same seed. */
export function replayHint(seed: number, testPath: string | undefined): string {
  const file = testPath ? ` ${testPath.replace(`${process.cwd()}/`, '')}` : '';
  return `Replay this run: FC_SEED=${seed} npx jest${file}`;
}

/** fast-check's own failure report (counterexample, seed, path, shrunk value) plus the replay command. */
export function seedReporter<T = unknown>(seed: number, testPath: () => string | undefined) {
  return (details: fc.RunDetails<T>): void => {
    if (!details.failed) return;
    const error = new Error(`${fc.defaultReportMessage(details) ?? 'property failed'}\n\n${replayHint(seed, testPath())}`);
    if (details.errorInstance !== null && details.errorInstance !== undefined) error.cause = details.errorInstance;
    throw error;
  };
}

export function configurePropertySeed(env: Env = process.env): number {
  const { seed } = propertySeed(env);
  fc.configureGlobal({ ...fc.readConfigureGlobal(), seed, reporter: seedReporter(seed, () => expect.getState().testPath) });
  return seed;
}
