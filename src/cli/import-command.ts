import fs from 'node:fs';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { isAppError } from '../platform/errors.js';
import { isTimeZone } from '../platform/zoned-time.js';
import { type ImportProgress, type ImportsService } from '../modules/imports/imports.service.js';
import { reportLines } from '../modules/imports/imports.report.js';
import { WxrError } from '../modules/imports/wxr.xml.js';
import { UsageError } from './settings-command.js';

/*
 * `broadsheet import wordpress FILE [--dry-run] [--pages] [--pingbacks]
 * [--timezone ZONE] [--uploads DIR]`: reads a WordPress export (docs/import-wordpress.md).
 * Progress goes to stderr (a bar on a terminal, a line now and then
 * otherwise), the report to stdout. Exit 0 when imported, 1 with
 * "broadsheet: FILE:LINE: reason" when the file is refused (nothing is
 * written then), 2 for a mistake in the command.
 */

export interface ImportArgs {
  file: string;
  dryRun: boolean;
  pages: boolean;
  pingbacks: boolean;
  timezone?: string;
  uploads?: string;
}

const USAGE = 'usage: broadsheet import wordpress FILE [--dry-run] [--pages] [--pingbacks] [--timezone ZONE] [--uploads DIR]';

const OPTIONS = {
  'dry-run': { type: 'boolean' },
  pages: { type: 'boolean' },
  pingbacks: { type: 'boolean' },
  timezone: { type: 'string' },
  uploads: { type: 'string' },
} as const;

function parse(args: string[]) {
  try {
    return parseArgs({ args, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError(`${(err as Error).message}; ${USAGE}`);
  }
}

/** Check the command's arguments; a UsageError says what to fix. */
export function parseImportArgs(args: string[]): ImportArgs {
  const { values, positionals } = parse(args);
  const [kind, file, ...extra] = positionals;
  if (kind !== 'wordpress') throw new UsageError(kind ? `cannot import "${kind}": only "wordpress" exports can be imported; ${USAGE}` : USAGE);
  if (!file) throw new UsageError(`which file? ${USAGE}`);
  if (extra.length > 0) throw new UsageError(`one file at a time ("${extra[0]}" is one too many); ${USAGE}`);
  const stat = fs.statSync(file, { throwIfNoEntry: false });
  if (!stat) throw new UsageError(`${file}: no such file`);
  if (!stat.isFile()) throw new UsageError(`${file}: not a file`);
  const { timezone, uploads } = values;
  if (timezone !== undefined && !isTimeZone(timezone)) throw new UsageError(`--timezone: "${timezone}" is not a time zone; use a name such as Europe/Paris or America/Chicago`);
  if (uploads !== undefined && !fs.statSync(uploads, { throwIfNoEntry: false })?.isDirectory())
    throw new UsageError(`--uploads: ${uploads} is not a folder (give a copy of the old site's wp-content/uploads)`);
  return {
    file,
    dryRun: values['dry-run'] === true,
    pages: values.pages === true,
    pingbacks: values.pingbacks === true,
    ...(timezone ? { timezone } : {}),
    ...(uploads ? { uploads } : {}),
  };
}

const MB = 1024 * 1024;
const LINE_EVERY_MS = 5000;

/** Progress on stderr: a bar with counts and an estimate on a terminal, a plain line every few seconds otherwise. */
function progressReporter(stream: NodeJS.WriteStream): { update(p: ImportProgress): void; stop(): void } {
  let phase: ImportProgress['phase'] | null = null;
  let bar: cliProgress.SingleBar | null = null;
  let lastLine = 0;
  const label = (p: ImportProgress) => (p.phase === 'checking' ? 'Checking ' : 'Importing');
  const units = (p: ImportProgress) =>
    p.phase === 'checking' ? { value: Math.round(p.done / MB), total: Math.max(1, Math.round(p.total / MB)), unit: 'MB' } : { value: p.done, total: p.total, unit: 'items' };
  return {
    update(p) {
      const u = units(p);
      if (stream.isTTY) {
        if (phase !== p.phase) {
          bar?.stop();
          bar = new cliProgress.SingleBar(
            {
              stream,
              format: `${label(p)} |{bar}| {value}/{total} ${u.unit} | {percentage}% | ETA {eta_formatted}`,
              hideCursor: true,
              etaBuffer: 50,
              formatTime: (t, options, round) => (Number.isFinite(t) && t >= 0 ? cliProgress.Format.TimeFormat(t, options, round) : '…'),
            },
            cliProgress.Presets.shades_classic,
          );
          bar.start(u.total, 0);
        }
        bar?.update(u.value);
      } else if (phase !== p.phase || Date.now() - lastLine > LINE_EVERY_MS || p.done === p.total) {
        lastLine = Date.now();
        stream.write(`${label(p).trim().toLowerCase()}: ${u.value}/${u.total} ${u.unit}\n`);
      }
      phase = p.phase;
    },
    stop() {
      bar?.stop();
    },
  };
}

/** Run an import and print its report; the exit code. */
export async function runImport(imports: Pick<ImportsService, 'importWordPress'>, args: ImportArgs, io: { stdout: NodeJS.WriteStream; stderr: NodeJS.WriteStream }): Promise<number> {
  const progress = progressReporter(io.stderr);
  try {
    const report = await imports.importWordPress(args.file, {
      dryRun: args.dryRun,
      pages: args.pages,
      pingbacks: args.pingbacks,
      ...(args.timezone ? { timezone: args.timezone } : {}),
      ...(args.uploads ? { uploads: args.uploads } : {}),
      onProgress: (p) => progress.update(p),
    });
    progress.stop();
    io.stdout.write(reportLines(report).join('\n') + '\n');
    return 0;
  } catch (err) {
    progress.stop();
    if (err instanceof WxrError) {
      io.stderr.write(`broadsheet: ${args.file}:${err.line}: ${err.reason}; nothing was imported\n`);
      return 1;
    }
    if (isAppError(err)) {
      io.stderr.write(`broadsheet: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
}
