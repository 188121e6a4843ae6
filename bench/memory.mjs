// Resident memory of a benchmarked process and its descendants: a server
// started with `serve --workers N` is a primary that serves nothing and N
// workers that serve everything, so the figure that matters is each
// worker's, not the primary's alone. Linux only (/proc); elsewhere every
// figure is 0.
import fs from 'node:fs';

/** A process's resident memory in kB now (VmRSS), or 0 once it is gone. */
export function rssKb(pid) {
  try {
    const m = /^VmRSS:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/** Every process below pid (children, their children, …). */
export function descendants(pid) {
  let children = [];
  try {
    for (const task of fs.readdirSync(`/proc/${pid}/task`)) {
      children.push(...fs.readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number));
    }
  } catch {
    children = [];
  }
  return children.flatMap((c) => [c, ...descendants(c)]);
}

/** The process and its descendants, each with its RSS in kB now. */
export function treeRss(pid) {
  return [pid, ...descendants(pid)].map((p) => ({ pid: p, kb: rssKb(p) }));
}

/**
 * Sample a process tree's RSS every 500 ms until stopped. `peak()` gives the
 * highest RSS any one process of the tree reached and the highest the whole
 * tree reached at once, in MB.
 */
export function samplePeakRss(pid) {
  let perProcess = 0;
  let total = 0;
  const sample = () => {
    const tree = treeRss(pid);
    perProcess = Math.max(perProcess, ...tree.map((p) => p.kb));
    total = Math.max(
      total,
      tree.reduce((sum, p) => sum + p.kb, 0),
    );
  };
  sample();
  const timer = setInterval(sample, 500);
  const peak = () => ({ perProcessMb: Math.round(perProcess / 1024), totalMb: Math.round(total / 1024) });
  return {
    peak,
    stop() {
      clearInterval(timer);
      sample();
      return peak();
    },
  };
}
