import { Fragment } from 'preact';
import type { CommentStatus } from '../../../platform/db/schema.js';
import { dateTime, type Zone } from '../../../platform/time.js';
import type { AuditEntry } from '../../audit/audit.service.js';
import { type CommentContext, MAX_NOTE, type ModerationAction, type QueueItem } from '../moderation.types.js';
import { DecisionNotice } from './moderation-decisions.js';
import { AdminLayout, type AdminChrome, CsrfField, FormError } from '../../admin/views/admin-layout.js';
import { ACTION_LABEL, actionsFor, COMMENT_STATUS_LABEL, isPermanentBan, ModerationItem, ShortcutHelp } from './moderation-page.js';
import { NO_FILTERS, queueHref } from './queue-filters.js';

/** The suspensions the ban form offers, in days; "ban" is for good. */
export const BAN_CHOICES: { value: string; label: string }[] = [
  { value: '1', label: 'Suspend for 1 day' },
  { value: '7', label: 'Suspend for 7 days' },
  { value: '30', label: 'Suspend for 30 days' },
  { value: 'ban', label: 'Ban' },
];

export interface BanFormValues {
  duration: string;
  reason: string;
  removeComments: boolean;
}

export interface ModerationContextPageProps {
  chrome: AdminChrome;
  zone: Zone;
  context: CommentContext;
  /** This page's address, for the forms to come back to. */
  back: string;
  /** Where "Back to the queue" leads. */
  queueLink: string;
  scriptSrc: string;
  notice?: string;
  /** The moderator's last decision, while it can be undone. */
  undo?: string;
  error?: string;
  /** What was typed in the ban form, kept when it was refused. */
  banValues?: BanFormValues;
}

const ACTION_WORDS: Record<string, string> = {
  'comment.approve': 'Approved',
  'comment.reject': 'Rejected',
  'comment.spam': 'Marked as spam',
  'comment.feature': 'Featured',
  'comment.unfeature': 'Unfeatured',
  'reader.ban': 'Banned',
  'reader.suspend': 'Suspended',
  'reader.unban': 'Ban lifted',
};

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

function LogEntry({ entry, zone }: { entry: AuditEntry; zone: Zone }) {
  const d = entry.details;
  const by = str(d.by);
  const note = str(d.note) || str(d.reason);
  const until = str(d.until);
  const change = str(d.from) && str(d.to) && str(d.from) !== str(d.to) ? ` (${str(d.from)} → ${str(d.to)})` : '';
  const resolved = typeof d.reportsResolved === 'number' && d.reportsResolved > 0 ? `; ${d.reportsResolved} ${d.reportsResolved === 1 ? 'report' : 'reports'} closed` : '';
  return (
    <li>
      <time dateTime={entry.createdAt}>{dateTime(entry.createdAt, zone)}</time>
      {' — '}
      <strong>{ACTION_WORDS[entry.action] ?? entry.action}</strong>
      {entry.action === 'reader.suspend' && until ? (
        <>
          {' until '}
          <time dateTime={until}>{dateTime(until, zone)}</time>
        </>
      ) : null}
      {change}
      {resolved}
      {by ? ` by ${by}` : ''}
      {note ? <span class="muted"> — “{note}”</span> : null}
    </li>
  );
}

function Log({ id, title, entries, zone, empty }: { id: string; title: string; entries: AuditEntry[]; zone: Zone; empty: string }) {
  return (
    <section class="admin-panel" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {entries.length === 0 ? (
        <p class="muted">{empty}</p>
      ) : (
        <ul class="moderation-log">
          {entries.map((e) => (
            <LogEntry key={e.id} entry={e} zone={zone} />
          ))}
        </ul>
      )}
    </section>
  );
}

const HISTORY_ORDER: CommentStatus[] = ['approved', 'pending', 'rejected', 'spam', 'deleted'];

