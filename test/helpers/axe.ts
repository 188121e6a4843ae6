import { createRequire } from 'node:module';
import type { AxeResults, Result } from 'axe-core';
import type { Page } from 'playwright-core';

const require = createRequire(import.meta.url);

/** axe-core's browser build, to add to a context with addInitScript({ path }). */
export const AXE_PATH = require.resolve('axe-core/axe.min.js');

declare global {
  interface Window {
    axe: { run(context: Document, options: { resultTypes: string[] }): Promise<AxeResults> };
  }
}

/** One line per violated rule: id, impact, what it means, how many elements, the first three targets. */
export function describeViolations(violations: Result[]): string {
  return violations
    .map((v) => {
      const targets = v.nodes.slice(0, 3).map((n) => n.target.join(' '));
      const more = v.nodes.length > 3 ? ` (+${v.nodes.length - 3} more)` : '';
      const why = v.nodes[0]?.failureSummary?.replace(/\s+/g, ' ').trim();
      return `- ${v.id} [${v.impact ?? 'unknown'}] ${v.help}: ${v.nodes.length} element(s): ${targets.join(' | ')}${more}${why ? `\n    first: ${why}` : ''}`;
    })
    .join('\n');
}

/** Run axe on the page's document and return its violations. */
export async function runAxe(page: Page): Promise<Result[]> {
  if ((await page.evaluate(() => typeof window.axe)) !== 'object') throw new Error('axe-core was not injected');
  const results = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return results.violations;
}
