import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

/*
 * The built broadsheet command (bin/broadsheet.js, from `npm run build`), run
 * as an operator runs it: a child process with an environment of its own,
 * judged by its exit code and what it prints.
 */

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const BIN = path.join(ROOT, 'bin/broadsheet.js');

/** Fail early, and clearly, when the command was not built. */
export function assertBuilt(): void {
  if (!fs.existsSync(path.join(ROOT, 'dist/cli.js'))) throw new Error('dist/cli.js is missing: run "npm run build" before the CLI tests');
}

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The test runner's environment without anything that would point the command elsewhere. */
export function cleanEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const base = { ...process.env };
  for (const k of ['DATABASE_URL', 'DATA_DIR', 'PORT', 'HOST', 'SITE_URL', 'LOG_LEVEL', 'NODE_ENV', 'WORKERS', 'TEST_DIALECT', 'PAGE_CACHE_SECONDS']) delete base[k];
  return { ...base, LOG_LEVEL: 'warn', ...env };
}

/** Run `broadsheet ARGS…` to the end, with `stdin` as its input. */
export function broadsheet(args: string[], env: Record<string, string>, stdin = ''): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: cleanEnv(env) });
    child.stdin.end(stdin);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export interface Serving {
  child: ChildProcess;
  base: string;
  /** What the server has printed on standard output so far (its log lines among it). */
  stdout(): string;
  stop(): Promise<void>;
}

/** Start `broadsheet serve ARGS…`, wait until /healthz answers, and hand back a way to stop it. */
export async function serve(env: Record<string, string>, args: string[] = []): Promise<Serving> {
  const port = await freePort();
  const child = spawn(process.execPath, [BIN, 'serve', ...args], { cwd: ROOT, env: cleanEnv({ ...env, PORT: String(port), HOST: '127.0.0.1' }) });
  let stderr = '';
  let stdout = '';
  child.stderr?.on('data', (d) => (stderr += d));
  child.stdout?.on('data', (d) => (stdout += d));
  const base = `http://127.0.0.1:${port}`;
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.on('close', () => resolve());
      child.kill('SIGTERM');
    });
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`serve exited early: ${stderr}`);
    try {
      if ((await fetch(`${base}/healthz`)).ok) return { child, base, stdout: () => stdout, stop };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  await stop();
  throw new Error(`serve did not answer within 30 s: ${stderr}`);
}
