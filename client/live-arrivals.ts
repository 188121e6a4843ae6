/*
 * Comments arriving over the live stream (live.ts) that are not put straight
 * into the page: those that belong on this page wait behind an "N new
 * comments" button, those that belong elsewhere behind a link to them.
 */

/** How long an arrival stays marked as new. */
const NEW_MARK_MS = 8_000;

export const plural = (n: number, one: string, many: string) => (n === 1 ? `1 ${one}` : `${n.toLocaleString(document.documentElement.lang || undefined)} ${many}`);

export function markNew(el: HTMLElement, cls: string): void {
  el.classList.add(cls);
  setTimeout(() => el.classList.remove(cls), NEW_MARK_MS);
}

/** The comments this page cannot show, and the "N new comments" link that leads to them. */
export interface WaitingComments {
  has(id: number): boolean;
  /** "3 new comments": a link to where the first of them is, for comments this page cannot show. */
  add(id: number): void;
  /** A comment taken down no longer waits; the link goes when none is left. */
  remove(id: number): void;
}

export function waitingComments(section: HTMLElement): WaitingComments {
  const waiting = new Set<number>();
  let notice: HTMLElement | undefined;

  /** The link follows the comments waiting behind it; it goes when none is left. */
  function updateNotice(): void {
    if (waiting.size === 0) {
      notice?.remove();
      notice = undefined;
      return;
    }
    if (!notice) {
      notice = document.createElement('p');
      notice.className = 'comments__live-notice';
      notice.append(document.createElement('a'));
      const heading = document.getElementById('comments-heading');
      if (heading) heading.after(notice);
      else section.prepend(notice);
    }
    const link = notice.firstElementChild as HTMLAnchorElement;
    // A comment's permalink opens the page of the thread that holds it.
    link.href = `/comments/${Math.min(...waiting)}`;
    link.textContent = `Show ${plural(waiting.size, 'new comment', 'new comments')}`;
  }

  return {
    has: (id) => waiting.has(id),
    add(id) {
      waiting.add(id);
      updateNotice();
    },
    remove(id) {
      if (waiting.delete(id)) updateNotice();
    },
  };
}

/** New top-level comments that belong on this page, held behind an "N new comments" button until the reader asks for them. */
export interface HeldComments {
  has(id: number): boolean;
  hold(li: HTMLElement): void;
  /** A comment taken down no longer waits. */
  remove(id: number): boolean;
}

export function heldComments(section: HTMLElement, put: (items: HTMLElement[]) => void): HeldComments {
  const held: HTMLElement[] = [];
  let box: HTMLElement | undefined;
  let button: HTMLButtonElement | undefined;

  function update(): void {
    if (held.length === 0) {
      box?.remove();
      box = undefined;
      return;
    }
    if (!box || !button) {
      box = document.createElement('p');
      box.className = 'comments__arrivals';
      button = document.createElement('button');
      button.type = 'button';
      button.className = 'comments__arrivals-button';
      button.addEventListener('click', show);
      box.append(button);
      // After the list (before the pages): in the flow where nothing the reader is looking at moves; it sticks to the bottom of the screen.
      const list = section.querySelector('ol.comment-list');
      const anchor = section.querySelector('.pagination--end');
      if (list) list.after(box);
      else if (anchor) anchor.before(box);
      else section.append(box);
    }
    button.textContent = plural(held.length, 'new comment', 'new comments');
  }

  function show(): void {
    const items = held.splice(0);
    update();
    if (items.length === 0) return;
    put(items);
    for (const li of items) markNew(li, 'comment--new');
    const first = items[0]!;
    first.setAttribute('tabindex', '-1');
    first.focus({ preventScroll: true });
    first.scrollIntoView({ block: 'start' });
  }

  return {
    has: (id) => held.some((li) => li.id === `comment-${id}`),
    hold(li) {
      held.push(li);
      update();
    },
    remove(id) {
      const at = held.findIndex((li) => li.id === `comment-${id}`);
      if (at < 0) return false;
      held.splice(at, 1);
      update();
      return true;
    },
  };
}
