import { dateTime, type Zone } from '../../../platform/time.js';
import { AdminLayout, type AdminChrome, CsrfField } from './admin-layout.js';

export interface DeskItem {
  id: number;
  headline: string;
  status: string;
  publishedAt: string | null;
  modifiedAt: string;
  path: string | null;
}

export interface DashboardProps {
  chrome: AdminChrome;
  zone: Zone;
  /** `ownOnly` when the role may open only its own stories, so every list holds only those. Absent for roles that do not work on stories (moderators). */
  desk: { ownOnly: boolean; drafts: DeskItem[]; inReview: DeskItem[]; scheduled: DeskItem[]; published: DeskItem[] } | null;
  /** The comment queue at a glance; absent for roles that do not moderate. */
  comments?: { pending: number; reported: number; spamToday: number } | null;
}

const count = (n: number, one: string, many: string) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/** What waits for moderators, each line leading to its tab of the queue. */
function CommentsPanel({ pending, reported, spamToday }: { pending: number; reported: number; spamToday: number }) {
  return (
    <section class="desk desk--comments" aria-labelledby="desk-comments">
      <h2 id="desk-comments">Comments</h2>
      <ul class="desk__list">
        <li>
          <a href="/admin/comments?queue=pending">{count(pending, 'comment waiting', 'comments waiting')}</a>
        </li>
        <li>
          <a href="/admin/comments?queue=reported">{count(reported, 'reported', 'reported')}</a>
        </li>
        <li>
          <a href="/admin/comments?queue=spam">{count(spamToday, 'spam comment caught today', 'spam comments caught today')}</a>
        </li>
      </ul>
    </section>
  );
}

const STATUS_LABEL: Record<string, string> = {
  draft: 'Draft',
  in_review: 'In review',
  scheduled: 'Scheduled',
  published: 'Published',
  unpublished: 'Unpublished',
};

function DeskList({ id, title, items, zone, empty, when }: { id: string; title: string; items: DeskItem[]; zone: Zone; empty: string; when: 'modified' | 'published' }) {
  return (
    <section class="desk" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {items.length === 0 ? (
        <p class="desk__empty">{empty}</p>
      ) : (
        <ul class="desk__list">
          {items.map((a) => {
            const at = when === 'published' && a.publishedAt ? a.publishedAt : a.modifiedAt;
            return (
              <li key={a.id}>
                <a href={`/admin/articles/${a.id}`}>{a.headline}</a>
                <span class="desk__meta">
                  {STATUS_LABEL[a.status] ?? a.status} · <time dateTime={at}>{dateTime(at, zone)}</time>
                  {a.path ? (
                    <>
                      {' · '}
                      <a href={a.path}>View on site</a>
                    </>
                  ) : null}
                </span>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

/** The newsroom's front page: what needs attention, at a glance. */
export function DashboardPage({ chrome, zone, desk, comments }: DashboardProps) {
  return (
    <AdminLayout chrome={chrome} title="Dashboard">
      <h1>Dashboard</h1>
      {comments ? <CommentsPanel {...comments} /> : null}
      {desk ? (
        <div class="desk-grid">
          <DeskList id="desk-drafts" title="My drafts" items={desk.drafts} zone={zone} empty="No drafts of yours." when="modified" />
          {desk.ownOnly ? (
            <>
              <DeskList id="desk-review" title="My stories in review" items={desk.inReview} zone={zone} empty="None of your stories waits for review." when="modified" />
              <DeskList id="desk-scheduled" title="My scheduled stories" items={desk.scheduled} zone={zone} empty="None of your stories is scheduled." when="published" />
              <DeskList id="desk-published" title="My recently published" items={desk.published} zone={zone} empty="None of your stories is published yet." when="published" />
            </>
          ) : (
            <>
              <DeskList id="desk-review" title="In review" items={desk.inReview} zone={zone} empty="Nothing waits for review." when="modified" />
              <DeskList id="desk-scheduled" title="Scheduled" items={desk.scheduled} zone={zone} empty="Nothing is scheduled." when="published" />
              <DeskList id="desk-published" title="Recently published" items={desk.published} zone={zone} empty="Nothing published yet." when="published" />
            </>
          )}
        </div>
      ) : null}
      <section class="desk desk--account" aria-labelledby="desk-account">
        <h2 id="desk-account">Your sessions</h2>
        <p>Signed in on a shared or lost device? End every session of your account, everywhere, including this one.</p>
        <form method="post" action="/admin/sign-out-everywhere">
          <CsrfField token={chrome.csrf} />
          <button type="submit">Sign out everywhere</button>
        </form>
      </section>
    </AdminLayout>
  );
}
