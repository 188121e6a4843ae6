import type { ComponentChildren } from 'preact';
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

/** The desk as the articles service gives it: each list's first few stories, and how many each holds in all. */
export interface Desk {
  /** The role may open only its own stories, so every list holds only those. */
  ownOnly: boolean;
  /** The role decides on others' stories in review, so the review queue is its to clear. */
  reviews: boolean;
  drafts: DeskItem[];
  returned: DeskItem[];
  inReview: DeskItem[];
  scheduled: DeskItem[];
  published: DeskItem[];
  counts: { drafts: number; returned: number; inReview: number; scheduled: number; publishedThisWeek: number };
}

export interface DashboardProps {
  chrome: AdminChrome;
  zone: Zone;
  /** Absent for roles that do not work on stories (moderators). */
  desk: Desk | null;
  /** The comment queue at a glance; absent for roles that do not moderate. */
  comments?: { pending: number; reported: number; spamToday: number } | null;
}

const fmt = (n: number) => n.toLocaleString('en-US');
const count = (n: number, one: string, many: string) => `${fmt(n)} ${n === 1 ? one : many}`;

/** One figure that needs someone, leading to where it is dealt with. */
function Tally({ n, one, many, href, urgent }: { n: number; one: string; many: string; href: string; urgent?: boolean }) {
  return (
    <li class={`tally${n > 0 && urgent ? ' tally--urgent' : ''}${n === 0 ? ' tally--none' : ''}`}>
      <a href={href}>
        <span class="tally__count">{fmt(n)}</span> <span class="tally__label">{n === 1 ? one : many}</span>
      </a>
    </li>
  );
}

/** What waits on the reader of the dashboard, by role: stories to review, drafts sent back, comments to moderate. */
function NeedsYou({ desk, comments, canWrite }: { desk: Desk | null; comments: DashboardProps['comments']; canWrite: boolean }) {
  const tallies: ComponentChildren[] = [];
  if (desk?.reviews) tallies.push(<Tally key="review" n={desk.counts.inReview} one="story awaits your review" many="stories await your review" href="/admin/articles?status=in_review" urgent />);
  if (desk) tallies.push(<Tally key="returned" n={desk.counts.returned} one="draft returned to you" many="drafts returned to you" href="/admin/articles?status=draft&mine=1" urgent />);
  if (comments) {
    tallies.push(<Tally key="pending" n={comments.pending} one="comment waiting for moderation" many="comments waiting for moderation" href="/admin/comments?queue=pending" urgent />);
    tallies.push(<Tally key="reported" n={comments.reported} one="reported comment" many="reported comments" href="/admin/comments?queue=reported" urgent />);
  }
  const waiting = (desk?.reviews ? desk.counts.inReview : 0) + (desk?.counts.returned ?? 0) + (comments ? comments.pending + comments.reported : 0);
  return (
    <section class="needs-you" aria-labelledby="needs-you">
      <h2 id="needs-you">Needs you</h2>
      {tallies.length > 0 ? <ul class="tallies">{tallies}</ul> : null}
      {waiting === 0 ? (
        <p class="empty-state">
          {canWrite ? (
            <>
              Nothing needs you right now. Start a story with <a href="/admin/articles/new">New article</a>, or look over what is scheduled below.
            </>
          ) : (
            <>Nothing needs you right now. Come back when readers have commented; new comments that are held appear here.</>
          )}
        </p>
      ) : null}
    </section>
  );
}

