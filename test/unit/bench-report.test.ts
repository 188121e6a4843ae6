import { describe, expect, it } from 'vitest';

/* The bench is plain JavaScript run by Node; its modules are loaded as they are. */
interface LoopReport {
  time: number;
  maxMs: number;
  p99Ms: number;
}
interface Bar {
  line: string;
  figure: string;
  pass: boolean | null;
}
interface Row {
  name: string;
  result: { requestsPerSec: number; latencyP50Ms: number; latencyP99Ms: number };
  eventLoop?: { maxMs: number; measuredMaxMs?: number | null } | null;
  probe?: boolean;
}
const load = (file: string) => import(file);
const broadsheet = (await load('../../bench/broadsheet.mjs')) as {
  worstLoopBlock: (
    server: { loopReports: LoopReport[]; exitCode: number | null; signalCode: string | null },
    start: number,
    end: number,
    measuredFrom?: number,
  ) => Promise<{ maxMs: number; p99Ms: number; intervals: number; measuredMaxMs: number | null; measuredIntervals: number }>;
};
const report = (await load('../../bench/report.mjs')) as {
  ratio: (name: string, page: Row, staticCopy: Row, against?: string) => { reqPerSecRatio: number; p99Ms: number; name: string; against?: string };
  formatRatios: (ratios: unknown[]) => string;
  cachedBar: (r: unknown, label: string) => Bar;
  uncachedBar: (row: Row) => Bar;
  eventLoopBar: (rows: Row[]) => Bar;
  formatBar: (bar: Bar[], settings: { connections: number }) => string;
};

const row = (name: string, requestsPerSec: number, latencyP99Ms: number, loopMs?: number): Row => ({
  name,
  result: { requestsPerSec, latencyP50Ms: latencyP99Ms / 4, latencyP99Ms },
  eventLoop: loopMs === undefined ? null : { maxMs: loopMs },
});

describe('bench: event-loop figures per target', () => {
  const server = (times: [number, number][]) => ({ loopReports: times.map(([time, maxMs]) => ({ time, maxMs, p99Ms: maxMs / 2 })), exitCode: null, signalCode: null });

  it('takes the worst report from the first after the load began to the first at or after its end', async () => {
    // Load from 10,000 to 21,000; reports every 5 s.
    const s = server([
      [5_000, 90], // before the load: another target's
      [10_500, 3],
      [15_500, 12],
      [20_500, 4],
      [25_500, 7], // holds the load's end
      [30_500, 80], // after: the next target's
    ]);
    expect(await broadsheet.worstLoopBlock(s, 10_000, 21_000)).toMatchObject({ maxMs: 12, p99Ms: 6, intervals: 4 });
  });

  it('gives apart the worst of the intervals wholly within the measured run, after the warm-up', async () => {
    // Warm-up from 10,000 to 13,000, measured to 31,000; reports every 5 s.
    const s = server([
      [10_500, 3],
      [15_500, 40], // began in the warm-up: code compiled on first use
      [20_500, 9],
      [25_500, 14],
      [30_500, 6],
      [35_500, 50], // holds the end, runs past it
    ]);
    expect(await broadsheet.worstLoopBlock(s, 10_000, 31_000, 13_000)).toEqual({ maxMs: 50, p99Ms: 25, intervals: 6, measuredMaxMs: 14, measuredIntervals: 3 });
    // A run too short to hold a whole interval has no measured figure.
    expect(await broadsheet.worstLoopBlock(s, 10_000, 21_000, 19_000)).toMatchObject({ measuredMaxMs: null, measuredIntervals: 0 });
  });

  it('fails when the server dies before reporting the interval that holds the end', async () => {
    const s = { ...server([[10_500, 3]]), exitCode: 1, output: { stdout: '', stderr: 'boom' } };
    await expect(broadsheet.worstLoopBlock(s, 10_000, 21_000)).rejects.toThrow(/exited \(code 1\)/);
  });
});