function History({ context, zone, csrf, back }: { context: CommentContext; zone: Zone; csrf: string; back: string }) {
  const { history, comment } = context;
  const whose = comment.author.kind === 'guest' ? 'From the same address (guests)' : comment.author.kind === 'staff' ? 'This staff member' : 'This reader';
  return (
    <section class="admin-panel moderation-history" aria-labelledby="history-heading">
      <h2 id="history-heading">The commenter’s record</h2>
      {history === null ? (
        <p class="muted">This comment carries nothing that ties it to other comments (it was imported or posted before addresses were kept).</p>
      ) : (
        <>
          <table class="admin-table">
            <caption>{whose}: comments by status</caption>
            <tbody>
              {HISTORY_ORDER.map((s) => (
                <tr key={s}>
                  <th scope="row">{COMMENT_STATUS_LABEL[s]}</th>
                  <td class="num">{history.counts[s].toLocaleString('en-US')}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {comment.author.kind === 'reader' ? (
            <p>
              <a href={queueHref('all', { ...NO_FILTERS, readerId: comment.author.readerId })}>All comments by this reader</a>
            </p>
          ) : null}
          {history.recent.length > 0 ? (
            <>
              <h3>Their latest other comments</h3>
              <ol class="moderation-list">
                {history.recent.map((item) => (
                  <li key={item.id}>
                    <ModerationItem item={item} zone={zone} csrf={csrf} back={back} actions={false} />
                  </li>
                ))}
              </ol>
            </>
          ) : (
            <p class="muted">No other comments.</p>
          )}
        </>
      )}
    </section>
  );
}

/** One form with a note and a button per action: the note goes with whichever decision is pressed. */
function DecideWithNote({ item, csrf, back }: { item: QueueItem; csrf: string; back: string }) {
  const actions = actionsFor(item);
  if (actions.length === 0) return <p class="muted">Its author deleted this comment: there is nothing to decide.</p>;
  const [first, ...rest] = actions as [ModerationAction, ...ModerationAction[]];
  return (
    <form method="post" action={`/admin/comments/${item.id}/${first}`} class="admin-form moderation-decide">
      <CsrfField token={csrf} />
      <input type="hidden" name="back" value={back} />
      <label for="decision-note">Note for the record (optional)</label>
      <input id="decision-note" name="note" maxLength={MAX_NOTE} aria-describedby="decision-note-help" />
      <p id="decision-note-help" class="field-help">
        Kept in the moderation log below; the commenter does not see it.
      </p>
      <p class="moderation-item__actions">
        <button type="submit">{ACTION_LABEL[first]} with note</button>{' '}
        {rest.map((a) => (
          <Fragment key={a}>
            <button type="submit" class="button--secondary" formaction={`/admin/comments/${item.id}/${a}`}>
              {ACTION_LABEL[a]} with note
            </button>{' '}
          </Fragment>
        ))}
      </p>
    </form>
  );
}

function ReaderPanel({ context, zone, csrf, back, values }: { context: CommentContext; zone: Zone; csrf: string; back: string; values: BanFormValues | undefined }) {
  const author = context.comment.author;
  if (author.kind !== 'reader') return null;
  const v = values ?? { duration: '7', reason: '', removeComments: true };
  return (
    <section class="admin-panel admin-panel--danger moderation-reader" aria-labelledby="reader-heading">
      <h2 id="reader-heading">The reader: {author.name}</h2>
      {author.banned && author.bannedUntil ? (
        <>
          <p>
            <strong>
              {isPermanentBan(author.bannedUntil) ? (
                'Banned'
              ) : (
                <>
                  Suspended until <time dateTime={author.bannedUntil}>{dateTime(author.bannedUntil, zone)}</time>
                </>
              )}
            </strong>
            {author.banReason ? <> — “{author.banReason}”</> : null}
          </p>
          <form method="post" action={`/admin/readers/${author.readerId}/unban`} class="moderation-unban">
            <CsrfField token={csrf} />
            <input type="hidden" name="back" value={back} />
            <button type="submit" class="button--secondary">
              Lift the {isPermanentBan(author.bannedUntil) ? 'ban' : 'suspension'}
            </button>
          </form>
        </>
      ) : (
        <p>In good standing{author.verified ? ', email verified' : ', email not verified'}.</p>
      )}
      <form method="post" action={`/admin/readers/${author.readerId}/ban`} class="admin-form moderation-ban">
        <CsrfField token={csrf} />
        <input type="hidden" name="back" value={back} />
        <label for="ban-duration">{author.banned ? 'Change to' : 'Stop them commenting'}</label>
        <select id="ban-duration" name="duration">
          {BAN_CHOICES.map((c) => (
            <option key={c.value} value={c.value} selected={c.value === v.duration}>
              {c.label}
            </option>
          ))}
        </select>
        <label for="ban-reason">Reason</label>
        <input id="ban-reason" name="reason" required maxLength={MAX_NOTE} value={v.reason} aria-describedby="ban-reason-help" />
        <p id="ban-reason-help" class="field-help">
          The reader sees it on their account page, and so do other moderators.
        </p>
        <div class="editor-check">
          <input type="hidden" name="removeComments" value="0" />
          <input id="ban-remove" name="removeComments" type="checkbox" value="1" checked={v.removeComments} />
          <label for="ban-remove">Also reject their comments waiting in the queue</label>
        </div>
        <button type="submit" class="button--danger">
          {author.banned ? 'Change' : 'Suspend or ban'}
        </button>
      </form>
      <Log id="reader-log-heading" title="Bans and suspensions" entries={context.readerLog} zone={zone} empty="None so far." />
    </section>
  );
}

/** /admin/comments/:id: one comment in its thread, with the commenter's record and the moderation log. */
export function ModerationContextPage({ chrome, zone, context, back, queueLink, scriptSrc, notice, error, banValues, undo }: ModerationContextPageProps) {
  const { comment } = context;
  return (
    <AdminLayout chrome={chrome} title={`Comment ${comment.id}`}>
      <p class="admin-breadcrumb">
        <a href={queueLink}>Comments</a>
      </p>
      <h1>Comment {comment.id}</h1>
      <DecisionNotice notice={notice} csrf={chrome.csrf} back={back} undo={undo} />
      <FormError message={error} />
      <ShortcutHelp />
      <section aria-labelledby="thread-heading">
        <h2 id="thread-heading" class="visually-hidden">
          In its thread
        </h2>
        {context.ancestors.length > 0 ? (
          <ol class="moderation-thread moderation-list" aria-label="The comments it replies to, the first one first">
            {context.ancestors.map((item) => (
              <li key={item.id}>
                <ModerationItem item={item} zone={zone} csrf={chrome.csrf} back={back} />
              </li>
            ))}
          </ol>
        ) : null}
        <ModerationItem item={comment} zone={zone} csrf={chrome.csrf} back={back} current />
        {context.replies.length > 0 ? (
          <ol class="moderation-replies moderation-list" aria-label="Its direct replies">
            {context.replies.map((item) => (
              <li key={item.id}>
                <ModerationItem item={item} zone={zone} csrf={chrome.csrf} back={back} />
              </li>
            ))}
          </ol>
        ) : (
          <p class="muted">No replies.</p>
        )}
      </section>
      <section class="admin-panel" aria-labelledby="decide-heading">
        <h2 id="decide-heading">Decide with a note</h2>
        <DecideWithNote item={comment} csrf={chrome.csrf} back={back} />
      </section>
      <Log id="log-heading" title="Moderation log" entries={context.log} zone={zone} empty="No moderator has acted on this comment yet." />
      <ReaderPanel context={context} zone={zone} csrf={chrome.csrf} back={back} values={banValues} />
      <History context={context} zone={zone} csrf={chrome.csrf} back={back} />
      <script type="module" src={scriptSrc}></script>
    </AdminLayout>
  );
}
