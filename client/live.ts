/*
 * Live updates on article pages, with scripts on (built by scripts/build.mjs
 * into public/assets/live.js). Without it the page is complete as served;
 * with it, new comments and live updates arrive while the page is open.
 *
 * The comments section says where to listen (data-live-url) and what the page
 * already holds (data-since-comment, data-since-update); the server sends
 * only what is newer, and on a reconnection the browser's Last-Event-ID says
 * how far it got, so nothing arrives twice.
 *
 *  - A reply goes under its parent when the parent is on the page.
 *  - A new top-level comment that belongs on this page (the last page,
 *    oldest first; the first page, newest first) waits behind an "N new
 *    comments" button, so nothing moves under the reader; the button's count
 *    grows as more arrive, and a click puts them in the list. Otherwise a
 *    link says how many new comments there are, and leads to them.
 *  - Live updates go at the top of the updates list, and into the Latest box.
 *  - The count in the heading follows; comments taken down disappear.
 *  - Arrivals are announced politely to screen readers.
 *
 * Hidden for more than five minutes, the page stops listening, and catches up
 * when it is shown again. If the stream fails outright (the server refused or
 * is away), it is tried again after 3 s, 6 s, 12 s … up to a minute.
 */

import { heldComments, type HeldComments, markNew, plural, waitingComments, type WaitingComments } from './live-arrivals.js';
import { showLatest } from './live-latest.js';

interface CommentData {
  id: number;
  parentId: number | null;
  depth: number;
  html: string;
}

interface UpdateData {
  id: number;
  html: string;
}

interface CountData {
  count: number;
  label: string;
}

const PAUSE_AFTER_HIDDEN_MS = 5 * 60_000;
const FIRST_RETRY_MS = 3_000;
const MAX_RETRY_MS = 60_000;
/** Arrivals close together are announced together. */
const ANNOUNCE_AFTER_MS = 1_500;

function fromHtml(html: string): HTMLElement | null {
  const template = document.createElement('template');
  template.innerHTML = html.trim();
  return template.content.firstElementChild as HTMLElement | null;
}

/** Counts an arrival, and announces what arrived once arrivals pause. */
type Announce = (kind: 'comments' | 'updates') => void;

/** A polite live region for arrivals; close ones are announced together. */
function announcer(): Announce {
  const region = document.createElement('div');
  region.className = 'visually-hidden';
  region.setAttribute('aria-live', 'polite');
  region.setAttribute('role', 'status');
  document.body.append(region);
  const heard = { comments: 0, updates: 0 };
  let announceTimer: ReturnType<typeof setTimeout> | undefined;

  return (kind) => {
    heard[kind]++;
    clearTimeout(announceTimer);
    announceTimer = setTimeout(() => {
      const parts: string[] = [];
      if (heard.updates > 0) parts.push(plural(heard.updates, 'new update', 'new updates'));
      if (heard.comments > 0) parts.push(plural(heard.comments, 'new comment', 'new comments'));
      heard.comments = 0;
      heard.updates = 0;
      region.textContent = parts.length > 0 ? `${parts.join(' and ')}.` : '';
    }, ANNOUNCE_AFTER_MS);
  };
}

/** The page's list of top-level comments, made where the page would have it when there is none yet. */
function commentList(section: HTMLElement): HTMLOListElement {
  let list = section.querySelector<HTMLOListElement>('ol.comment-list');
  if (list) return list;
  list = document.createElement('ol');
  list.className = 'comment-list';
  const empty = section.querySelector('.comments__empty');
  const anchor = empty ?? section.querySelector('.comments__arrivals, .pagination--end');
  if (anchor) anchor.before(list);
  else section.append(list);
  empty?.remove();
  return list;
}

/** The list of replies under a comment, made when it has none yet. */
function repliesOf(parent: HTMLElement): HTMLOListElement {
  let replies = parent.querySelector<HTMLOListElement>(':scope > ol.comment-replies');
  if (replies) return replies;
  replies = document.createElement('ol');
  replies.className = 'comment-replies';
  const author = parent.querySelector(':scope > article .comment__author')?.textContent?.trim();
  replies.setAttribute('aria-label', author ? `Replies to ${author}` : 'Replies');
  const more = parent.querySelector(':scope > .comment__more');
  if (more) more.before(replies);
  else parent.append(replies);
  return replies;
}

