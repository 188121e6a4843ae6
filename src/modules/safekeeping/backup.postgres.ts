import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DatabaseConfig } from '../../config.js';
import { SafekeepingError } from './safekeeping.errors.js';

/*
 * pg_dump and pg_restore, run the safe way: the password goes to the child in
 * PGPASSWORD, never on its command line (which other users of the machine can
 * read) and never in a message; the schema is named explicitly.
 */

/** The program's path when it is on PATH and executable, else null. */
export function findProgram(name: string, env: NodeJS.ProcessEnv = process.env): string | null {
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
      // not here
    }
  }
  return null;
}

/** The connection address without its password, and the environment that carries the password. */
export function connectionFor(config: DatabaseConfig): { dbname: string; env: NodeJS.ProcessEnv } {
  const url = new URL(config.url);
  const password = decodeURIComponent(url.password);
  url.password = '';
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (password) env.PGPASSWORD = password;
  else delete env.PGPASSWORD;
  return { dbname: url.toString(), env };
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(program: string, args: string[], env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The first line a PostgreSQL tool printed about its failure, for a one-line message. */
const firstProblem = (stderr: string): string =>
  stderr
    .split('\n')
    .map((l) => l.trim())
    .find(Boolean) ?? 'no message';

/**
 * Dump one schema with pg_dump's custom format (a consistent snapshot, taken
 * while the site writes). Returns null on success, or pg_dump's complaint.
 */
export async function pgDump(program: string, config: DatabaseConfig, schema: string, file: string): Promise<string | null> {
  const { dbname, env } = connectionFor(config);
  const result = await run(program, ['--format=custom', '--no-owner', '--no-privileges', `--schema=${schema}`, `--file=${file}`, `--dbname=${dbname}`], env);
  return result.code === 0 ? null : firstProblem(result.stderr);
}

/**
 * Restore a custom-format dump into the configured database. The dump's
 * CREATE SCHEMA is left out (the schema is made beforehand if need be, and
 * `public` always exists); everything else goes in one transaction, stopping
 * at the first error.
 */
export async function pgRestore(program: string, config: DatabaseConfig, file: string): Promise<void> {
  const { dbname, env } = connectionFor(config);
  const listed = await run(program, ['--list', file], env);
  if (listed.code !== 0) throw new SafekeepingError(`pg_restore cannot read ${file}: ${firstProblem(listed.stderr)}`);
  const entries = listed.stdout.split('\n').filter((line) => !/^\d+;\s+\d+\s+\d+\s+(SCHEMA\s+-\s+\S+|COMMENT\s+-\s+SCHEMA\s+\S+)/.test(line));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'broadsheet-restore-'));
  const list = path.join(dir, 'entries.list');
  try {
    fs.writeFileSync(list, entries.join('\n'));
    const restored = await run(program, ['--no-owner', '--no-privileges', '--exit-on-error', '--single-transaction', `--use-list=${list}`, `--dbname=${dbname}`, file], env);
    if (restored.code !== 0) throw new SafekeepingError(`pg_restore failed, so nothing was restored: ${firstProblem(restored.stderr)}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
