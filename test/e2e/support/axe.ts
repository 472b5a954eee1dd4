/**
 * Accessibility check of what the user sees, frames included (the app's pages run inside the shell's
 * iframes), with axe-core's WCAG 2.x A/AA rules. Violations are reported rule by rule with the nodes'
 * selectors so a failure says what to fix.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';

export async function axeViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  return result.violations.map(
    (v) => `${v.id} (${v.impact ?? 'n/a'}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
}
