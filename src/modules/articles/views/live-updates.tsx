import { dateTime, sameDay, timeOfDay, type Zone } from '../../../platform/time.js';
import type { LiveUpdate } from '../articles.dated.js';

/*
 * A story's live updates: the block under the body ("This story is
 * developing.", or "This story is no longer being updated." once the flag is
 * cleared), and the rule for which updates carry their date.
 */

/** Where the block of updates starts, for the Latest box's jump link. */
export const UPDATES_ANCHOR = 'updates';

/**
 * Whether an update shows its date beside its time: the first update of each
 * day in the site's time zone (the oldest update compared with the
 * publication, each other with the update before it), and any update not
 * from today, so a reader always knows which day a time belongs to.
 */
export function isDated(update: LiveUpdate, previousAt: string, now: string, zone: Zone): boolean {
  return !sameDay(update.createdAt, previousAt, zone.timezone) || !sameDay(update.createdAt, now, zone.timezone);
}

/** The dated updates of a story, by id (the list is newest first, as the page shows it). */
export function datedUpdates(updates: readonly LiveUpdate[], publishedAt: string, now: string, zone: Zone): Set<number> {
  const ascending = [...updates].sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt) || a.id - b.id);
  const dated = new Set<number>();
  let previousAt = publishedAt;
  for (const u of ascending) {
    if (isDated(u, previousAt, now, zone)) dated.add(u.id);
    previousAt = u.createdAt;
  }
  return dated;
}

/** An update's time, with its date when it carries one. */
export function UpdateTime({ at, dated, zone, class: cls }: { at: string; dated: boolean; zone: Zone; class: string }) {
  return (
    <time class={cls} dateTime={at}>
      {dated ? dateTime(at, zone) : timeOfDay(at, zone)}
    </time>
  );
}

/** One live update as the page lists it (also sent to open pages as it arrives). */
export function LiveUpdateItem({ update, dated, zone }: { update: LiveUpdate; dated: boolean; zone: Zone }) {
  return (
    <li id={`update-${update.id}`} class={dated ? 'live-update live-update--dated' : 'live-update'}>
      <UpdateTime class="live-update__time" at={update.createdAt} dated={dated} zone={zone} />
      <div class="live-update__body" dangerouslySetInnerHTML={{ __html: update.html }} />
    </li>
  );
}

export interface LiveUpdatesProps {
  developing: boolean;
  publishedAt: string;
  /** Newest first. */
  updates: readonly LiveUpdate[];
  now: string;
  zone: Zone;
}

/** The developing notice (or its ended state) and the updates, newest first. */
export function LiveUpdates({ developing, publishedAt, updates, now, zone }: LiveUpdatesProps) {
  if (!developing && updates.length === 0) return null;
  const dated = datedUpdates(updates, publishedAt, now, zone);
  const last = updates[0];
  return (
    <section id={UPDATES_ANCHOR} class={developing ? 'developing' : 'developing developing--ended'} aria-labelledby="developing-heading">
      {developing ? (
        <p class="developing__notice" id="developing-heading" role="note">
          This story is developing.
        </p>
      ) : (
        <>
          <h2 class="developing__heading" id="developing-heading">
            Updates
          </h2>
          {last ? (
            <p class="developing__ended" role="note">
              This story is no longer being updated. The last update was at <UpdateTime class="developing__last" at={last.createdAt} dated zone={zone} />.
            </p>
          ) : null}
        </>
      )}
      {updates.length > 0 ? (
        <ol class="live-updates" aria-label="Live updates, newest first">
          {updates.map((u) => (
            <LiveUpdateItem key={u.id} update={u} dated={dated.has(u.id)} zone={zone} />
          ))}
        </ol>
      ) : null}
    </section>
  );
}
