import { Feed, type Item } from 'feed';
import type { CommentEntry, FeedDocument, StoryEntry } from './feeds.types.js';
import { cdataHtml, escapeHtml, storyHtml, textToHtml, xmlSafe } from './feeds.text.js';

/*
 * Atom 1.0, written by the `feed` package. Its titles, summaries and content
 * are type="html", so plain text is escaped first. Its attribute values are
 * only &-escaped, so a category carries the section's slug as its term and
 * its name as the label only when the name holds no "<".
 */

function storyEntry(e: StoryEntry): Item {
  const html = storyHtml(e);
  return {
    title: escapeHtml(xmlSafe(e.title)),
    id: e.id,
    link: e.url,
    date: e.updated,
    published: e.published,
    description: cdataHtml(`<p>${escapeHtml(e.summary)}</p>`),
    ...(html ? { content: cdataHtml(html) } : {}),
    author: e.authors.map((a) => ({ name: xmlSafe(a.name), link: a.url })),
    ...(e.section ? { category: [{ term: e.section.slug, ...(e.section.name.includes('<') ? {} : { name: xmlSafe(e.section.name) }) }] } : {}),
  };
}

function commentEntry(e: CommentEntry): Item {
  return {
    title: escapeHtml(xmlSafe(`Comment by ${e.authorName}`)),
    id: e.id,
    link: e.url,
    date: e.updated,
    published: e.published,
    content: cdataHtml(textToHtml(e.text)),
    author: [{ name: xmlSafe(e.authorName) }],
  };
}

/** A feed document as Atom 1.0; the site is the feed's author, for entries without a byline. */
export function renderAtom(doc: FeedDocument, now: Date): string {
  const { channel } = doc;
  const self = channel.urls.atom ?? channel.homeUrl;
  const feed = new Feed({
    id: self,
    title: xmlSafe(channel.title),
    ...(channel.description ? { description: xmlSafe(channel.description) } : {}),
    link: channel.homeUrl,
    // Atom requires <updated>: an empty feed is as new as now.
    updated: channel.updated ?? now,
    generator: 'Broadsheet',
    author: { name: xmlSafe(channel.site.name), link: channel.site.url },
    feedLinks: { atom: self },
  });
  if (doc.kind === 'stories') for (const e of doc.entries) feed.addItem(storyEntry(e));
  else for (const e of doc.entries) feed.addItem(commentEntry(e));
  return feed.atom1();
}
