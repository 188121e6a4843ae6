/*
 * Comments, with scripts on (built by scripts/build.mjs into
 * public/assets/comments.js; loaded by article pages and the comment pages).
 * Everything here is an extra: every form and link works without it.
 *
 *  - Tokens: pages shared through caches carry empty CSRF and form-time
 *    fields; they are filled from /comments/form-token (which also sets this
 *    browser's CSRF cookie) when the page loads and again before any send.
 *  - A character counter under each comment box.
 *  - Reply opens a copy of the main form under the comment instead of a new page.
 *  - Posting sends the form as JSON and puts the answer's comment in place
 *    (a held one marked as only visible to its author); errors show in the
 *    form, the text kept.
 *  - Recommend toggles in place (its count shown from 1 up); Delete asks
 *    first; "Show N more replies" inserts the rest of the replies.
 *  - "Join the discussion" puts the cursor in the form at the top of the thread.
 */

import { announcer, clearError, type ErrorAnswer, fillTokens, formValues, send, setupCounter, showError } from './comment-forms.js';

interface PostAnswer extends ErrorAnswer {
  id: number;
  status: 'approved' | 'pending';
  heldReason: string;
  html: string;
}

const NETWORK_PROBLEM = 'That could not be sent: check your connection and try again.';

function fromHtml(html: string): HTMLElement | null {
  const template = document.createElement('template');
  template.innerHTML = html.trim();
  return template.content.firstElementChild as HTMLElement | null;
}

/** Put a posted comment where it belongs: under its parent, or in the list in the page's order. */
function place(li: HTMLElement, parentId: string): void {
  const section = document.getElementById('comments');
  if (parentId) {
    const parent = document.getElementById(`comment-${parentId}`);
    if (!parent) return;
    let replies = parent.querySelector<HTMLOListElement>(':scope > ol.comment-replies');
    if (!replies) {
      replies = document.createElement('ol');
      replies.className = 'comment-replies';
      const author = parent.querySelector(':scope > article .comment__author')?.textContent;
      replies.setAttribute('aria-label', author ? `Replies to ${author}` : 'Replies');
      const more = parent.querySelector(':scope > .comment__more');
      if (more) more.before(replies);
      else parent.append(replies);
    }
    replies.append(li);
    return;
  }
  if (!section) return;
  let list = section.querySelector<HTMLOListElement>('ol.comment-list');
  if (!list) {
    list = document.createElement('ol');
    list.className = 'comment-list';
    const anchor = section.querySelector('.comments__empty') ?? section.querySelector('.pagination--end');
    if (anchor) anchor.before(list);
    else section.append(list);
    section.querySelector('.comments__empty')?.remove();
  }
  if (section.dataset.sort === 'newest') list.prepend(li);
  else list.append(li);
}

async function post(form: HTMLFormElement): Promise<void> {
  const button = form.querySelector<HTMLButtonElement>('button[type="submit"]');
  if (form.getAttribute('aria-busy') === 'true') return;
  form.setAttribute('aria-busy', 'true');
  if (button) button.disabled = true;
  clearError(form);
  try {
    const res = await send('/comments', form, () => formValues(form));
    const answer = (await res.json().catch(() => ({}))) as PostAnswer;
    if (!res.ok) {
      showError(form, answer.error?.message ?? `Your comment could not be posted (error ${res.status}). Try again in a moment.`);
      return;
    }
    const li = fromHtml(answer.html);
    if (!li) return;
    const parentId = form.querySelector<HTMLInputElement>('input[name="parentId"]')?.value ?? '';
    document.getElementById(li.id)?.remove();
    li.classList.add('comment--new');
    place(li, parentId);
    li.tabIndex = -1;
    li.focus({ preventScroll: true });
    li.scrollIntoView({ block: 'nearest' });
    const host = document.getElementById('comments') ?? form;
    announcer(host).textContent = answer.status === 'approved' ? 'Your comment is posted.' : 'Your comment is awaiting moderation. Only you can see it until a moderator approves it.';
    if (form.classList.contains('comment-form--inline')) form.remove();
    else {
      const box = form.querySelector<HTMLTextAreaElement>('textarea[name="body"]');
      if (box) {
        box.value = '';
        box.dispatchEvent(new Event('input'));
      }
    }
  } catch {
    showError(form, NETWORK_PROBLEM);
  } finally {
    form.removeAttribute('aria-busy');
    if (button) button.disabled = false;
  }
}

