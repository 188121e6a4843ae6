import { monitorEventLoopDelay } from 'node:perf_hooks';

/** What the monitor needs of a logger (pino's, Fastify's app.log). */
export interface EventLoopLog {
  warn(obj: { maxMs: number; p99Ms: number }, msg: string): void;
}

export interface EventLoopMonitorOptions {
  log: EventLoopLog;
  /** Warn when the longest delay in an interval is over this many ms; 0 reports every interval. */
  warnMs: number;
  /** How often the longest delay is looked at (and the figures start again); 5 s unless a test says otherwise. */
  intervalMs?: number;
  /** How often the loop is sampled, in ms: the shortest block the monitor can see. */
  resolutionMs?: number;
}

export interface EventLoopMonitor {
  stop(): void;
}

const round = (ms: number) => Math.round(ms * 100) / 100;

/**
 * Watch how long the event loop is kept from running: one request that
 * computes for 50 ms delays every other request on the process by as much.
 * Each interval, if the longest delay was over `warnMs`, logs a warning
 * "event loop blocked" with that delay and the interval's 99th percentile,
 * in milliseconds. The histogram counts the time between samples, which
 * includes the sampling period itself, so that period is taken off: an idle
 * loop reports about 0, a 60 ms busy loop about 60. The timer never keeps
 * the process alive.
 */
export function startEventLoopMonitor({ log, warnMs, intervalMs = 5_000, resolutionMs = 10 }: EventLoopMonitorOptions): EventLoopMonitor {
  const histogram = monitorEventLoopDelay({ resolution: resolutionMs });
  histogram.enable();
  const blockedMs = (ns: number) => round(Math.max(0, ns / 1e6 - resolutionMs));
  const timer = setInterval(() => {
    const maxMs = blockedMs(histogram.max);
    const p99Ms = blockedMs(histogram.percentile(99));
    histogram.reset();
    if (maxMs > warnMs || warnMs === 0) log.warn({ maxMs, p99Ms }, 'event loop blocked');
  }, intervalMs);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      histogram.disable();
    },
  };
}
