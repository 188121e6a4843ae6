import v8 from 'node:v8';

/*
 * How far a serving process's JavaScript heap may grow past what its last
 * full collection kept, before the next one. V8 picks the factor itself, up
 * to four times, to spend less time collecting; a process building pages
 * for 32 connections at once keeps about 50 MB live, so it let the heap
 * reach 200 MB and each worker's RSS 313 MB (one process, page cache off,
 * npm run bench's load). At 50% the same load peaked at 196 MB with the
 * same throughput. The factor follows what is live, so a bigger site with
 * more live data simply gets a bigger heap: no limit is imposed that a
 * large import or export could run into.
 */

/** The default percentage (HEAP_GROWTH_PERCENT); 0 leaves the choice to V8. */
export const DEFAULT_HEAP_GROWTH_PERCENT = 50;

/** Set the heap's growth for the rest of this process's life (read by V8 at each full collection). */
export function limitHeapGrowth(percent: number): void {
  if (percent > 0) v8.setFlagsFromString(`--heap-growing-percent=${percent}`);
}
