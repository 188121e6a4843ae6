import type { Zone } from '../../../platform/time.js';
import type { LiveUpdate } from '../articles.dated.js';
import { UPDATES_ANCHOR, UpdateTime, isDated } from './live-updates.js';

/** An update's first paragraph: the inside of its rendered (already safe) HTML's first <p>, or its text when it has none. */
export function firstParagraph(update: LiveUpdate): { __html: string } | null {
  const p = /<p(?:\s[^>]*)?>([\s\S]*?)<\/p>/.exec(update.html);
  return p ? { __html: p[1] ?? '' } : null;
}

function LatestText({ update }: { update: LiveUpdate }) {
  const html = firstParagraph(update);
  return html ? <span class="live-latest__text" dangerouslySetInnerHTML={html} /> : <span class="live-latest__text">{update.text}</span>;
}

/**
 * The "Latest" box near the top of a developing story: the newest update
 * (its time and first paragraph) and a link down to all of them. The
 * live-updates script refreshes it when an update arrives.
 */
export function LiveLatest({ developing, updates, publishedAt, now, zone }: { developing: boolean; updates: readonly LiveUpdate[]; publishedAt: string; now: string; zone: Zone }) {
  const newest = updates[0];
  if (!developing || !newest) return null;
  const dated = isDated(newest, updates[1]?.createdAt ?? publishedAt, now, zone);
  return (
    <aside class="live-latest" aria-labelledby="live-latest-heading" data-live-latest="">
      <h2 id="live-latest-heading" class="live-latest__heading">
        Latest
      </h2>
      <p class="live-latest__update">
        <UpdateTime class="live-latest__time" at={newest.createdAt} dated={dated} zone={zone} /> <LatestText update={newest} />
      </p>
      <p class="live-latest__more">
        <a href={`#${UPDATES_ANCHOR}`}>All updates</a>
      </p>
    </aside>
  );
}
