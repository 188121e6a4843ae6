import type { CommentStatus, ReportReason } from '../../../platform/db/schema.js';
import type { Page } from '../../../platform/pagination.js';
import { dateTime, type Zone } from '../../../platform/time.js';
import type { CommentAuthor, ModerationAction, QueueItem, QueueName, ReportSummary, ScoreReason } from '../moderation.types.js';
import { CommentBody } from './comment-body.js';
import { PERMANENT_BAN_UNTIL } from '../../readers/readers.service.js';
import { AdminLayout, type AdminChrome, CsrfField, FormError } from '../../admin/views/admin-layout.js';
import { Pager } from '../../articles/views/editor-components.js';
import { DecisionNotice, SelectAll } from './moderation-decisions.js';
import { describeFilters, isSearch, NO_FILTERS, queueHref, type QueueFilters, QueueSearch } from './queue-filters.js';

/*
 * The moderation queue (/admin/comments). Every control is a plain form
 * that works without scripts; client/moderation.ts adds keyboard shortcuts
 * on top, finding items by [data-moderation-item] and buttons by
 * [data-shortcut].
 */

export const QUEUE_LABEL: Record<QueueName, string> = { pending: 'Pending', reported: 'Reported', spam: 'Spam', all: 'All' };

export const COMMENT_STATUS_LABEL: Record<CommentStatus, string> = {
  pending: 'Pending',
  approved: 'Approved',
  spam: 'Spam',
  rejected: 'Rejected',
  deleted: 'Deleted by its author',
};

export const ACTION_LABEL: Record<ModerationAction, string> = { approve: 'Approve', reject: 'Reject', spam: 'Spam', feature: 'Feature', unfeature: 'Unfeature' };

/** The key client/moderation.ts presses each action's button with. */
const ACTION_SHORTCUT: Record<ModerationAction, string> = { approve: 'a', reject: 'r', spam: 's', feature: 'f', unfeature: 'f' };

export const REPORT_REASON_LABEL: Record<ReportReason, string> = { spam: 'spam', abuse: 'abuse', off_topic: 'off topic', misinformation: 'misinformation', other: 'other' };

const quoted = (reasons: ScoreReason[]) => reasons.map((r) => `"${r.token}"`).join(', ');

/** Score 0.82 — raised by: "casino", "(link)"; lowered by: "council" */
export function scoreText(score: number | null, reasons: ScoreReason[]): string {
  if (score === null) return '';
  const raised = reasons.filter((r) => r.weight > 0);
  const lowered = reasons.filter((r) => r.weight < 0);
  const parts = [...(raised.length > 0 ? [`raised by: ${quoted(raised)}`] : []), ...(lowered.length > 0 ? [`lowered by: ${quoted(lowered)}`] : [])];
  return `Score ${score.toFixed(2)}${parts.length > 0 ? ` — ${parts.join('; ')}` : ''}`;
}

/** "3 open reports: spam ×2, abuse ×1" */
export function reportsText(reports: ReportSummary): string {
  if (reports.open === 0) return '';
  const reasons = reports.reasons.map((r) => `${REPORT_REASON_LABEL[r.reason]}${r.count > 1 ? ` ×${r.count}` : ''}`).join(', ');
  return `${reports.open === 1 ? '1 open report' : `${reports.open} open reports`}: ${reasons}`;
}

/** Whether a reader's ban is for good rather than for some days. */
export const isPermanentBan = (until: string | null) => until !== null && until >= PERMANENT_BAN_UNTIL;

