import type { Clock } from '../../platform/clock.js';
import type { ContentEvents } from '../../platform/events.js';
import type { Zone } from '../../platform/time.js';
import type { ArticleRow } from '../../platform/db/schema.js';
import { areCommentsOpen, type ArticlesService } from '../articles/articles.service.js';
import { articlePath } from '../../platform/urls.js';
import type { SettingsService } from '../settings/settings.service.js';
import type { CommentsService } from './comments.service.js';
import type { CommentSignals } from './comments.signals.js';
import type { ThreadComment } from './comments.types.js';
import type { Cursor } from './live.cursor.js';
import { fetchComments, nextBatches, type Owing } from './live.batches.js';
import { commentHtml, countLabel, updateHtml } from './views/live-items.js';

/*
 * The live hub keeps open article pages up to date. Each page is a listener
 * with a cursor (the newest comment and live update it holds); the hub sends
 * it what is newer, advancing the cursor, so nothing goes out twice.
 *
 * What wakes it: in this process, comment signals and article changes, at
 * once; on PostgreSQL, other processes' article, comment and settings changes
 * as their notifications arrive (see platform/pg-notify.ts); and as a
 * fallback for changes nobody announced, a poll that asks each
 * watched article for its pulse (one small query) every pollMs, and looks
 * further only when the pulse moved. Per watched article the hub remembers
 * which comments were visible, so it can also tell pages about comments that
 * disappear (held, rejected, removed) and about older comments a moderator
 * approved late, below the pages' cursors.
 */

export type LiveEvent =
  | { event: 'comment'; cursor: Cursor; data: { id: number; parentId: number | null; depth: number; html: string } }
  | { event: 'update'; cursor: Cursor; data: { id: number; html: string } }
  | { event: 'count'; cursor: Cursor; data: { count: number; label: string } }
  | { event: 'removed'; cursor: Cursor; data: { id: number } };

/** Why the hub ended a stream: the article is no longer public, or the process is closing. */
export type LiveEnd = 'gone' | 'closing';

export interface LiveHub {
  /**
   * Follow an article from a cursor (null: from now on). `send` receives each
   * event; `end` is called if the hub stops the stream itself (the article
   * stopped being public: 'gone'; or the hub closed with the process: 'closing'). Returns the unsubscribe.
   */
  subscribe(articleId: number, since: Cursor | null, send: (event: LiveEvent) => void, end?: (why: LiveEnd) => void): () => void;
  /** End every stream and stop listening; resolves once work in flight is done. */
  close(): Promise<void>;
  /** Open listeners in this process. */
  listeners(): number;
  /**
   * Where a page of the article rendered now stands, for its data-since
   * attributes: the newest approved comment of the whole thread (not only of
   * the page shown, or comments on other pages would arrive as new) and the
   * newest live update.
   */
  cursor(articleId: number): Promise<Cursor>;
}

export interface LiveHubDeps {
  clock: Clock;
  signals: CommentSignals;
  events: ContentEvents;
  comments: Pick<CommentsService, 'visibleSince' | 'counts' | 'visibleIds' | 'visibilityFingerprint' | 'newestId'>;
  articles: Pick<ArticlesService, 'byId' | 'isVisible' | 'findPublic' | 'newestLiveUpdateId'>;
  settings: Pick<SettingsService, 'get'>;
  /** How often other processes' changes are looked for, while anyone listens. */
  pollMs?: number;
  /** Where failures of background work are reported (they never reach a listener). */
  onError?: (err: unknown) => void;
}

/** How long the article's own state (public, path, comments open) is trusted before it is read again. */
const ARTICLE_RECHECK_MS = 60_000;

interface Listener extends Owing {
  /** Subscribed since the last round: owed its catch-up and the current count. */
  fresh: boolean;
  send: (event: LiveEvent) => void;
  end: ((why: LiveEnd) => void) | undefined;
}

interface Watch {
  articleId: number;
  listeners: Set<Listener>;
  /** The comment fingerprint of the last round, and the visible comment ids it stood for. */
  fingerprint: string | null;
  visible: Set<number> | null;
  article: ArticleRow | null;
  checkedAt: number;
  recheck: boolean;
  running: Promise<void> | null;
  again: boolean;
  /** A listener was owed more than one batch: the next round sends it more even if nothing moved. */
  behind: boolean;
}

