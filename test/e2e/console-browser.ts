import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

/**
 * Headless Chromium for the console's browser tests: Debian's `chromium` package (no browser
 * download; .ci/run installs it), driven by playwright-core, with a fresh profile per launch and
 * nothing that phones home. CHROMIUM_PATH points elsewhere if needed.
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH?.trim() || '/usr/bin/chromium';

export const MISSING_CHROMIUM =
  `Chromium not found at ${CHROMIUM_PATH}: the console's browser tests need it ` +
  '(sudo apt-get update && sudo apt-get install -y chromium, as .ci/run does; or set CHROMIUM_PATH)';

export const chromiumAvailable = (): boolean => existsSync(CHROMIUM_PATH);

/** CI must run every test: a missing browser there is a failure, elsewhere a visible skip. */
export const inCi = (): boolean => process.env.CI === 'true';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** `extraArgs` e.g. a --host-resolver-rules mapping for the DNS-rebinding test. */
export async function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'console-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [...CHROMIUM_ARGS, ...extraArgs],
    viewport: { width: 1440, height: 1000 },
    deviceScaleFactor: 1,
    locale: 'en-GB',
    timezoneId: 'UTC',
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