describe('bench: the bar', () => {
  it('passes a cached page at half the static copy or more, with p99 within 20 ms', () => {
    const staticCopy = row('static', 10_000, 2);
    expect(report.cachedBar(report.ratio('cached', row('cached', 5_000, 20), staticCopy), 'nginx').pass).toBe(true);
    expect(report.cachedBar(report.ratio('cached', row('cached', 4_999, 3), staticCopy), 'nginx').pass).toBe(false);
    expect(report.cachedBar(report.ratio('cached', row('cached', 9_000, 20.5), staticCopy), 'nginx').pass).toBe(false);
    expect(report.cachedBar(report.ratio('cached', row('cached', 5_000, 20), staticCopy), 'Node static server').line).toContain('Node static server');
  });

  it("names the server each ratio is taken against: nginx, or Node's own HTTP server in one process", () => {
    const cached = row('cached typical article', 40_000, 2);
    const text = report.formatRatios([
      report.ratio(cached.name, cached, row('static (nginx)', 100_000, 1), 'nginx'),
      report.ratio(cached.name, cached, row('static (Node)', 50_000, 1), 'Node static server'),
    ]);
    const lines = text.split('\n').slice(1);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/cached typical article\s+vs nginx\s+req\/s 0\.40×/);
    expect(lines[1]).toMatch(/cached typical article\s+vs Node static server\s+req\/s 0\.80×/);
  });

  it('asks 1,000 req/s with p99 within 100 ms of a page built on every request', () => {
    expect(report.uncachedBar(row('uncached', 1_000, 100)).pass).toBe(true);
    expect(report.uncachedBar(row('uncached', 999.9, 50)).pass).toBe(false);
    expect(report.uncachedBar(row('uncached', 2_000, 100.1)).pass).toBe(false);
  });

  it('fails the event loop line on the worst target, ignoring targets without figures', () => {
    const ok = report.eventLoopBar([row('static', 1, 1), row('home', 1, 1, 4), row('search', 1, 1, 20)]);
    expect(ok.pass).toBe(true);
    const bad = report.eventLoopBar([row('home', 1, 1, 4), row('search', 1, 1, 35.5), row('api', 1, 1, 21)]);
    expect(bad).toMatchObject({ pass: false, figure: 'worst 35.50 ms (search)' });
    expect(report.eventLoopBar([row('static', 1, 1)]).pass).toBeNull();
  });

  it('judges the one-request-at-a-time probes on their measured runs, and shows the warm-ups beside', () => {
    const probe = (name: string, maxMs: number, measuredMaxMs: number | null): Row => ({ ...row(name, 1, 1), eventLoop: { maxMs, measuredMaxMs }, probe: true });
    const steady = report.eventLoopBar([row('loaded', 1, 1, 90), probe('home', 8, 5), probe('api', 28.6, 12)]);
    expect(steady).toMatchObject({ pass: true, figure: 'worst 12.00 ms measured (api); 28.60 ms with the warm-ups (api)' });
    expect(report.eventLoopBar([probe('home', 8, 5), probe('api', 30, 21)]).pass).toBe(false);
    // A probe without a measured figure: all are judged with their warm-ups.
    expect(report.eventLoopBar([probe('home', 8, 5), probe('api', 19, null)])).toMatchObject({ pass: true, figure: 'worst 19.00 ms (api)' });
  });

  it('prints each line with its verdict, and says when the run was not at 32 connections', () => {
    const bar = [report.uncachedBar(row('uncached', 1_500, 40)), { line: 'the big thread', figure: 'not measured', pass: null }];
    const at32 = report.formatBar(bar, { connections: 32 });
    expect(at32).toMatch(/PASS\s+uncached: ≥ 1,000 req\/s/);
    expect(at32).toMatch(/NOT RUN\s+the big thread/);
    expect(at32).not.toContain('measured at');
    expect(report.formatBar(bar, { connections: 10 })).toContain('measured at 10 connections');
  });
});
