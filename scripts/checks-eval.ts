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

/** Every sentence changed (a word added before its full stop), so nothing read before is remembered. */
const everySentenceNew = (body: string, run: number): string => `${body}\n`.replace(/(\p{Ll})([.!?])(\s)/gu, `$1 r${run}$2$3`);
/** One paragraph changed, as between two autosaves. */
const oneParagraphNew = (body: string, run: number): string => `${body}\n\nEdit number ${run} of the story.`;

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/**
 * A full checklist run on `body`, changed by `change` before each run: the
 * median wall-clock time and the median CPU time of this process, in
 * milliseconds. On a busy machine the wall clock also counts waiting for a
 * core; the CPU time counts every thread of the process (garbage collection
 * too), so on a quiet one it can exceed the wall clock.
 */
async function timing(body: string, runs: number, change: (body: string, run: number) => string): Promise<{ wallMs: number; cpuMs: number }> {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs + 3; i++) {
    const draft = { headline: 'A long story', dek: 'Timing the checklist.', excerpt: '', body: change(body, i), publishedAt: '2024-03-29T17:00:00Z', featuredImage: null, siteTimezone: DEMO_TIMEZONE };
    const start = performance.now();
    const cpuStart = process.cpuUsage();
    await checklistOf(draft);
    const used = process.cpuUsage(cpuStart);
    if (i < 3) continue; // warming up
    wall.push(performance.now() - start);
    cpu.push((used.user + used.system) / 1000);
  }
  return { wallMs: median(wall), cpuMs: median(cpu) };
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
  longestDemo: { slug: longest.slug, words: words(longest.body), ...(await timing(longest.body, 20, everySentenceNew)) },
  longStory: { words: words(long), ...(await timing(long, 20, everySentenceNew)) },
  longStoryAutosave: { words: words(long), ...(await timing(long, 20, oneParagraphNew)) },
};

console.log(table);
console.log('');
console.log(
  `Flawed drafts found: ${evaluation.overall.found} of ${evaluation.overall.flawed}. Clean drafts with a warning: ${evaluation.overall.cleanWarned} of ${evaluation.overall.clean}. Demo articles with a warning: ${evaluation.overall.demoWarned} of ${evaluation.overall.demo}.`,
);
const ms = (t: { wallMs: number; cpuMs: number }) => `${t.wallMs.toFixed(1)} ms (${t.cpuMs.toFixed(1)} ms of CPU)`;
console.log(
  `A full checklist takes ${ms(speed.longStory)} on a ${speed.longStory.words}-word story with every sentence new, ${ms(speed.longStoryAutosave)} on it after a one-paragraph change (an autosave), and ${ms(speed.longestDemo)} on the longest demo article (${speed.longestDemo.words} words); medians of 20 runs.`,
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