/** A copy of the main form under a comment, for a reply; ids made unique so labels still point at their fields. */
function openReply(link: HTMLAnchorElement, main: HTMLFormElement): void {
  const id = link.dataset.replyTo ?? '';
  const item = link.closest<HTMLElement>('li.comment');
  if (!item || !id) return;
  const open = item.querySelector<HTMLFormElement>(':scope > form.comment-form--inline');
  if (open) {
    open.querySelector<HTMLTextAreaElement>('textarea')?.focus();
    return;
  }
  const form = main.cloneNode(true) as HTMLFormElement;
  const suffix = `-reply-${id}`;
  const rename = (value: string) =>
    value
      .split(/\s+/)
      .filter(Boolean)
      .map((v) => `${v}${suffix}`)
      .join(' ');
  form.id = `respond${suffix}`;
  form.classList.add('comment-form--inline');
  form.querySelectorAll('.form-error, .comments__announce').forEach((el) => el.remove());
  for (const el of form.querySelectorAll<HTMLElement>('[id]')) el.id = `${el.id}${suffix}`;
  for (const el of form.querySelectorAll<HTMLLabelElement>('label[for]')) el.htmlFor = `${el.htmlFor}${suffix}`;
  for (const attr of ['aria-describedby', 'aria-labelledby']) {
    for (const el of form.querySelectorAll<HTMLElement>(`[${attr}]`)) el.setAttribute(attr, rename(el.getAttribute(attr) ?? ''));
  }
  form.setAttribute('aria-labelledby', `respond-heading${suffix}`);
  const author = item.querySelector(':scope > article .comment__author')?.textContent ?? '';
  const heading = form.querySelector('.comment-form__heading');
  if (heading) heading.textContent = author ? `Reply to ${author}` : 'Your reply';
  const parent = form.querySelector<HTMLInputElement>('input[name="parentId"]');
  if (parent) parent.value = id;
  const box = form.querySelector<HTMLTextAreaElement>('textarea[name="body"]');
  if (box) {
    box.value = '';
    box.removeAttribute('aria-invalid');
    delete box.dataset.counted;
  }
  const submit = form.querySelector<HTMLButtonElement>('button[type="submit"]');
  if (submit) submit.textContent = 'Post reply';
  const cancel = document.createElement('button');
  cancel.type = 'button';
  cancel.className = 'comment-form__cancel';
  cancel.textContent = 'Cancel';
  cancel.addEventListener('click', () => {
    form.remove();
    link.focus();
  });
  submit?.after(' ', cancel);
  const article = item.querySelector(':scope > article');
  if (article) article.after(form);
  else item.prepend(form);
  setupCounter(form);
  box?.focus();
}

async function react(form: HTMLFormElement): Promise<void> {
  const button = form.querySelector<HTMLButtonElement>('button');
  const onField = form.querySelector<HTMLInputElement>('input[name="on"]');
  if (!button || !onField || button.disabled) return;
  button.disabled = true;
  form.querySelector('.comment__react-error')?.remove();
  const problem = (message: string) => {
    const note = document.createElement('span');
    note.className = 'comment__react-error';
    note.setAttribute('role', 'alert');
    note.textContent = message;
    form.append(note);
  };
  try {
    const res = await send(form.action, form, () => ({ on: onField.value === '1' }));
    const answer = (await res.json().catch(() => ({}))) as { count?: number; reacted?: boolean } & ErrorAnswer;
    if (!res.ok || typeof answer.count !== 'number') {
      problem(answer.error?.message ?? 'That did not work. Try again in a moment.');
      return;
    }
    button.setAttribute('aria-pressed', answer.reacted ? 'true' : 'false');
    onField.value = answer.reacted ? '0' : '1';
    const count = button.querySelector('.comment__recommend-count');
    if (count) count.textContent = answer.count > 0 ? String(answer.count) : '';
  } catch {
    problem(NETWORK_PROBLEM);
  } finally {
    button.disabled = false;
  }
}