/** Who wrote it: a staff badge, "guest", or the reader with their standing. */
export function AuthorLine({ author, zone }: { author: CommentAuthor; zone: Zone }) {
  if (author.kind === 'staff') {
    return (
      <span class="moderation-author">
        <strong>{author.name}</strong> <span class="admin-role">Staff</span>
      </span>
    );
  }
  if (author.kind === 'guest') {
    return (
      <span class="moderation-author">
        <strong>{author.name}</strong> <span class="admin-role">guest</span>
        {author.email ? <span class="muted"> {author.email}</span> : null}
      </span>
    );
  }
  return (
    <span class="moderation-author">
      <strong>{author.name}</strong> <span class="admin-role">reader</span> <span class="muted">{author.email}</span>
      {' · '}
      {author.verified ? 'verified' : <span class="muted">email not verified</span>}
      {author.banned && author.bannedUntil ? (
        <>
          {' · '}
          <strong class="moderation-banned">
            {isPermanentBan(author.bannedUntil) ? (
              'Banned'
            ) : (
              <>
                Suspended until <time dateTime={author.bannedUntil}>{dateTime(author.bannedUntil, zone)}</time>
              </>
            )}
          </strong>
        </>
      ) : null}
    </span>
  );
}

/** The actions that would change this comment, each its own small form. */
export function actionsFor(item: Pick<QueueItem, 'status' | 'featured' | 'reports'>): ModerationAction[] {
  if (item.status === 'deleted') return [];
  const out: ModerationAction[] = [];
  if (item.status !== 'approved' || item.reports.open > 0) out.push('approve');
  if (item.status !== 'rejected') out.push('reject');
  if (item.status !== 'spam') out.push('spam');
  if (item.status === 'approved' && !item.featured) out.push('feature');
  if (item.featured) out.push('unfeature');
  return out;
}

export function ActionForms({ item, csrf, back }: { item: QueueItem; csrf: string; back: string }) {
  return (
    <>
      {actionsFor(item).map((action) => (
        <form key={action} method="post" action={`/admin/comments/${item.id}/${action}`} class="inline-form" data-decide={action}>
          <CsrfField token={csrf} />
          <input type="hidden" name="back" value={back} />
          <button type="submit" class={action === 'approve' ? 'button--small' : 'button--small button--secondary'} data-shortcut={ACTION_SHORTCUT[action]}>
            {action === 'approve' && item.status === 'approved' ? 'Keep, dismiss reports' : ACTION_LABEL[action]}
            <span class="visually-hidden"> comment {item.id}</span>
          </button>
        </form>
      ))}
    </>
  );
}

const HIDING: Partial<Record<CommentStatus, string>> = { pending: 'until this is approved', rejected: 'while this is rejected', spam: 'while this is marked as spam' };
const BLOCKING: Partial<Record<CommentStatus, string>> = { pending: 'is still pending', rejected: 'was rejected', spam: 'is marked as spam' };

/** "3 approved replies are hidden until this is approved", or "" when nothing is hidden by it. */
export function hiddenRepliesText(item: Pick<QueueItem, 'status' | 'hiddenReplies'>): string {
  const n = item.hiddenReplies;
  if (n <= 0 || !HIDING[item.status]) return '';
  return `${n.toLocaleString('en-US')} approved ${n === 1 ? 'reply is' : 'replies are'} hidden ${HIDING[item.status]}.`;
}

/** Why readers cannot see an approved reply: a comment above it that they cannot see. */
export function HiddenByNote({ hiddenBy }: { hiddenBy: QueueItem['hiddenBy'] }) {
  if (!hiddenBy) return null;
  return (
    <>
      Hidden on the site: <a href={`/admin/comments/${hiddenBy.id}`}>comment {hiddenBy.id}</a> above it {BLOCKING[hiddenBy.status] ?? 'is not shown'}.
    </>
  );
}

/** The facts a moderator decides on: held reason, spam score and why, reports, replies it hides or what hides it. */
export function ItemFacts({ item }: { item: QueueItem }) {
  const score = scoreText(item.spamScore, item.scoreReasons);
  const reports = reportsText(item.reports);
  const hidden = hiddenRepliesText(item);
  if (!item.heldReason && !score && !reports && !hidden && !item.hiddenBy) return null;
  return (
    <ul class="moderation-facts">
      {hidden ? (
        <li class="moderation-hidden" data-hidden-replies={String(item.hiddenReplies)}>
          {hidden}
        </li>
      ) : null}
      {item.hiddenBy ? (
        <li class="moderation-hidden" data-hidden-by={String(item.hiddenBy.id)}>
          <HiddenByNote hiddenBy={item.hiddenBy} />
        </li>
      ) : null}
      {item.heldReason ? <li>Held: {item.heldReason}</li> : null}
      {score ? <li class="moderation-score">{score}</li> : null}
      {reports ? (
        <li class="moderation-reports">
          {reports}
          {item.reports.notes.length > 0 ? (
            <ul>
              {item.reports.notes.map((n, i) => (
                <li key={i}>
                  <span class="muted">{REPORT_REASON_LABEL[n.reason]}:</span> {n.note}
                </li>
              ))}
            </ul>
          ) : null}
        </li>
      ) : null}
    </ul>
  );
}

