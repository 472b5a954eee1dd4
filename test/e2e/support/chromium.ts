/**
 * Debian's chromium, driven by playwright-core (never a downloaded browser). When it is missing the
 * browser suites are skipped with a loud warning — except in CI (CI=true), where that is a failure.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';

// The machine's network is closed: every background service of the browser is turned off so it never
// tries to reach out (and never waits for it).
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function chromiumAvailable(env: NodeJS.ProcessEnv = process.env, file = CHROMIUM_PATH): boolean {
  if (existsSync(file)) return true;
  const message = `${file} is missing: the end-to-end browser tests cannot run (apt-get install -y chromium).`;
  if (env.CI === 'true') throw new Error(`${message} CI=true, so this is a failure, not a skip.`);
  console.warn(
    ['', '!'.repeat(100), `!!! SKIPPING BROWSER TESTS: ${message}`, '!'.repeat(100), ''].join('\n'),
  );
  return false;
}

/** `describe` when chromium is there, `describe.skip` (after the warning) when it is not. */
export const describeInBrowser: jest.Describe = chromiumAvailable() ? describe : describe.skip;

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** A fresh profile per launch: nothing carries over between suites (cookies, storage, cache). */
export async function launchBrowser(): Promise<Browser> {
  const profile = mkdtempSync(path.join(tmpdir(), 'e2e-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ARGS,
    viewport: { width: 1280, height: 900 },
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
