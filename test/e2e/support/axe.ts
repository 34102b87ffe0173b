import { AxeBuilder } from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

/** The WCAG levels the NHS service standard asks for: WCAG 2.2 AA, and everything below it. */
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/**
 * Runs axe on the page as it is now and fails with one line per violation: rule, impact, the elements it found
 * and a link to the rule's explanation.
 */
export async function expectNoAxeViolations(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  const lines = results.violations.map((violation) => {
    const targets = violation.nodes.map((node) => node.target.map(String).join(' ')).join(', ');
    return `${violation.id} (${violation.impact ?? 'unknown impact'}): ${violation.help} — ${targets} — ${violation.helpUrl}`;
  });
  expect(lines, `accessibility violations on ${page.url()}`).toEqual([]);
}