/** The comment queues at a glance, each line leading to its tab. */
function CommentsPanel({ pending, reported, spamToday }: { pending: number; reported: number; spamToday: number }) {
  return (
    <section class="desk desk--comments" aria-labelledby="desk-comments">
      <h2 id="desk-comments">
        Comments <span class="desk__count">{fmt(pending)} waiting</span>
      </h2>
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
      {pending + reported === 0 ? <p class="desk__empty">The queue is clear. Held and reported comments show up here as they arrive.</p> : null}
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

interface DeskListProps {
  id: string;
  title: string;
  /** The figure beside the title, e.g. "3" or "4 this week". */
  tally: string;
  items: DeskItem[];
  /** How many the list holds in all, for the "See all" link when it shows fewer; null when the list has no end (every story published). */
  total: number | null;
  all: string;
  zone: Zone;
  empty: ComponentChildren;
  when: 'modified' | 'published';
  /** A list that runs long (the published one) takes a column's height beside the others. */
  tall?: boolean;
}

function DeskList({ id, title, tally, items, total, all, zone, empty, when, tall }: DeskListProps) {
  return (
    <section class={tall ? 'desk desk--tall' : 'desk'} aria-labelledby={id}>
      <h2 id={id}>
        {title} <span class="desk__count">{tally}</span>
      </h2>
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
      {total === null && items.length > 0 ? (
        <p class="desk__all">
          <a href={all}>See every published story</a>
        </p>
      ) : total !== null && total > items.length ? (
        <p class="desk__all">
          <a href={all}>See all {fmt(total)}</a>
        </p>
      ) : null}
    </section>
  );
}

function DeskGrid({ desk, zone }: { desk: Desk; zone: Zone }) {
  const own = desk.ownOnly;
  const mineQ = own ? '&mine=1' : '';
  const newLink = <a href="/admin/articles/new">start a new article</a>;
  return (
    <>
      <DeskList
        id="desk-scheduled"
        title={own ? 'My scheduled stories' : 'Scheduled'}
        tally={fmt(desk.counts.scheduled)}
        items={desk.scheduled}
        total={desk.counts.scheduled}
        all={`/admin/articles?status=scheduled${mineQ}`}
        zone={zone}
        empty={own ? 'None of your stories is scheduled. An editor schedules a story from its editor.' : 'Nothing is scheduled. Schedule a story from its editor to publish it at a set time.'}
        when="published"
      />
      <DeskList
        id="desk-published"
        title={own ? 'My recently published' : 'Recently published'}
        tally={`${fmt(desk.counts.publishedThisWeek)} this week`}
        items={desk.published}
        total={null}
        all={`/admin/articles?status=published${mineQ}`}
        zone={zone}
        empty={own ? 'None of your stories is published yet.' : 'Nothing published yet. Publish a story from its editor.'}
        when="published"
        tall
      />
      <DeskList
        id="desk-review"
        title={own ? 'My stories in review' : 'In review'}
        tally={fmt(desk.counts.inReview)}
        items={desk.inReview}
        total={desk.counts.inReview}
        all={`/admin/articles?status=in_review${mineQ}`}
        zone={zone}
        empty={own ? 'None of your stories waits for review. Submit a finished draft from its editor.' : 'Nothing waits for review.'}
        when="modified"
      />
      <DeskList
        id="desk-drafts"
        title="My drafts"
        tally={fmt(desk.counts.drafts)}
        items={desk.drafts}
        total={desk.counts.drafts}
        all="/admin/articles?status=draft&mine=1"
        zone={zone}
        empty={<>No drafts of yours. When an idea comes, {newLink}.</>}
        when="modified"
      />
    </>
  );
}

/** The newsroom's front page: what needs attention, what is coming and what went out, at a glance. */
export function DashboardPage({ chrome, zone, desk, comments }: DashboardProps) {
  return (
    <AdminLayout chrome={chrome} title="Dashboard">
      <div class="admin-titlebar">
        <h1>Dashboard</h1>
        {desk ? (
          <a class="button-link" href="/admin/articles/new">
            New article
          </a>
        ) : null}
      </div>
      <NeedsYou desk={desk} comments={comments} canWrite={desk !== null} />
      {desk || comments ? (
        <div class="desk-grid">
          {desk ? <DeskGrid desk={desk} zone={zone} /> : null}
          {comments ? <CommentsPanel {...comments} /> : null}
        </div>
      ) : null}
      <section class="desk desk--account" aria-labelledby="desk-account">
        <h2 id="desk-account">Your sessions</h2>
        <p>Signed in on a shared or lost device? End every session of your account, everywhere, including this one.</p>
        <form method="post" action="/admin/sign-out-everywhere">
          <CsrfField token={chrome.csrf} />
          <button type="submit" class="button--secondary">
            Sign out everywhere
          </button>
        </form>
      </section>
    </AdminLayout>
  );
}
