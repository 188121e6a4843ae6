/**
 * `broken-link`: every link in the body (Markdown links, `<…>` autolinks and
 * addresses linked automatically) is passed to the injected
 * `ctx.linkResolves`. A link to a page of this site ("/2024/…") that does not
 * resolve is a blocker; an external http(s) link that does not is a warning.
 * Silent without a resolver, and for links it answers 'unknown' for (or
 * throws on).
 */
import { parseBody, q, type BodyLink } from './body.check.js';
import type { CheckContext, CheckResult, DraftForChecks } from './checks.types.js';

/** At most this many distinct addresses are checked per run (the first ones in the body). */
export const MAX_LINKS = 50;
/** At most this many resolver calls are in flight at once. */
export const LINK_CONCURRENCY = 5;

interface Target {
  /** What is passed to linkResolves: the address without its #fragment. */
  url: string;
  internal: boolean;
  /** Every link in the body pointing there, in order. */
  links: BodyLink[];
}

/**
 * Where a link points, or null when it is not checked: in-page anchors,
 * mailto:/tel: and other schemes, and relative addresses without a leading
 * slash (which the site never produces).
 */
function targetOf(href: string): { url: string; internal: boolean } | null {
  const url = href.trim().replace(/#.*$/s, '');
  if (url === '') return null;
  if (/^https?:\/\/[^/?#\s]/i.test(url)) return { url, internal: false };
  if (url.startsWith('//')) return { url: `https:${url}`, internal: false };
  if (url.startsWith('/')) return { url, internal: true };
  return null;
}

/** Runs `task` over `items` with at most `limit` in flight; results in the order of `items`. */
async function pool<T, R>(items: readonly T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await task(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

function describeLink(target: Target): string {
  const first = target.links[0]!;
  const text = first.auto || first.text === '' ? '' : ` ${q(first.text)}`;
  const times = target.links.length > 1 ? ` (and ${target.links.length - 1} more link${target.links.length > 2 ? 's' : ''} to the same address)` : '';
  return `The link${text} to ${first.href.trim()}${times}`;
}

export async function brokenLinks(draft: DraftForChecks, ctx: CheckContext): Promise<CheckResult[]> {
  const resolve = ctx.linkResolves;
  if (!resolve) return [];

  const targets = new Map<string, Target>();
  for (const link of parseBody(draft.body).links) {
    const target = targetOf(link.href);
    if (!target) continue;
    const existing = targets.get(target.url);
    if (existing) existing.links.push(link);
    else if (targets.size < MAX_LINKS) targets.set(target.url, { ...target, links: [link] });
  }
  const list = [...targets.values()];

  const answers = await pool(list, LINK_CONCURRENCY, async (target) => {
    try {
      return await resolve(target.url);
    } catch {
      return 'unknown' as const;
    }
  });

  const out: CheckResult[] = [];
  list.forEach((target, i) => {
    if (answers[i] !== false) return;
    const first = target.links[0]!;
    out.push(
      target.internal
        ? {
            id: 'broken-link',
            severity: 'blocker',
            message: `${describeLink(target)} doesn't lead to a page on this site. Fix the address (check for a changed slug or a typo) or remove the link.`,
            excerpt: first.text || first.href,
          }
        : {
            id: 'broken-link',
            severity: 'warning',
            message: `${describeLink(target)} doesn't seem to work (the site may be down, or the page moved or removed). Open it to check, and fix or remove the link.`,
            excerpt: first.text || first.href,
          },
    );
  });
  return out;
}