/** Rounds for one watched article: whether readers may still see it, what moved since the last round, and each listener's share of it. */
function createRounds({ clock, comments, articles, settings }: Pick<LiveHubDeps, 'clock' | 'comments' | 'articles' | 'settings'>, hub: { closed(): boolean; endAll(w: Watch, why?: LiveEnd): void }) {
  const { endAll } = hub;

  async function zone(): Promise<Zone> {
    const site = await settings.get();
    return { locale: site.locale, timezone: site.timezone };
  }

  /** The article as it is now, or null once readers may no longer see it (its streams then end). */
  async function article(w: Watch): Promise<ArticleRow | null> {
    if (w.article && !w.recheck && Date.now() - w.checkedAt < ARTICLE_RECHECK_MS) return w.article;
    w.recheck = false;
    w.checkedAt = Date.now();
    const [row, visible] = await Promise.all([articles.byId(w.articleId), articles.isVisible(w.articleId)]);
    w.article = row && visible ? row : null;
    return w.article;
  }

  function emit(l: Listener, event: LiveEvent): void {
    if (hub.closed()) return;
    l.send(event);
  }

  async function round(w: Watch): Promise<void> {
    if (w.listeners.size === 0) return;
    const row = await article(w);
    if (!row) return endAll(w);
    const [fingerprint, lastUpdate] = await Promise.all([comments.visibilityFingerprint(w.articleId), articles.newestLiveUpdateId(w.articleId)]);
    const pulse = { comments: fingerprint, lastUpdate };
    const listeners = [...w.listeners];
    const fresh = listeners.filter((l) => l.fresh);
    const moved = pulse.comments !== w.fingerprint;
    const behind = w.behind;
    w.behind = false;

    if (moved || behind || fresh.length > 0 || w.visible === null) {
      const current = moved || w.visible === null ? new Set(await comments.visibleIds(w.articleId)) : w.visible;
      const previous = w.visible;
      const gone = previous ? [...previous].filter((id) => !current.has(id)) : [];
      const arrived = previous ? [...current].filter((id) => !previous.has(id)).sort((a, b) => a - b) : [];
      let newest = 0;
      for (const id of current) if (id > newest) newest = id;
      for (const l of fresh) l.cursor ??= { comment: newest, update: pulse.lastUpdate };
      await sendComments(w, row, listeners, current, arrived, gone, fresh);
      w.visible = current;
      w.fingerprint = pulse.comments;
    }

    if (listeners.some((l) => l.cursor !== null && l.cursor.update < pulse.lastUpdate)) await sendUpdates(w, listeners);
    for (const l of fresh) l.fresh = false;
  }

  async function sendComments(w: Watch, row: ArticleRow, listeners: Listener[], current: Set<number>, arrived: number[], gone: number[], fresh: Listener[]): Promise<void> {
    const { owed, more } = nextBatches(listeners, current, arrived);
    const found = await fetchComments(comments, w.articleId, owed);

    const site = await settings.get();
    const z: Zone = { locale: site.locale, timezone: site.timezone };
    const path = articlePath(row.slug, row.published_at, site.timezone);
    const open = areCommentsOpen(row, site, clock.now());
    const html = new Map<number, string>();
    const render = (c: ThreadComment) => {
      let h = html.get(c.id);
      if (h === undefined) {
        h = commentHtml(c, z, path, open);
        html.set(c.id, h);
      }
      return h;
    };

    const changed = gone.length > 0 || arrived.length > 0;
    const total = changed || fresh.length > 0 ? ((await comments.counts([w.articleId])).get(w.articleId) ?? 0) : 0;
    for (const l of listeners) {
      if (!w.listeners.has(l)) continue;
      const cursor = l.cursor!;
      const from = cursor.comment;
      for (const id of gone) if (id <= cursor.comment) emit(l, { event: 'removed', cursor: { ...cursor }, data: { id } });
      for (const id of owed.get(l) ?? []) {
        const c = found.get(id);
        if (!c) continue;
        if (id > cursor.comment) cursor.comment = id;
        emit(l, { event: 'comment', cursor: { ...cursor }, data: { id: c.id, parentId: c.parentId, depth: c.depth, html: render(c) } });
      }
      if (changed || l.fresh) emit(l, { event: 'count', cursor: { ...cursor }, data: { count: total, label: countLabel(total, z) } });
      // More is owed than one batch: another round follows at once, whether or not anything moves meanwhile
      // (only while the listener got further, so comments that cannot be read never keep the hub busy).
      if (more.has(l) && (cursor.comment > from || (owed.get(l) ?? []).some((id) => id <= from))) {
        w.again = true;
        w.behind = true;
      }
    }
  }

  async function sendUpdates(w: Watch, listeners: Listener[]): Promise<void> {
    const row = await articles.byId(w.articleId);
    const found = row ? await articles.findPublic(row.slug) : undefined;
    if (!found || found.kind !== 'article') {
      w.recheck = true;
      return endAll(w);
    }
    const detail = found.article;
    const z = await zone();
    const ascending = [...detail.liveUpdates].sort((a, b) => a.id - b.id);
    const html = new Map<number, string>();
    for (const l of listeners) {
      if (!w.listeners.has(l) || l.cursor === null) continue;
      const cursor = l.cursor;
      for (const u of ascending) {
        if (u.id <= cursor.update) continue;
        cursor.update = u.id;
        let h = html.get(u.id);
        if (h === undefined) {
          h = updateHtml(u, detail.liveUpdates, detail.publishedAt, z, clock.now().toISOString());
          html.set(u.id, h);
        }
        emit(l, { event: 'update', cursor: { ...cursor }, data: { id: u.id, html: h } });
      }
    }
  }

  return { round };
}

