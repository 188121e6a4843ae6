/**
 * npm run checks:eval — how well the pre-publish checks work: recall and
 * false alarms per check on the evaluation set (test/fixtures/checks/) and the
 * demo articles, and how long a full checklist takes on a long story. Prints
 * a table and writes it, with every miss and false alarm, to
 * bench/results/checks-eval.json. Exit status 1 when a figure falls short of
 * the ones recorded in test/fixtures/checks/recorded.json; with --record, the
 * figures are recorded there instead (do that only when they improve, or when
 * the set changes, and say why in the commit).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { articles } from '../src/cli/demo/content/index.js';
import { checklistOf, DEMO_TIMEZONE, evaluate, formatTable } from '../test/fixtures/checks/evaluate.js';
import { shortfalls, toRecorded, type Recorded } from '../test/fixtures/checks/recorded.js';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

/** Median milliseconds of a full checklist run on `body`, changed a little each time as autosave would (so nothing is served from a cache). */
async function timing(body: string, runs: number): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs + 3; i++) {
    const draft = {
      headline: 'A long story',
      dek: 'Timing the checklist.',
      excerpt: '',
      body: `${body}\n\nEdit ${i}.`,
      publishedAt: '2024-03-29T17:00:00Z',
      featuredImage: null,
      siteTimezone: DEMO_TIMEZONE,
    };
    const start = performance.now();
    await checklistOf(draft);
    if (i >= 3) times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

const words = (s: string): number => s.split(/\s+/).filter(Boolean).length;

const evaluation = await evaluate();
const table = formatTable(evaluation);

const longest = [...articles].sort((a, b) => words(b.body) - words(a.body))[0]!;
const bodies: string[] = [];
for (const a of articles) {
  if (words(bodies.join('\n\n')) >= 3000) break;
  bodies.push(a.body);
}
const long = bodies.join('\n\n');
const speed = {
  longestDemo: { slug: longest.slug, words: words(longest.body), medianMs: await timing(longest.body, 20) },
  longStory: { words: words(long), medianMs: await timing(long, 20) },
};

console.log(table);
console.log('');
console.log(
  `Flawed drafts found: ${evaluation.overall.found} of ${evaluation.overall.flawed}. Clean drafts with a warning: ${evaluation.overall.cleanWarned} of ${evaluation.overall.clean}. Demo articles with a warning: ${evaluation.overall.demoWarned} of ${evaluation.overall.demo}.`,
);
console.log(
  `A full checklist takes ${speed.longestDemo.medianMs.toFixed(1)} ms on the longest demo article (${speed.longestDemo.words} words) and ${speed.longStory.medianMs.toFixed(1)} ms on a ${speed.longStory.words}-word story (median of 20 runs).`,
);
for (const m of evaluation.misses) console.log(`missed: ${m.name} (${m.kind}: “${m.excerpt}”)`);
for (const f of evaluation.falseAlarms) console.log(`false alarm: ${f.name}: ${f.check}: ${f.excerpt}`);

const out = path.join(root, 'bench', 'results', 'checks-eval.json');
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, `${JSON.stringify({ table, ...evaluation, speed }, null, 2)}\n`);
console.log(`\nWritten to ${path.relative(root, out)}.`);

const recordedPath = path.join(root, 'test', 'fixtures', 'checks', 'recorded.json');
if (process.argv.includes('--record')) {
  fs.writeFileSync(recordedPath, `${JSON.stringify(toRecorded(evaluation), null, 2)}\n`);
  console.log(`Recorded in ${path.relative(root, recordedPath)}.`);
}
const recorded = JSON.parse(fs.readFileSync(recordedPath, 'utf8')) as Recorded;
const short = shortfalls(evaluation, recorded);
if (short.length > 0) {
  for (const s of short) console.error(`checks:eval: ${s}`);
  process.exitCode = 1;
}
