/**
 * The one setup every browser test shares: the whole sandbox (startE2eSandbox), a headless chromium and
 * one page, started before the suite's tests and closed after them. Call it inside `describeInBrowser`;
 * the getters throw if a test runs before the setup finished (a failed beforeAll).
 */
import type { Page } from 'playwright-core';
import { launchBrowser, type Browser } from './chromium';
import { requireBuiltPages } from './pages';
import { startE2eSandbox, type E2eSandbox } from './sandbox';

export interface E2eFixture {
  readonly e2e: E2eSandbox;
  readonly browser: Browser;
  readonly page: Page;
}

export interface E2eFixtureOptions {
  /** Serve other bundles than the built pages (the shell's own tests use a probe page). */
  shellModules?: NonNullable<Parameters<typeof startE2eSandbox>[0]>['shellModules'];
  /** Runs after the sandbox is up and before the browser starts (seeding through the app, say). */
  prepare?: (e2e: E2eSandbox) => Promise<void>;
}

export function useE2eFixture(opts: E2eFixtureOptions = {}): E2eFixture {
  let e2e: E2eSandbox | undefined;
  let browser: Browser | undefined;
  let page: Page | undefined;
  beforeAll(async () => {
    if (!opts.shellModules) requireBuiltPages();
    e2e = await startE2eSandbox(opts.shellModules ? { shellModules: opts.shellModules } : {});
    await opts.prepare?.(e2e);
    browser = await launchBrowser();
    page = await browser.context.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await e2e?.close();
  });
  const started = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`the e2e fixture's ${what} is not running (its setup failed)`);
    return value;
  };
  return {
    get e2e() {
      return started(e2e, 'sandbox');
    },
    get browser() {
      return started(browser, 'browser');
    },
    get page() {
      return started(page, 'page');
    },
  };
}
