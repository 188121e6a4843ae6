import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { type EventLoopMonitor, startEventLoopMonitor } from './event-loop.js';

/** Keep the event loop busy, as a slow request would. */
function busy(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // spinning
  }
}

function recordingLog() {
  const warnings: { obj: { maxMs: number; p99Ms: number }; msg: string }[] = [];
  return { warnings, log: { warn: (obj: { maxMs: number; p99Ms: number }, msg: string) => void warnings.push({ obj, msg }) } };
}

describe('event loop monitor', () => {
  let monitor: EventLoopMonitor | undefined;
  afterEach(() => monitor?.stop());

  it('warns with the longest delay when something holds the loop past the threshold', async () => {
    const { warnings, log } = recordingLog();
    monitor = startEventLoopMonitor({ log, warnMs: 20, intervalMs: 200, resolutionMs: 5 });
    await sleep(30);
    busy(60);
    await sleep(300);
    expect(warnings.length).toBeGreaterThanOrEqual(1);
    const [first] = warnings;
    expect(first!.msg).toBe('event loop blocked');
    // The busy loop, give or take one sample and a loaded machine.
    expect(first!.obj.maxMs).toBeGreaterThanOrEqual(50);
    expect(first!.obj.maxMs).toBeLessThan(1_000);
    expect(first!.obj.p99Ms).toBeGreaterThan(0);
    expect(first!.obj.p99Ms).toBeLessThanOrEqual(first!.obj.maxMs);
  });

  it('stays quiet while the loop is idle', async () => {
    const { warnings, log } = recordingLog();
    // A threshold well above the noise of a busy test machine, far below the 60 ms block above.
    monitor = startEventLoopMonitor({ log, warnMs: 40, intervalMs: 100, resolutionMs: 5 });
    await sleep(450);
    expect(warnings).toEqual([]);
  });

  it('reports every interval when the threshold is 0, and nothing once stopped', async () => {
    const { warnings, log } = recordingLog();
    monitor = startEventLoopMonitor({ log, warnMs: 0, intervalMs: 50, resolutionMs: 5 });
    await sleep(240);
    const seen = warnings.length;
    expect(seen).toBeGreaterThanOrEqual(2);
    for (const w of warnings) expect(w.obj.maxMs).toBeGreaterThanOrEqual(0);
    monitor.stop();
    await sleep(150);
    expect(warnings.length).toBe(seen);
  });
});
