import { dateTime, type Zone } from '../../../platform/time.js';
import type { ThreadComment } from '../comments.types.js';

/*
 * A comment as markup, written out as text. A long thread's page shows up to
 * a few hundred comments, and building each as a tree of elements for Preact
 * to walk cost about 25 µs a comment, a third of what such a page cost to
 * build. These functions write the same markup directly; the components in
 * thread.tsx and comment-body.tsx hand it to Preact as it is (jsxTemplate), so
 * this is the only place a comment's markup is written.
 *
 * Everything from outside (names, bodies, dates) goes through `text` or
 * `attr`, which escape exactly what Preact escapes: `"`, `&` and `<`.
 */

const ESCAPED = /["&<]/;

/** Text or an attribute value, escaped. */
export function text(s: string): string {
  if (!ESCAPED.test(s)) return s;
  let out = '';
  let last = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const entity = c === 34 ? '&quot;' : c === 38 ? '&amp;' : c === 60 ? '&lt;' : undefined;
    if (entity === undefined) continue;
    out += s.slice(last, i) + entity;
    last = i + 1;
  }
  return out + s.slice(last);
}

const attr = text;

/** Bidirectional embeddings, overrides and isolates: used to spoof text, never needed in a comment. */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;
/** Zero-width characters, removed from links so an address cannot hide what it points to. */
const ZERO_WIDTH = /[\u200B-\u200D\u2060\uFEFF]/g;
/**
 * A link candidate: http:// or https:// or www. not glued to a preceding word,
 * then anything up to whitespace or a character an address never contains
 * unescaped. Zero-width characters are part of the run (and removed later).
 */
