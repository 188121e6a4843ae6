/**
 * Work a request starts and does not wait for: what differs between an
 * address that has an account and one that has not (looking it up, making a
 * link, sending the email) runs after the answer, so the answer is the same
 * and takes as long either way. Keeps track of the work in flight so that
 * shutdown and tests can wait for it.
 */
export function createAfterAnswer() {
  const pending = new Set<Promise<unknown>>();
  return {
    /**
     * Start `work` on a later turn of the event loop, never before the caller
     * has returned; the promise tells how it went.
     */
    start<T>(work: () => Promise<T>): Promise<T> {
      const run = new Promise<void>((resolve) => setImmediate(resolve)).then(work);
      const tracked = run.then(
        () => undefined,
        () => undefined,
      );
      pending.add(tracked);
      void tracked.then(() => pending.delete(tracked));
      return run;
    },

    /** Wait until all the work started so far has finished. */
    async settled(): Promise<void> {
      while (pending.size > 0) await Promise.all([...pending]);
    },
  };
}
