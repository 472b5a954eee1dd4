/**
 * Where the app's pages sit in the shell, and a guard that they were built: the journeys drive the
 * same bundles that ship to Forge (static/<page>/build), which `npm test` builds first.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';

const ROOT = path.resolve(__dirname, '..', '..', '..');

export function requireBuiltPages(): void {
  for (const page of ['admin', 'issue-action']) {
    const index = path.join(ROOT, 'static', page, 'build', 'index.html');
    if (!existsSync(index)) throw new Error(`${index} is missing: run \`npm run build\` first`);
  }
}

/** The admin page's frame inside the shell's /admin page. */
export function adminFrame(page: Page): FrameLocator {
  return page.frameLocator('iframe[title="SCIM Unlock"]');
}

/** The issue action's frame inside the shell's modal. */
export function issueActionFrame(page: Page): FrameLocator {
  return page.getByRole('dialog', { name: 'Request account unlock' }).frameLocator('iframe');
}

export async function openIssueAction(page: Page, shellUrl: string, issueKey: string): Promise<FrameLocator> {
  await page.goto(`${shellUrl}/browse/${issueKey}`);
  await page.getByRole('button', { name: 'More actions' }).click();
  await page.getByRole('button', { name: 'Request account unlock' }).click();
  return issueActionFrame(page);
}