/** Puts a new comment where the page's order puts it, or behind the "new comments" link. */
function commentInserter(section: HTMLElement, waiting: WaitingComments, held: HeldComments, announce: Announce): (c: CommentData) => void {
  const sort = section.dataset.sort ?? 'oldest';
  const page = Number(section.dataset.page) || 1;
  const pageCount = Number(section.dataset.pageCount) || 1;
  // Pages reached by key say whether they start or end the thread; a page number says it for older pages.
  const atStart = section.dataset.atStart ? section.dataset.atStart === 'true' : page === 1;
  const atEnd = section.dataset.atEnd ? section.dataset.atEnd === 'true' : page === pageCount;
  // New top-level comments belong on this page only at the end of the oldest-first thread or the start of the newest-first one.
  const appendHere = sort === 'oldest' && atEnd;
  const prependHere = sort === 'newest' && atStart;

  return (c) => {
    if (waiting.has(c.id) || document.getElementById(`comment-${c.id}`) || held.has(c.id)) return;
    const li = fromHtml(c.html);
    if (!li) return;
    if (c.parentId !== null) {
      const parent = document.getElementById(`comment-${c.parentId}`);
      if (!parent || !parent.matches('li.comment')) {
        waiting.add(c.id);
        announce('comments');
        return;
      }
      repliesOf(parent).append(li);
    } else if (appendHere || prependHere) {
      // Only the oldest-first thread numbers its comments.
      if (sort !== 'oldest') li.querySelector(':scope > article .comment__number')?.remove();
      held.hold(li);
      announce('comments');
      return;
    } else {
      waiting.add(c.id);
      announce('comments');
      return;
    }
    markNew(li, 'comment--new');
    announce('comments');
  };
}

/** The page's list of live updates, made (with its block) when the story has none yet. */
function updatesList(section: HTMLElement): HTMLOListElement {
  let list = document.querySelector<HTMLOListElement>('ol.live-updates');
  if (list) return list;
  let box = document.querySelector<HTMLElement>('section.developing');
  if (!box) {
    // The story had no updates and was not marked developing: give it the same block the page would have.
    box = document.createElement('section');
    box.className = 'developing';
    box.setAttribute('aria-labelledby', 'developing-heading');
    const heading = document.createElement('h2');
    heading.className = 'developing__heading';
    heading.id = 'developing-heading';
    heading.textContent = 'Updates';
    box.append(heading);
    const body = document.querySelector('.article__body');
    if (body) body.after(box);
    else section.before(box);
  }
  list = document.createElement('ol');
  list.className = 'live-updates';
  list.setAttribute('aria-label', 'Live updates, newest first');
  box.append(list);
  return list;
}

/** Puts a live update at the top of the updates list, and in the Latest box. */
function insertUpdate(section: HTMLElement, u: UpdateData, announce: Announce): void {
  if (document.getElementById(`update-${u.id}`)) return;
  const li = fromHtml(u.html);
  if (!li) return;
  updatesList(section).prepend(li);
  showLatest(li);
  markNew(li, 'live-update--new');
  announce('updates');
}

/** The comment count in the heading follows the thread's. */
function showCount(section: HTMLElement, c: CountData): void {
  const heading = document.getElementById('comments-heading');
  if (heading) heading.textContent = c.label;
  // The count near the byline follows too.
  const near = document.querySelector('.discussion-link__count');
  if (near) near.textContent = plural(c.count, 'comment', 'comments');
  if (c.count > 0) section.querySelector('.comments__empty')?.remove();
}

/** Takes a comment that was taken down off the page, keeping keyboard focus somewhere sensible. */
function removeComment(id: number, waiting: WaitingComments, held: HeldComments): void {
  waiting.remove(id);
  if (held.remove(id)) return;
  for (const pick of document.querySelectorAll(`.comment-pick[data-comment-id="${id}"]`)) pick.remove();
  const el = document.getElementById(`comment-${id}`);
  // The viewer's own comment waiting for a moderator stays: only they see it, and the server does not speak for it.
  if (!el || (el.classList.contains('comment--mine') && el.classList.contains('comment--pending'))) return;
  const list = el.parentElement;
  const hadFocus = el.contains(document.activeElement);
  el.remove();
  if (list?.matches('ol.comment-replies') && list.children.length === 0) list.remove();
  if (hadFocus) {
    const heading = document.getElementById('comments-heading');
    heading?.setAttribute('tabindex', '-1');
    heading?.focus();
  }
}