async function confirmDelete(form: HTMLFormElement): Promise<void> {
  if (!window.confirm('Delete your comment? This cannot be undone.')) return;
  let confirm = form.querySelector<HTMLInputElement>('input[name="confirm"]');
  if (!confirm) {
    confirm = document.createElement('input');
    confirm.type = 'hidden';
    confirm.name = 'confirm';
    form.append(confirm);
  }
  confirm.value = '1';
  try {
    await fillTokens(form);
  } catch {
    // Without a token the server answers with its own confirmation page.
  }
  form.submit();
}

async function loadReplies(link: HTMLAnchorElement): Promise<void> {
  const url = link.dataset.fragment;
  const item = link.closest<HTMLElement>('li.comment');
  if (!url || !item) return;
  link.setAttribute('aria-busy', 'true');
  try {
    const res = await fetch(url, { credentials: 'same-origin', headers: { accept: 'text/html' } });
    if (!res.ok) throw new Error(String(res.status));
    const list = fromHtml(await res.text());
    if (!list) throw new Error('empty');
    const shown = new Set([...item.querySelectorAll('li.comment')].map((li) => li.id));
    const current = item.querySelector(':scope > ol.comment-replies');
    if (current) current.replaceWith(list);
    else link.closest('.comment__more')?.before(list);
    link.closest('.comment__more')?.remove();
    await fillTokens(list).catch(() => undefined);
    const first = [...list.querySelectorAll<HTMLElement>('li.comment')].find((li) => !shown.has(li.id));
    if (first) {
      first.tabIndex = -1;
      first.focus();
    }
  } catch {
    // The replies page has them all.
    window.location.href = link.href;
  }
}

function start(): void {
  const forms = [...document.querySelectorAll<HTMLFormElement>('form.comment-form')];
  forms.forEach(setupCounter);
  if (document.querySelector('input[name="_csrf"][value=""], form.comment-form input[name="t"][value=""]')) {
    fillTokens(document).catch(() => undefined);
  }

  document.addEventListener('click', (event) => {
    const target = event.target as Element | null;
    const reply = target?.closest<HTMLAnchorElement>('a.comment__reply[data-reply-to]');
    const main = document.getElementById('respond') as HTMLFormElement | null;
    if (reply && main && main.matches('form')) {
      event.preventDefault();
      openReply(reply, main);
      return;
    }
    if (target?.closest('a.discussion-link__join')) {
      // The link itself jumps to the top of the thread; once there, the cursor waits in the comment box.
      setTimeout(() => document.querySelector<HTMLTextAreaElement>('#respond textarea[name="body"]')?.focus({ preventScroll: true }), 0);
      return;
    }
    const more = target?.closest<HTMLAnchorElement>('.comment__more a[data-fragment]');
    if (more) {
      event.preventDefault();
      void loadReplies(more);
    }
  });

  document.addEventListener('submit', (event) => {
    const form = event.target as HTMLFormElement;
    if (form.matches('form.comment__react')) {
      event.preventDefault();
      void react(form);
    } else if (form.matches('form.comment__delete')) {
      event.preventDefault();
      void confirmDelete(form);
    } else if (form.matches('form.comment-form') && form.getAttribute('action') === '/comments') {
      event.preventDefault();
      void post(form);
    }
  });
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();