export interface ModerationItemProps {
  item: QueueItem;
  zone: Zone;
  csrf: string;
  /** Where the action forms send the moderator back to. */
  back: string;
  /** Show a checkbox tied to the bulk form. */
  selectable?: boolean;
  /** Show the action buttons. */
  actions?: boolean;
  /** Marks the comment the page is about. */
  current?: boolean;
}

/** One comment with everything needed to decide about it. */
export function ModerationItem({ item, zone, csrf, back, selectable = false, actions = true, current = false }: ModerationItemProps) {
  const anchor = `moderation-${item.id}`;
  return (
    <article
      id={anchor}
      class={`moderation-item${current ? ' moderation-item--current' : ''}`}
      tabIndex={-1}
      data-moderation-item={String(item.id)}
      aria-labelledby={`${anchor}-title`}
      aria-current={current ? 'true' : undefined}
    >
      <header class="moderation-item__header">
        {selectable ? (
          <span class="moderation-item__select">
            <input id={`select-${item.id}`} type="checkbox" name="ids" value={String(item.id)} form="bulk-form" data-select />
            <label for={`select-${item.id}`}>
              Select
              <span class="visually-hidden">
                {' '}
                comment {item.id} by {item.author.name}
              </span>
            </label>
          </span>
        ) : null}
        <h2 id={`${anchor}-title`} class="moderation-item__title">
          <AuthorLine author={item.author} zone={zone} />
        </h2>
        <p class="moderation-item__meta">
          <span class="status-badge">{COMMENT_STATUS_LABEL[item.status]}</span>
          {item.featured ? (
            <>
              {' '}
              · <strong>Editors’ pick</strong>
            </>
          ) : null}
          {' · '}
          <time dateTime={item.createdAt}>{dateTime(item.createdAt, zone)}</time>
          {item.editedAt ? (
            <>
              {' · edited '}
              <time dateTime={item.editedAt}>{dateTime(item.editedAt, zone)}</time>
            </>
          ) : null}
          {' · on '}
          {item.article.path ? <a href={item.status === 'approved' ? `${item.article.path}#comment-${item.id}` : item.article.path}>{item.article.headline}</a> : <span>{item.article.headline}</span>}
          {item.parentId !== null ? (
            <>
              {' · in reply to '}
              <a href={`/admin/comments/${item.parentId}`}>comment {item.parentId}</a>
            </>
          ) : null}
        </p>
      </header>
      <div class="moderation-item__body">
        <CommentBody text={item.body} />
      </div>
      <ItemFacts item={item} />
      <div class="moderation-item__actions">
        {actions ? <ActionForms item={item} csrf={csrf} back={back} /> : null}
        {!current ? (
          <a href={`/admin/comments/${item.id}`} data-open>
            Context<span class="visually-hidden"> of comment {item.id}</span>
          </a>
        ) : null}
      </div>
    </article>
  );
}

/** The shortcuts client/moderation.ts adds, listed where people can find them. */
export function ShortcutHelp() {
  const keys: [string, string][] = [
    ['j / k', 'Next / previous comment'],
    ['a', 'Approve'],
    ['r', 'Reject'],
    ['s', 'Spam'],
    ['f', 'Feature or unfeature'],
    ['x', 'Select or unselect for a bulk action'],
    ['o or Enter', 'Open the comment in its thread'],
  ];
  return (
    <details class="moderation-shortcuts">
      <summary>Keyboard shortcuts</summary>
      <p class="field-help">With scripts on; they do nothing while you type in a field.</p>
      <dl>
        {keys.map(([k, what]) => (
          <div key={k}>
            <dt>{k.split(' ').map((part, i) => (part === '/' || part === 'or' ? ` ${part} ` : <kbd key={i}>{part}</kbd>))}</dt>
            <dd>{what}</dd>
          </div>
        ))}
      </dl>
    </details>
  );
}