/** Create the hub for one process. */
export function createLiveHub({ clock, signals, events, comments, articles, settings, pollMs = 2000, onError = () => {} }: LiveHubDeps): LiveHub {
  const watches = new Map<number, Watch>();
  let count = 0;
  let closed = false;
  let timer: ReturnType<typeof setInterval> | undefined;
  const { round } = createRounds({ clock, comments, articles, settings }, { closed: () => closed, endAll });

  const wake = (articleId: number, recheck = false) => {
    const w = watches.get(articleId);
    if (w) run(w, recheck);
  };
  // Signals that can change what a page shows; each round works out what did.
  const unhook = [
    signals.on('visible', (row) => wake(row.article_id)),
    signals.on('hidden', (row) => wake(row.article_id)),
    signals.on('edited', (row) => wake(row.article_id)),
    events.onChange((change) => {
      if (change.kind === 'article') {
        if (change.id !== undefined) wake(change.id, true);
        else for (const id of watches.keys()) wake(id, true);
      } else if (change.remote && (change.kind === 'comment' || change.kind === 'settings')) {
        // Another process's comment (its id names no article) or settings: each watched article looks at once.
        for (const id of watches.keys()) wake(id, change.kind === 'settings');
      }
    }),
  ];

  function startPolling(): void {
    if (timer || closed) return;
    timer = setInterval(() => {
      for (const w of watches.values()) run(w);
    }, pollMs);
    // Listening pages must never keep the process alive on their own.
    timer.unref();
  }

  function stopPolling(): void {
    if (timer) clearInterval(timer);
    timer = undefined;
  }

  function drop(w: Watch, l: Listener): void {
    if (!w.listeners.delete(l)) return;
    count--;
    if (w.listeners.size === 0 && watches.get(w.articleId) === w) watches.delete(w.articleId);
    if (watches.size === 0) stopPolling();
  }

  function endAll(w: Watch, why: LiveEnd = 'gone'): void {
    for (const l of [...w.listeners]) {
      drop(w, l);
      l.end?.(why);
    }
  }

  /** Run a round for the article, one at a time; a wake-up during a round asks for another. */
  function run(w: Watch, recheck = false): void {
    if (recheck) w.recheck = true;
    if (closed) return;
    if (w.running) {
      w.again = true;
      return;
    }
    w.running = (async () => {
      do {
        w.again = false;
        try {
          await round(w);
        } catch (err) {
          onError(err);
        }
      } while (w.again && !closed && w.listeners.size > 0);
      w.running = null;
    })();
  }

  return {
    subscribe(articleId, since, send, end) {
      if (closed) throw new Error('the live hub is closed');
      let w = watches.get(articleId);
      if (!w) {
        w = { articleId, listeners: new Set(), fingerprint: null, visible: null, article: null, checkedAt: 0, recheck: false, running: null, again: false, behind: false };
        watches.set(articleId, w);
      }
      const l: Listener = { cursor: since ? { ...since } : null, fresh: true, backlog: [], send, end };
      w.listeners.add(l);
      count++;
      startPolling();
      run(w);
      const watch = w;
      return () => drop(watch, l);
    },

    async close() {
      if (closed) return;
      closed = true;
      stopPolling();
      for (const off of unhook) off();
      const running = [...watches.values()].map((w) => w.running).filter((p): p is Promise<void> => p !== null);
      for (const w of [...watches.values()]) endAll(w, 'closing');
      await Promise.all(running);
    },

    listeners: () => count,

    cursor: async (articleId) => {
      const [comment, update] = await Promise.all([comments.newestId(articleId), articles.newestLiveUpdateId(articleId)]);
      return { comment, update };
    },
  };
}
