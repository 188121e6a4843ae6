// Comment figures: how soon an approved comment is on the cached page, and
// posting under load (bench/post-load.mjs, autocannon: every request carries
// a body of its own).
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describeExit, exitOf, fetchOk, ROOT, spawnNode } from './processes.mjs';
import { percentile, round } from './stats.mjs';

/** Run bench/post-load.mjs (comment posting) and return its JSON summary. */
export async function loadPosting(base, articleId, settings) {
  const { connections, duration, warmup } = settings;
  const child = spawnNode([path.join(ROOT, 'bench', 'post-load.mjs'), base, articleId, connections, duration, warmup].map(String));
  if ((await exitOf(child)) !== 0) throw new Error(describeExit(child, 'the comment-posting load generator'));
  return JSON.parse(child.output.stdout.trim().split('\n').at(-1));
}

/**
 * From a comment being posted (published at once) to the cached article
 * page showing it: post, then read the page (newest first) until the comment
 * is there. The page is served from the page cache before each post, so this
 * measures the cache letting go of a stale page, not a cold start.
 */
export async function timeToAppear(base, articleId, pagePath, samples = 20) {
  const tokens = await fetchOk(`${base}/comments/form-token`);
  const { csrf, formToken } = await tokens.json();
  const cookie = (tokens.headers.getSetCookie?.() ?? []).map((c) => c.split(';')[0]).join('; ');
  await sleep(3_500); // the form's minimum time between showing and sending
  const page = `${base}${pagePath}?sort=newest`;
  const runs = [];
  for (let i = 0; i < samples; i++) {
    await (await fetchOk(page)).text();
    const warm = await fetchOk(page);
    await warm.text();
    if (warm.headers.get('x-cache') !== 'hit') throw new Error(`${page} was not served from the page cache before posting`);
    const started = performance.now();
    const res = await fetch(`${base}/comments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', cookie, 'x-csrf-token': csrf, 'x-forwarded-for': `10.200.0.${i + 1}` },
      body: JSON.stringify({
        articleId,
        body: `Timing comment ${i + 1}: the harbour plan deserves a second look.`,
        name: `Timer ${i + 1}`,
        email: `timer${i + 1}@example.org`,
        t: formToken,
        website: '',
      }),
      signal: AbortSignal.timeout(10_000),
    });
    const posted = await res.json();
    if (res.status !== 201 || posted.status !== 'approved') throw new Error(`posting a timing comment answered ${res.status} ${JSON.stringify(posted)}`);
    const postedAt = performance.now();
    let reads = 0;
    for (;;) {
      reads++;
      const html = await (await fetchOk(page)).text();
      if (html.includes(`id="comment-${posted.id}"`)) break;
      if (performance.now() - postedAt > 30_000) throw new Error(`comment ${posted.id} did not appear on ${page} within 30 s`);
      await sleep(5);
    }
    runs.push({ totalMs: performance.now() - started, afterPostMs: performance.now() - postedAt, reads });
  }
  const sorted = (k) => runs.map((r) => r[k]).sort((a, b) => a - b);
  const total = sorted('totalMs');
  const after = sorted('afterPostMs');
  return {
    samples,
    totalP50Ms: round(percentile(total, 50), 2),
    totalMaxMs: round(total.at(-1), 2),
    afterPostP50Ms: round(percentile(after, 50), 2),
    afterPostMaxMs: round(after.at(-1), 2),
    maxReads: Math.max(...runs.map((r) => r.reads)),
  };
}
