import v8 from 'node:v8';

/*
 * How a serving process's JavaScript heap is collected. Both settings are
 * V8's own flags, set once before the server starts (V8 reads them at each
 * collection and each allocation-site decision).
 *
 * Growth: how far the heap may grow past what its last full collection
 * kept, before the next one. V8 picks the factor itself, up to four times,
 * to spend less time collecting; a process building pages for 32
 * connections at once keeps about 50 MB live, so it let the heap reach
 * 200 MB and each worker's RSS 313 MB (one process, page cache off, npm run
 * bench's load). At 50% the same load peaked at 196 MB with the same
 * throughput. The factor follows what is live, so a bigger site with more
 * live data simply gets a bigger heap: no limit is imposed that a large
 * import or export could run into.
 *
 * Pretenuring: V8 watches each place in the code that allocates objects and,
 * when most of them survive a young-generation collection, allocates that
 * place's objects straight in the old generation. A server always has a
 * request in flight when a young collection runs, so the objects a page is
 * built from (query rows, Preact's elements, the page's strings) looked
 * long-lived, were put in the old generation, and died there: about 40 MB
 * a second building the 2,100-comment page one request at a time, a full
 * collection every 0.6 s, the event loop held up to 22 ms. Without it they
 * die young, as they are: 5 full collections in 20 s instead of 34, 17% more
 * pages a second and half the p99 (docs/benchmarks.md).
 */

/** The default percentage (HEAP_GROWTH_PERCENT); 0 leaves the choice to V8. */
export const DEFAULT_HEAP_GROWTH_PERCENT = 50;

/** Set how the heap is collected for the rest of this process's life. */
export function tuneHeap(growthPercent: number): void {
  v8.setFlagsFromString('--no-allocation-site-pretenuring');
  if (growthPercent > 0) v8.setFlagsFromString(`--heap-growing-percent=${growthPercent}`);
}
