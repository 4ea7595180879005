// jest setupFilesAfterEnv: every fast-check assertion in a test file uses the seed policy of
// test/support/property-seed.ts (FC_SEED, else fixed in CI, else random) and prints how to replay.
import { configurePropertySeed } from './property-seed';

configurePropertySeed();
