import { Feed, type Item } from 'feed';
import type { CommentEntry, FeedDocument, StoryEntry } from './feeds.types.js';
import { cdataHtml, cdataText, escapeHtml, storyHtml, textToHtml, xmlSafe } from './feeds.text.js';

/*
 * RSS 2.0, written by the `feed` package. The package lets an item carry
 * extra elements (`extensions`) but offers no way to declare their namespaces
 * on <rss>, so each extension element declares its own (xmlns:slash="…" on
 * <slash:comments>): plain, valid XML that every namespace-aware reader
 * understands, without editing the package's output as text.
 */

const DC = 'http://purl.org/dc/elements/1.1/';
const SLASH = 'http://purl.org/rss/1.0/modules/slash/';
const WFW = 'http://wellformedweb.org/CommentAPI/';

/** <dc:creator> for each name: RSS's own <author> wants an email address, which bylines do not give. */
function creators(names: string[]): NonNullable<Item['extensions']> {
  if (names.length === 0) return [];
  // An array writes one element per name; the package types `objects` as a single element.
  const elements = names.map((n) => ({ _attributes: { 'xmlns:dc': DC }, _text: xmlSafe(n) }));
  return [{ name: 'dc:creator', objects: elements as unknown as Record<string, unknown> }];
}

function storyItem(e: StoryEntry): Item {
  const html = storyHtml(e);
  return {
    title: cdataText(e.title),
    link: e.url,
    id: e.id,
    date: e.updated,
    published: e.published,
    description: cdataHtml(`<p>${escapeHtml(e.summary)}</p>`),
    ...(html ? { content: cdataHtml(html) } : {}),
    ...(e.section ? { category: [{ name: xmlSafe(e.section.name), domain: e.section.url }] } : {}),
    extensions: [
      ...creators(e.authors.map((a) => a.name)),
      { name: 'comments', objects: { _text: e.commentsUrl } },
      { name: 'slash:comments', objects: { _attributes: { 'xmlns:slash': SLASH }, _text: String(e.commentCount) } },
      { name: 'wfw:commentRss', objects: { _attributes: { 'xmlns:wfw': WFW }, _text: e.commentsFeedUrl } },
    ],
  };
}

function commentItem(e: CommentEntry): Item {
  return {
    title: cdataText(`Comment by ${e.authorName}`),
    link: e.url,
    id: e.id,
    date: e.updated,
    published: e.published,
    description: cdataHtml(textToHtml(e.text)),
    extensions: creators([e.authorName]),
  };
}

/** A feed document as RSS 2.0. */
export function renderRss(doc: FeedDocument): string {
  const { channel } = doc;
  const feed = new Feed({
    title: xmlSafe(channel.title),
    description: xmlSafe(channel.description),
    link: channel.homeUrl,
    language: channel.language,
    generator: 'Broadsheet',
    ...(channel.updated ? { updated: channel.updated } : {}),
    ...(channel.urls.rss ? { feedLinks: { rss: channel.urls.rss } } : {}),
  });
  if (doc.kind === 'stories') for (const e of doc.entries) feed.addItem(storyItem(e));
  else for (const e of doc.entries) feed.addItem(commentItem(e));
  return feed.rss2();
}
