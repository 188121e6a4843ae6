import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import type { DatabaseHandle } from '../platform/db/database.js';
import { refreshStatistics } from '../platform/db/maintenance.js';
import type { Services } from '../services.js';
import { generate, type GenerateSummary } from './generate/generator.js';
import { UsageError } from './settings-command.js';

/*
 * `broadsheet generate [--articles N] [--comments N] [--threads 10000,100000]
 * [--seed S] [--json]`: adds a large, deterministic site for benchmarks and
 * trials (see src/cli/generate/). Progress goes to stderr (a bar on a
 * terminal, a line now and then otherwise); the summary to stdout, as JSON
 * on its last line with --json. Exit 2 for a mistake in the command.
 */

export interface GenerateArgs {
  articles: number;
  comments: number;
  threads: number[];
  seed: number;
  json: boolean;
}

/** Anything larger is a typo, not a site. */
export const MOST = 10_000_000;
const USAGE = 'usage: broadsheet generate [--articles N] [--comments N] [--threads N,N…] [--seed S] [--json]';

function count(name: string, raw: string | undefined, fallback: number, min: number): number {
  if (raw === undefined) return fallback;
  const text = raw.replace(/_/g, '');
  const n = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < min) throw new UsageError(`--${name}: "${raw}" is not a whole number of at least ${min}`);
  if (n > MOST) throw new UsageError(`--${name}: ${raw} is more than ${MOST.toLocaleString('en-US')}`);
  return n;
}

/** Check the command's arguments; a UsageError says what to fix. */
export function parseGenerateArgs(args: string[]): GenerateArgs {
  let values: { articles?: string; comments?: string; threads?: string; seed?: string; json?: boolean };
  try {
    ({ values } = parseArgs({
      args,
      options: { articles: { type: 'string' }, comments: { type: 'string' }, threads: { type: 'string' }, seed: { type: 'string' }, json: { type: 'boolean' } },
      allowPositionals: false,
      strict: true,
    }));
  } catch (err) {
    throw new UsageError(`${(err as Error).message.replace(/\s*\n\s*/g, ' ')}; ${USAGE}`);
  }
  const articles = count('articles', values.articles, 1000, 0);
  const comments = count('comments', values.comments, articles * 10, 0);
  const threads = values.threads === undefined || values.threads === '' ? [] : values.threads.split(',').map((t) => count('threads', t.trim(), 0, 1));
  if (threads.length > 10) throw new UsageError(`--threads: at most 10 threads, not ${threads.length}`);
  if (comments + threads.reduce((a, b) => a + b, 0) > MOST) throw new UsageError(`--comments and --threads add up to more than ${MOST.toLocaleString('en-US')} comments`);
  if (comments > 0 && articles === 0) throw new UsageError('--comments needs stories to go under: give --articles 1 or more');
  const seed = count('seed', values.seed, 1, 0);
  return { articles, comments, threads, seed, json: values.json === true };
}

const LABELS: Record<string, string> = { articles: 'Stories  ', comments: 'Comments ', counts: 'Counts   ', search: 'Search   ', statistics: 'Analyse  ' };
const LINE_EVERY_MS = 5000;

/** Progress on stderr: a bar per phase on a terminal, a plain line every few seconds otherwise. */
function progressReporter(stream: NodeJS.WriteStream) {
  let phase: string | null = null;
  let bar: cliProgress.SingleBar | null = null;
  let lastLine = 0;
  return {
    update(p: string, done: number, total: number) {
      if (stream.isTTY) {
        if (phase !== p) {
          bar?.stop();
          bar = new cliProgress.SingleBar(
            { stream, format: `${LABELS[p] ?? p} |{bar}| {value}/{total} | {percentage}% | ETA {eta_formatted}`, hideCursor: true, etaBuffer: 50 },
            cliProgress.Presets.shades_classic,
          );
          bar.start(Math.max(1, total), 0);
        }
        bar?.update(done);
      } else if (phase !== p || Date.now() - lastLine > LINE_EVERY_MS || done === total) {
        lastLine = Date.now();
        stream.write(`${(LABELS[p] ?? p).trim().toLowerCase()}: ${done}/${total}\n`);
      }
      phase = p;
    },
    stop() {
      bar?.stop();
    },
  };
}

/** What the command prints when it is done. */
export function summaryLines(summary: GenerateSummary, seconds: number, json: boolean): string[] {
  const lines = [
    `Generated ${summary.articles.toLocaleString('en-US')} stories and ${summary.comments.toLocaleString('en-US')} comments in ${seconds.toFixed(1)} s.`,
    ...summary.threads.map((t) => `  ${t.comments.toLocaleString('en-US')}-comment thread: ${t.path}`),
  ];
  if (json) lines.push(JSON.stringify({ ...summary, seconds: Number(seconds.toFixed(1)) }));
  return lines;
}

/** Generate, recount, reindex and analyse; prints the summary. */
export async function runGenerate(handle: DatabaseHandle, services: Services, args: GenerateArgs, dataDir: string, io: { stdout: NodeJS.WriteStream; stderr: NodeJS.WriteStream }): Promise<void> {
  const started = performance.now();
  const progress = progressReporter(io.stderr);
  try {
    const summary = await generate(handle, services, {
      articles: args.articles,
      comments: args.comments,
      threads: args.threads,
      seed: args.seed,
      dataDir,
      now: new Date(),
      onProgress: (phase, done, total) => progress.update(phase, done, total),
    });
    // Every story again, as search-reindex does: the new ones were written without announcing them.
    await services.search.rebuild((done, total) => progress.update('search', done, total));
    await services.search.settled();
    progress.update('statistics', 0, 1);
    await refreshStatistics(handle);
    progress.update('statistics', 1, 1);
    progress.stop();
    io.stdout.write(summaryLines(summary, (performance.now() - started) / 1000, args.json).join('\n') + '\n');
  } finally {
    progress.stop();
  }
}
