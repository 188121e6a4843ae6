// Take the README screenshot (docs/screenshot.png): the demo site's deep-thread
// article, top of the page, 1280×1800, in the system's Chromium.
//
//   node scripts/screenshot.mjs [output.png]
//
// Builds the server, starts `broadsheet serve --demo` on a throwaway DATA_DIR,
// waits for /healthz, finds the article's address through the JSON API, takes
// the picture, then stops the server and removes the directory. Set
// CHROMIUM_PATH to use another Chromium, SCREENSHOT_PORT to use another port.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUTPUT = path.resolve(ROOT, process.argv[2] ?? 'docs/screenshot.png');
const SLUG = 'central-library-renovation-pop-up-branches';
const VIEWPORT = { width: 1280, height: 1800 };
const CHROMIUM = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
};

const log = (msg) => process.stdout.write(`screenshot: ${msg}\n`);

/** True when nothing listens on the port yet: a /healthz from someone else's server must not fool us. */
function portIsFree(port) {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen({ port, host: '127.0.0.1' }, () => probe.close(() => resolve(true)));
  });
}

/** A port the OS says is free right now. */
function anyFreePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen({ port: 0, host: '127.0.0.1' }, () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

async function choosePort() {
  const wanted = Number(process.env.SCREENSHOT_PORT ?? 3999);
  if (await portIsFree(wanted)) return wanted;
  const other = await anyFreePort();
  log(`port ${wanted} is in use; using ${other}`);
  return other;
}

/** Poll /healthz until it answers 200, the server exits, or time runs out. */
async function waitForHealth(base, child, timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the server exited (${child.exitCode ?? child.signalCode}) before answering`);
    try {
      const res = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(2000) });
      if (res.status === 200) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no answer from ${base}/healthz within ${timeoutMs / 1000} s`);
}

/** Stop the server politely, then firmly. */
async function stop(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

log('building');
const built = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, stdio: 'inherit' });
if (built.status !== 0) {
  process.stderr.write('screenshot: the build failed\n');
  process.exit(1);
}

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'broadsheet-screenshot-'));
const port = await choosePort();
// Listen on 127.0.0.1 (the address the port was checked on); SITE_URL names it localhost as the README does.
const base = `http://127.0.0.1:${port}`;
let child;
let browser;
let serverOutput = '';
let failed = false;
try {
  log(`starting the demo server on ${base}`);
  child = spawn(process.execPath, ['bin/broadsheet.js', 'serve', '--demo'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      // Explicit, so a DATABASE_URL in the environment or ./.env cannot point the demo at a real database.
      DATABASE_URL: `sqlite:${path.join(dataDir, 'broadsheet.db')}`,
      SITE_URL: `http://localhost:${port}`,
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (d) => (serverOutput += d));
  child.stderr.on('data', (d) => (serverOutput += d));
  await waitForHealth(base, child);

  const res = await fetch(`${base}/api/v1/articles/${SLUG}`);
  if (!res.ok) throw new Error(`GET /api/v1/articles/${SLUG} answered ${res.status}`);
  const { data } = await res.json();
  const articleUrl = new URL(new URL(data.url).pathname, base).toString();

  log(`photographing ${articleUrl}`);
  browser = await chromium.launch(CHROMIUM);
  const page = await browser.newPage({ viewport: VIEWPORT, deviceScaleFactor: 1, colorScheme: 'light', reducedMotion: 'reduce' });
  const response = await page.goto(articleUrl, { waitUntil: 'load' });
  if (response?.status() !== 200) throw new Error(`${articleUrl} answered ${response?.status()}`);
  const headline = (await page.locator('h1').textContent())?.trim();
  if (headline !== data.headline) throw new Error(`the page's h1 is "${headline}", not "${data.headline}"`);
  await page.evaluate(() => document.fonts.ready);
  fs.mkdirSync(path.dirname(OUTPUT), { recursive: true });
  await page.screenshot({ path: OUTPUT, type: 'png', fullPage: false });
  log(`wrote ${path.relative(ROOT, OUTPUT)} (${VIEWPORT.width}×${VIEWPORT.height})`);
} catch (err) {
  failed = true;
  process.stderr.write(`screenshot: ${err instanceof Error ? err.message : String(err)}\n`);
  if (serverOutput) process.stderr.write(`--- server output ---\n${serverOutput}\n`);
} finally {
  await browser?.close().catch(() => {});
  if (child) await stop(child);
  fs.rmSync(dataDir, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