/** What to do with each kind of event the stream sends. */
interface LiveHandlers {
  comment(c: CommentData): void;
  update(u: UpdateData): void;
  count(c: CountData): void;
  removed(id: number): void;
}

/** Listens to the stream from `since` on: pauses while the page is hidden or left, and retries when it fails. */
function stayConnected(liveUrl: string, since: string, on: LiveHandlers): void {
  let cursor = since;
  let source: EventSource | undefined;
  let retryMs = FIRST_RETRY_MS;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let pauseTimer: ReturnType<typeof setTimeout> | undefined;

  function handle<T>(fn: (data: T) => void) {
    return (event: Event) => {
      const e = event as MessageEvent<string>;
      if (e.lastEventId) cursor = e.lastEventId;
      try {
        fn(JSON.parse(e.data) as T);
      } catch {
        // One malformed event must not stop the rest.
      }
    };
  }

  function connect(): void {
    clearTimeout(retryTimer);
    retryTimer = undefined;
    if (source) return;
    const url = new URL(liveUrl, location.href);
    url.searchParams.set('since', cursor);
    const es = new EventSource(url.toString());
    source = es;
    es.addEventListener('open', () => {
      retryMs = FIRST_RETRY_MS;
    });
    es.addEventListener('comment', handle<CommentData>(on.comment));
    es.addEventListener('update', handle<UpdateData>(on.update));
    es.addEventListener('count', handle<CountData>(on.count));
    es.addEventListener(
      'removed',
      handle<{ id: number }>((d) => on.removed(d.id)),
    );
    es.addEventListener('error', () => {
      // While CONNECTING the browser retries by itself; CLOSED means it gave up (the server refused).
      if (es.readyState !== EventSource.CLOSED) return;
      disconnect();
      retryTimer = setTimeout(connect, retryMs);
      retryMs = Math.min(retryMs * 2, MAX_RETRY_MS);
    });
  }

  function disconnect(): void {
    source?.close();
    source = undefined;
  }

  document.addEventListener('visibilitychange', () => {
    clearTimeout(pauseTimer);
    if (document.visibilityState === 'hidden') {
      pauseTimer = setTimeout(() => {
        disconnect();
        clearTimeout(retryTimer);
        retryTimer = undefined;
      }, PAUSE_AFTER_HIDDEN_MS);
    } else if (!source && retryTimer === undefined) {
      connect();
    }
  });
  // An open stream keeps the page out of the back/forward cache; close it on the way out and resume on return.
  window.addEventListener('pagehide', () => {
    disconnect();
    clearTimeout(retryTimer);
    retryTimer = undefined;
  });
  window.addEventListener('pageshow', (e) => {
    if (e.persisted) connect();
  });

  connect();
}

/** Live comments and updates for the comments section, from what the page already holds on. */
function setup(section: HTMLElement, liveUrl: string): void {
  const since = `c${Number(section.dataset.sinceComment) || 0}-u${Number(section.dataset.sinceUpdate) || 0}`;
  // What is announced, and the comments waiting behind the "N new comments" link.
  const announce = announcer();
  const waiting = waitingComments(section);
  const held = heldComments(section, (items) => {
    const list = commentList(section);
    if (section.dataset.sort === 'newest') list.prepend(...items.reverse());
    else list.append(...items);
  });
  stayConnected(liveUrl, since, {
    comment: commentInserter(section, waiting, held, announce),
    update: (u) => insertUpdate(section, u, announce),
    count: (c) => showCount(section, c),
    removed: (id) => removeComment(id, waiting, held),
  });
}

function start(): void {
  const section = document.getElementById('comments');
  const liveUrl = section?.dataset.liveUrl;
  if (!section || !liveUrl || typeof EventSource === 'undefined') return;
  setup(section, liveUrl);
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();