const CANDIDATE = /(?<![\p{L}\p{N}_@./-])(?:https?:\/\/|www\.)(?:[^\s<>"`]|[\u200B-\u200D\u2060\uFEFF])+/giu;
const TRAILING = `.,;:!?)]}'"\u200B\u200C\u200D\u2060\uFEFF`;
const PAIRS: Record<string, string> = { ')': '(', ']': '[', '}': '{' };
/** Longest link text shown; the href always carries the whole address. */
export const MAX_LINK_TEXT = 60;

const count = (s: string, ch: string) => s.split(ch).length - 1;

/** Drop trailing punctuation, keeping a closing bracket that a bracket inside the address opened. */
function trimTrailing(candidate: string): string {
  let s = candidate;
  for (;;) {
    const last = s.at(-1);
    if (last === undefined || !TRAILING.includes(last)) return s;
    const open = PAIRS[last];
    if (open !== undefined && count(s, open) >= count(s, last)) return s;
    s = s.slice(0, -1);
  }
}

/** The address a candidate links to, or undefined when it must stay text. */
function hrefFor(written: string): string | undefined {
  const absolute = /^www\./i.test(written) ? `https://${written}` : written;
  if (/^www\.$/i.test(written)) return undefined;
  let url: URL;
  try {
    url = new URL(absolute);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  if (!/[\p{L}\p{N}]/u.test(url.hostname)) return undefined;
  return url.href;
}

function shorten(s: string): string {
  const chars = [...s];
  return chars.length > MAX_LINK_TEXT ? `${chars.slice(0, MAX_LINK_TEXT).join('')}…` : s;
}

/** One line of a comment: its text escaped, its web addresses as links. */
export function linkedLine(line: string): string {
  let out = '';
  let last = 0;
  for (const m of line.matchAll(CANDIDATE)) {
    const start = m.index;
    const raw = trimTrailing(m[0]);
    const written = raw.replace(ZERO_WIDTH, '');
    const href = hrefFor(written);
    if (href === undefined) continue;
    if (start > last) out += text(line.slice(last, start));
    out += `<a href="${attr(href)}" rel="nofollow ugc noopener">${text(shorten(written))}</a>`;
    last = start + raw.length;
  }
  return last < line.length ? out + text(line.slice(last)) : out;
}

/**
 * A reader's comment is plain text: paragraphs on blank lines, line breaks on
 * single newlines, and http(s) addresses (or bare www. hosts) turned into
 * links. Nothing here ever produces markup from the comment's own characters.
 */
export function commentBodyMarkup(body: string): string {
  const clean = body.replace(/\r\n?/g, '\n').replace(BIDI_CONTROLS, '');
  let out = '<div class="comment__body">';
  for (const p of clean.split(/\n[^\S\n]*\n\s*/)) {
    if (p.trim() === '') continue;
    out += `<p>${p.split('\n').map(linkedLine).join('<br/>')}</p>`;
  }
  return `${out}</div>`;
}

/** The permalink of a comment: redirects to its place in the thread. */
export const commentPath = (id: number): string => `/comments/${id}`;
export const repliesPath = (rootId: number, id: number = rootId): string => `/comments/${rootId}/replies#comment-${id}`;

const plural = (n: number, one: string, many: string, zone?: Zone) => (n === 1 ? `1 ${one}` : `${zone ? n.toLocaleString(zone.locale) : n} ${many}`);

/** What the small forms of a comment need beyond the comment itself (thread.tsx's ThreadOptions). */
export interface ItemOptions {
  csrf: string;
  now: string | null;
  canReact: boolean | null;
  canReply: boolean;
}

function actionsMarkup(comment: ThreadComment, opts: ItemOptions): string {
  const id = comment.id;
  const approved = comment.state === 'approved';
  const editable = comment.mine && comment.editableUntil !== null && (opts.now === null || comment.editableUntil > opts.now);
  const reactable = approved && !comment.mine && opts.canReact !== false;
  const csrf = opts.csrf === '' ? '<input type="hidden" name="_csrf" value/>' : `<input type="hidden" name="_csrf" value="${attr(opts.csrf)}"/>`;
  let out = '<div class="comment__actions">';
  if (approved && opts.canReply)
    out += `<a class="comment__action comment__reply" href="/comments/${id}/reply#respond" data-reply-to="${id}">Reply<span class="visually-hidden"> to ${text(comment.authorName)}</span></a>`;
  if (reactable)
    out +=
      `<form class="comment__react" method="post" action="/comments/${id}/react">${csrf}<input type="hidden" name="on" value="${comment.reacted ? '0' : '1'}"/>` +
      `<button type="submit" class="comment__action comment__recommend" aria-pressed="${comment.reacted ? 'true' : 'false'}">Recommend <span class="comment__recommend-count">${comment.reactions > 0 ? comment.reactions : ''}</span></button></form>`;
  else if (approved && comment.reactions > 0) out += `<span class="comment__recommendations">${plural(comment.reactions, 'recommendation', 'recommendations')}</span>`;
  if (editable) out += `<a class="comment__action comment__edit" href="/comments/${id}/edit">Edit</a>`;
  if (comment.mine) out += `<form class="comment__delete" method="post" action="/comments/${id}/delete">${csrf}<button type="submit" class="comment__action">Delete</button></form>`;
  if (approved && !comment.mine) out += `<a class="comment__action comment__report" href="/comments/${id}/report" rel="nofollow">Report</a>`;
  return `${out}</div>`;
}

function repliesLabel(comment: ThreadComment): string {
  return comment.state === 'removed' ? 'Replies to a removed comment' : `Replies to ${attr(comment.authorName)}`;
}

/** One comment as an <li id="comment-ID">, with its loaded replies nested beneath. */
export function commentItemMarkup(comment: ThreadComment, zone: Zone, opts: ItemOptions, actions: boolean, rootId: number): string {
  const anchor = `comment-${comment.id}`;
  let classes = `comment ${comment.parentId === null ? 'comment--top' : 'comment--reply'} comment--${comment.state}`;
  if (comment.staff) classes += ' comment--staff';
  if (comment.featured) classes += ' comment--featured';
  if (comment.mine) classes += ' comment--mine';
  const number = comment.number !== null ? `<span class="comment__number">${comment.number}.</span>` : '';
  let out = `<li id="${anchor}" class="${classes}" data-comment-id="${comment.id}">`;
  if (comment.state === 'removed') {
    out += `<article class="comment__removed" aria-label="Comment removed"><header class="comment__header">${number}<p class="comment__placeholder">Comment removed</p></header></article>`;
  } else {
    out += `<article aria-labelledby="${anchor}-author"><header class="comment__header">${number}<span class="comment__author" id="${anchor}-author">${text(comment.authorName)}</span>`;
    if (comment.staff) out += '<span class="comment__badge">Staff</span>';
    out += `<a class="comment__permalink" href="${commentPath(comment.id)}"><time datetime="${attr(comment.createdAt)}">${text(dateTime(comment.createdAt, zone))}</time></a>`;
    if (comment.editedAt) out += `<span class="comment__edited" title="Edited ${attr(dateTime(comment.editedAt, zone))}">(edited)</span>`;
    if (comment.featured) out += `<span class="comment__pick">Editors' pick</span>`;
    out += '</header>';
    if (comment.state === 'pending') out += '<p class="comment__state">Awaiting moderation<span class="comment__state-note"> — only you can see this</span></p>';
    out += commentBodyMarkup(comment.body);
    if (actions) out += actionsMarkup(comment, opts);
    out += '</article>';
  }
  if (comment.replies.length > 0) out += repliesMarkup(comment, zone, opts, actions, rootId);
  if (comment.moreReplies > 0)
    out += `<p class="comment__more"><a href="${repliesPath(rootId, comment.id)}" data-fragment="/comments/${comment.id}/replies?fragment=1">Show ${plural(comment.moreReplies, 'more reply', 'more replies', zone)}</a></p>`;
  return `${out}</li>`;
}

/** A comment's loaded replies as an <ol>. */
export function repliesMarkup(comment: ThreadComment, zone: Zone, opts: ItemOptions, actions: boolean, rootId: number): string {
  let out = `<ol class="comment-replies" aria-label="${repliesLabel(comment)}">`;
  for (const r of comment.replies) out += commentItemMarkup(r, zone, opts, actions, rootId);
  return `${out}</ol>`;
}
