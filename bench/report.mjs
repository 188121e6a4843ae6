// What a benchmark run prints and writes: the table, the ratios to the static
// copy, the bar (the figures the site must reach) and bench/results/latest.json.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from './processes.mjs';

export const RESULTS_FILE = path.join(ROOT, 'bench', 'results', 'latest.json');

/** The bar, as the issue sets it. */
export const BAR = {
  cachedRatio: 0.5,
  cachedP99Ms: 20,
  uncachedReqPerSec: 1_000,
  uncachedP99Ms: 100,
  bigThreadMultiple: 2,
  eventLoopMs: 20,
  connections: 32,
};

export const failures = (r) => r.non2xx + r.errors;

const fmtMs = (ms) => (ms === null || ms === undefined ? '-' : ms.toFixed(2));

export function formatTable(rows) {
  const header = ['target', 'req/s', 'p50 ms', 'p99 ms', 'max ms', 'non-2xx+errors', 'loop max ms', 'RSS max MB'];
  const cells = rows.map(({ name, result: r, eventLoop, peakRssMb }) => [
    name,
    r.requestsPerSec.toFixed(1),
    fmtMs(r.latencyP50Ms),
    fmtMs(r.latencyP99Ms),
    fmtMs(r.latencyMaxMs),
    String(failures(r)),
    eventLoop ? fmtMs(eventLoop.maxMs) : '-',
    peakRssMb ? String(peakRssMb) : '-',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  // Text left-aligned, numbers right-aligned.
  const line = (c) => c.map((v, i) => (i === 0 ? v.padEnd(widths[i]) : v.padStart(widths[i]))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n');
}

/** A Broadsheet target against a static copy of the same bytes, served by `against` (nginx, Node static server). */
export function ratio(name, page, staticCopy, against) {
  return {
    name,
    target: page.name,
    staticCopy: staticCopy.name,
    against,
    reqPerSecRatio: finite(page.result.requestsPerSec / staticCopy.result.requestsPerSec),
    p50Multiple: finite(page.result.latencyP50Ms / staticCopy.result.latencyP50Ms),
    p99Multiple: finite(page.result.latencyP99Ms / staticCopy.result.latencyP99Ms),
    p99Ms: page.result.latencyP99Ms,
  };
}

// Not rounded: the bar is judged on the figures as measured (0.4999× is not 0.5×).
const finite = (n) => (Number.isFinite(n) ? n : null);
const times = (n) => (n === null ? '-' : `${n.toFixed(2)}×`);

export function formatRatios(ratios) {
  const width = Math.max(...ratios.map((r) => r.name.length));
  const against = Math.max(...ratios.map((r) => r.against.length));
  return [
    "Against a static copy of the same bytes: req/s as a multiple of the copy's, p50 and p99 as multiples of the copy's",
    ...ratios.map(
      (r) => `  ${r.name.padEnd(width)}  vs ${r.against.padEnd(against)}  req/s ${times(r.reqPerSecRatio)}  p50 ${times(r.p50Multiple)}  p99 ${times(r.p99Multiple)} (${fmtMs(r.p99Ms)} ms)`,
    ),
  ].join('\n');
}

const verdict = (pass) => (pass === null ? 'NOT RUN' : pass ? 'PASS' : 'FAIL');

/** A cached page at ≥ 0.5× the static copy's req/s with p99 ≤ 20 ms. */
export function cachedBar(r, staticLabel) {
  const pass = r.reqPerSecRatio !== null && r.reqPerSecRatio >= BAR.cachedRatio && r.p99Ms <= BAR.cachedP99Ms;
  return {
    line: `${r.name}: ≥ ${BAR.cachedRatio}× ${staticLabel} static on the same bytes, p99 ≤ ${BAR.cachedP99Ms} ms`,
    figure: `${times(r.reqPerSecRatio)}, p99 ${fmtMs(r.p99Ms)} ms`,
    pass,
  };
}

/** The typical article with the page cache off: ≥ 1,000 req/s with p99 ≤ 100 ms. */
export function uncachedBar(row) {
  const { requestsPerSec, latencyP99Ms } = row.result;
  return {
    line: `${row.name}: ≥ ${BAR.uncachedReqPerSec.toLocaleString('en')} req/s, p99 ≤ ${BAR.uncachedP99Ms} ms`,
    figure: `${requestsPerSec.toFixed(1)} req/s, p99 ${fmtMs(latencyP99Ms)} ms`,
    pass: requestsPerSec >= BAR.uncachedReqPerSec && latencyP99Ms <= BAR.uncachedP99Ms,
  };
}

/** The 10,000-comment article's first page within 2× the typical one: the ratio of their request rates. */
export function bigThreadBar(big, typical) {
  const multiple = typical.result.requestsPerSec / big.result.requestsPerSec;
  return {
    line: `${big.name}: within ${BAR.bigThreadMultiple}× the typical article (${typical.name})`,
    figure: `${big.result.requestsPerSec.toFixed(1)} vs ${typical.result.requestsPerSec.toFixed(1)} req/s: ${multiple.toFixed(2)}×, p99 ${fmtMs(big.result.latencyP99Ms)} vs ${fmtMs(typical.result.latencyP99Ms)} ms`,
    pass: multiple <= BAR.bigThreadMultiple,
  };
}

/**
 * No request holds the event loop over 20 ms: the worst delay a Broadsheet
 * server reported while pages were asked for one request at a time (the
 * probe rows), or, in a run without them, while any target ran. For the
 * probes, the intervals wholly within the measured runs count (one request
 * at a time, steadily); the worst including the warm-up, where code is
 * compiled on first use, is shown beside it.
 */
export function eventLoopBar(rows) {
  const probes = rows.filter((r) => r.eventLoop && r.probe);
  const watched = probes.length > 0 ? probes : rows.filter((r) => r.eventLoop);
  const steady = probes.length > 0 && probes.every((r) => r.eventLoop.measuredMaxMs != null);
  const figureOf = (r) => (steady ? r.eventLoop.measuredMaxMs : r.eventLoop.maxMs);
  const worst = watched.reduce((a, b) => (!a || figureOf(b) > figureOf(a) ? b : a), null);
  const withWarmup = watched.reduce((a, b) => (!a || b.eventLoop.maxMs > a.eventLoop.maxMs ? b : a), null);
  const aside = steady && withWarmup ? `; ${fmtMs(withWarmup.eventLoop.maxMs)} ms with the warm-ups (${withWarmup.name})` : '';
  return {
    line: `no request blocks the event loop for more than ${BAR.eventLoopMs} ms`,
    figure: worst ? `worst ${fmtMs(figureOf(worst))} ms${steady ? ' measured' : ''} (${worst.name})${aside}` : 'no reports',
    pass: worst ? figureOf(worst) <= BAR.eventLoopMs : null,
  };
}

export function formatBar(bar, settings) {
  const width = Math.max(...bar.map((b) => b.line.length));
  const lines = bar.map((b) => `  ${verdict(b.pass).padEnd(7)}  ${b.line.padEnd(width)}  ${b.figure}`);
  const note = settings.connections === BAR.connections ? [] : [`  (measured at ${settings.connections} connections; the bar is set at ${BAR.connections})`];
  return ['The bar:', ...lines, ...note].join('\n');
}

export function withVerdicts(bar) {
  return bar.map((b) => ({ ...b, verdict: verdict(b.pass) }));
}

export function writeResults(report) {
  fs.mkdirSync(path.dirname(RESULTS_FILE), { recursive: true });
  fs.writeFileSync(RESULTS_FILE, JSON.stringify(report, null, 2) + '\n');
}

export function machine() {
  const cpus = os.cpus();
  return {
    cores: cpus.length,
    cpu: cpus[0]?.model ?? 'unknown',
    memoryGb: Math.round(os.totalmem() / 1024 ** 3),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    loadAverageAtStart: os.loadavg().map((n) => Number(n.toFixed(2))),
  };
}
