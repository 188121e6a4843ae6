import type { Clock } from '../../platform/clock.js';
import type { ContentEvents } from '../../platform/events.js';
import type { ArticleSearchSource, SearchSourceDocument } from '../articles/articles.search-source.js';
import type { IndexedDocument, SearchRepository } from './search.repository.js';

/*
 * Keeping the index current. The articles, authors and sections services
 * announce every write on the content events; the indexer reads what
 * changed through the articles module and stores it, one task at a time in
 * the order announced, so the index never goes back to an older state.
 * `settled()` waits until every task announced so far has run.
 */

/** Articles read and stored per step of a rebuild. */
const BATCH = 200;

export interface IndexerDeps {
  repo: SearchRepository;
  source: ArticleSearchSource;
  clock: Clock;
  events: ContentEvents;
  /** Where a failed task is reported; the next task runs all the same. */
  onError: (err: unknown, what: string) => void;
}

const toIndexed = (d: SearchSourceDocument): IndexedDocument => ({
  articleId: d.id,
  slug: d.slug,
  headline: d.headline,
  dek: d.dek,
  body: d.bodyText,
  authorNames: d.authors.map((a) => a.name),
  tagNames: d.tags.map((t) => t.name),
  sectionId: d.sectionId,
  authorIds: d.authors.map((a) => a.id),
  tagIds: d.tags.map((t) => t.id),
  status: d.status,
  publishedAt: d.publishedAt,
  modifiedAt: d.modifiedAt,
});

/** Thrown into work still under way when the indexer is closed. */
class Stopped extends Error {
  override name = 'Stopped';
}

function* batches(ids: number[]): Generator<number[]> {
  for (let i = 0; i < ids.length; i += BATCH) yield ids.slice(i, i + BATCH);
}

export type SearchIndexer = ReturnType<typeof createSearchIndexer>;

export function createSearchIndexer({ repo, source, clock, events, onError }: IndexerDeps) {
  let tail: Promise<unknown> = Promise.resolve();
  /** Articles with a reindex waiting to start: announcing one again adds nothing. */
  const waiting = new Set<number>();
  /** Set by close(): tasks still waiting are dropped, and long ones stop after their current batch (the next start catches up). */
  let closed = false;

  /** Run a task after every task before it; its own result or error goes to the caller only. */
  function enqueue<T>(task: () => Promise<T>): Promise<T> {
    const run = tail.then(() => {
      if (closed) throw new Stopped();
      return task();
    });
    tail = run.catch(() => undefined);
    return run;
  }

  /** Report a failed task, but not one stopped by close(). */
  const report = (what: string) => (err: unknown) => {
    if (!(err instanceof Stopped)) onError(err, what);
  };

  /** Store these articles' current state; ids with no article any more leave the index. */
  async function reindex(ids: number[]): Promise<void> {
    if (closed) throw new Stopped();
    const docs = await source.documents(ids);
    const at = clock.now().toISOString();
    await repo.saveMany(docs.map(toIndexed), at);
    const found = new Set(docs.map((d) => d.id));
    await repo.remove(ids.filter((id) => !found.has(id)));
  }

  function article(id: number): void {
    if (waiting.has(id)) return;
    waiting.add(id);
    enqueue(async () => {
      waiting.delete(id);
      await reindex([id]);
    }).catch(report(`reindexing article ${id}`));
  }

  /** An author or tag changed (a new name, a merge, a deletion): its articles, as they are now and as indexed. */
  function related(kind: 'author' | 'tag', id: number): void {
    enqueue(async () => {
      const now = kind === 'author' ? await source.idsByAuthor(id) : await source.idsByTag(id);
      const ids = [...new Set([...now, ...(await repo.idsWith(kind, id))])];
      for (const batch of batches(ids)) await reindex(batch);
    }).catch(report(`reindexing the articles of ${kind} ${id}`));
  }

  /** Index what is missing or stale, and drop documents of articles that are gone; returns how many were indexed. */
  async function catchUpNow(): Promise<number> {
    const [current, indexed] = await Promise.all([source.markers(), repo.markers()]);
    const stale = [...current].filter(([id, marker]) => indexed.get(id) !== marker).map(([id]) => id);
    for (const batch of batches(stale)) await reindex(batch);
    await repo.remove([...indexed.keys()].filter((id) => !current.has(id)));
    return stale.length;
  }

  const unsubscribe = events.onChange((change) => {
    // The process that made a change indexes it; the index is shared through the database.
    if (change.remote) return;
    if (change.kind === 'article') {
      if (change.id !== undefined) article(change.id);
      else catchUp().catch(report('catching up the search index'));
    } else if ((change.kind === 'author' || change.kind === 'tag') && change.id !== undefined) {
      related(change.kind, change.id);
    }
  });

  /** Index what is missing or stale (see catchUpNow); closing the indexer stops it, and it then resolves with 0. */
  function catchUp(): Promise<number> {
    return enqueue(catchUpNow).catch((err) => {
      if (err instanceof Stopped) return 0;
      throw err;
    });
  }

  return {
    catchUp,

    /** Index every article again, then tidy the index; `onProgress` hears how many are done. Returns how many were indexed. */
    rebuild(onProgress: (done: number, total: number) => void = () => {}): Promise<number> {
      return enqueue(async () => {
        const current = await source.markers();
        const ids = [...current.keys()].sort((a, b) => a - b);
        let done = 0;
        for (const batch of batches(ids)) {
          await reindex(batch);
          done += batch.length;
          onProgress(done, ids.length);
        }
        const indexed = await repo.markers();
        await repo.remove([...indexed.keys()].filter((id) => !current.has(id)));
        await repo.optimize();
        return ids.length;
      });
    },

    /** Resolves once every reindex announced so far has run (failed ones included). */
    async settled(): Promise<void> {
      let seen: Promise<unknown>;
      do {
        seen = tail;
        await seen;
      } while (seen !== tail);
    },

    /** Stop following changes, and stop what is under way after its current batch (so a server shuts down promptly). */
    close(): void {
      closed = true;
      unsubscribe();
    },
  };
}