export interface ModerationPageProps {
  chrome: AdminChrome;
  zone: Zone;
  queue: QueueName;
  filters: QueueFilters;
  counts: Record<QueueName, number>;
  result: Page<QueueItem>;
  /** The page's own address, for the forms to come back to. */
  back: string;
  scriptSrc: string;
  notice?: string;
  error?: string;
  /** The moderator's last decision, while it can be undone. */
  undo?: string;
}

const EMPTY: Record<QueueName, string> = {
  pending: 'Nothing waits for a moderator.',
  reported: 'No comment has an open report.',
  spam: 'No comments are marked as spam.',
  all: 'No comments yet.',
};

const ORDER: Record<QueueName, string> = {
  pending: 'oldest first, so what came in first is decided first',
  reported: 'newest first',
  spam: 'newest first',
  all: 'newest first',
};

/** /admin/comments: tabs, the comments of one tab, bulk actions, pages. */
export function ModerationPage({ chrome, zone, queue, filters, counts, result, back, scriptSrc, notice, error, undo }: ModerationPageProps) {
  const { items, page, pageCount, total } = result;
  const filtered = filters.articleId !== null || filters.readerId !== null || isSearch(filters);
  return (
    <AdminLayout chrome={chrome} title={`Comments: ${QUEUE_LABEL[queue]}${page > 1 ? `, page ${page}` : ''}`}>
      <h1>Comments</h1>
      <DecisionNotice notice={notice} csrf={chrome.csrf} back={back} undo={undo} />
      <FormError message={error} />
      <nav class="moderation-tabs" aria-label="Queues">
        <ul>
          {(Object.keys(QUEUE_LABEL) as QueueName[]).map((q) => (
            <li key={q}>
              <a href={queueHref(q, filters)} aria-current={q === queue ? 'page' : undefined} data-queue={q}>
                {QUEUE_LABEL[q]} <span class="moderation-tabs__count">({counts[q].toLocaleString('en-US')})</span>
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <QueueSearch queue={queue} filters={filters} />
      {filtered ? (
        <p class="moderation-filter">
          Only comments {describeFilters(filters)}. <a href={queueHref(queue, NO_FILTERS)}>Show all</a>
        </p>
      ) : null}
      <ShortcutHelp />
      <p class="article-count" id="moderation-count">
        {total === 0 ? (filtered ? 'No comments in this queue match.' : EMPTY[queue]) : `${total.toLocaleString('en-US')} ${total === 1 ? 'comment' : 'comments'}, ${ORDER[queue]}.`}
      </p>
      {items.length > 0 ? (
        <>
          <form id="bulk-form" method="post" action="/admin/comments/bulk" class="moderation-bulk article-filters">
            <CsrfField token={chrome.csrf} />
            <input type="hidden" name="back" value={back} />
            <SelectAll ids={items.map((i) => i.id)} />
            <div class="article-filters__field">
              <label for="bulk-action">With the selected comments</label>
              <select id="bulk-action" name="action" required>
                <option value="">Choose an action</option>
                {(Object.keys(ACTION_LABEL) as ModerationAction[]).map((a) => (
                  <option key={a} value={a}>
                    {ACTION_LABEL[a]}
                  </option>
                ))}
              </select>
            </div>
            <div class="article-filters__actions">
              <button type="submit">Apply</button>
            </div>
          </form>
          <ol class="moderation-list" aria-describedby="moderation-count" data-queue-list={queue}>
            {items.map((item) => (
              <li key={item.id}>
                <ModerationItem item={item} zone={zone} csrf={chrome.csrf} back={back} selectable />
              </li>
            ))}
          </ol>
        </>
      ) : null}
      <Pager page={page} pageCount={pageCount} href={(p) => queueHref(queue, filters, p)} label="Pages of comments" />
      <script type="module" src={scriptSrc}></script>
    </AdminLayout>
  );
}
