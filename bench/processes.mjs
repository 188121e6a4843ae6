// Child processes and temp dirs of a benchmark run: every one registers here,
// and cleanup() runs exactly once, whether the run succeeds, fails or is
// interrupted.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const children = new Set();
const tempDirs = [];
let cleaning = null;

export function cleanup() {
  cleaning ??= (async () => {
    await Promise.all([...children].map(stopChild));
    for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
  })();
  return cleaning;
}

export function makeTempDir(prefix) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}

export const exited = (child) => child.exitCode !== null || child.signalCode !== null;

/** SIGTERM (the servers close cleanly on it; nginx shuts down fast), then SIGKILL if it lingers. */
export async function stopChild(child) {
  if (!exited(child)) {
    const gone = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const late = await Promise.race([gone.then(() => false), sleep(5_000).then(() => true)]);
    if (late) {
      child.kill('SIGKILL');
      await gone;
    }
  }
  children.delete(child);
}

/**
 * Spawn a program, keeping the last few KB of its output for error messages
 * and handing each whole stdout line to `onLine`. Reading the pipes also
 * matters: a child blocks once a pipe that nobody drains fills up.
 */
export function spawnProcess(command, args, { env = process.env, cwd = ROOT, onLine } = {}) {
  const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  child.on('exit', () => children.delete(child));
  child.output = { stdout: '', stderr: '' };
  let partial = '';
  child.stdout.setEncoding('utf8').on('data', (chunk) => {
    child.output.stdout = (child.output.stdout + chunk).slice(-16_384);
    if (!onLine) return;
    const lines = (partial + chunk).split('\n');
    partial = lines.pop();
    for (const line of lines) onLine(line);
  });
  child.stderr.setEncoding('utf8').on('data', (chunk) => {
    child.output.stderr = (child.output.stderr + chunk).slice(-16_384);
  });
  return child;
}

/** Spawn a Node script (see spawnProcess). */
export const spawnNode = (args, options) => spawnProcess(process.execPath, args, options);

/** Wait for a child to exit; resolves with its exit code. */
export const exitOf = (child) => (exited(child) ? Promise.resolve(child.exitCode) : new Promise((resolve) => child.once('exit', (code) => resolve(code))));

export function describeExit(child, what) {
  const how = child.signalCode ? `signal ${child.signalCode}` : `code ${child.exitCode}`;
  const stderr = child.output.stderr.trim();
  // The server logs (pino, JSON) go to stdout, so show its tail as well.
  const stdoutTail = child.output.stdout.trim().split('\n').slice(-20).join('\n');
  return [`${what} exited (${how})`, stderr ? `its stderr:\n${stderr}` : 'nothing on its stderr', ...(stdoutTail ? [`last lines of its stdout:\n${stdoutTail}`] : [])].join('\n');
}

/** A port that was free a moment ago (servers need theirs up front, Broadsheet for SITE_URL). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** The full path of an executable on PATH (or the path given, if executable), else null. */
export function findExecutable(name, extraDirs = []) {
  const dirs = name.includes('/') ? [''] : [...(process.env.PATH ?? '').split(path.delimiter), ...extraDirs];
  for (const dir of dirs) {
    const file = dir ? path.join(dir, name) : name;
    try {
      fs.accessSync(file, fs.constants.X_OK);
      if (fs.statSync(file).isFile()) return file;
    } catch {
      // not here
    }
  }
  return null;
}

export async function fetchOk(url, headers = {}) {
  const res = await fetch(url, { headers, redirect: 'manual', signal: AbortSignal.timeout(10_000) });
  if (res.status !== 200) throw new Error(`GET ${url} answered ${res.status}, expected 200`);
  return res;
}
