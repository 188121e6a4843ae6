import { storyHtml } from './feeds.text.js';
import type { FeedDocument, StoryEntry } from './feeds.types.js';

/*
 * JSON Feed 1.1 (https://jsonfeed.org/version/1.1), built here: the `feed`
 * package writes version 1 only (a single `author`, no `language`).
 */

interface JsonFeedItem {
  id: string;
  url: string;
  title: string;
  content_html?: string;
  content_text?: string;
  summary: string;
  image?: string;
  date_published: string;
  date_modified?: string;
  authors?: { name: string; url: string }[];
  tags?: string[];
  language: string;
}

function storyItem(e: StoryEntry, language: string): JsonFeedItem {
  const html = storyHtml(e);
  return {
    id: e.id,
    url: e.url,
    title: e.title,
    // Excerpt-only feeds still give every item its content, as the format requires.
    ...(html !== undefined ? { content_html: html } : { content_text: e.summary }),
    summary: e.summary,
    ...(e.image ? { image: e.image.url } : {}),
    date_published: e.published.toISOString(),
    ...(e.updated > e.published ? { date_modified: e.updated.toISOString() } : {}),
    ...(e.authors.length > 0 ? { authors: e.authors } : {}),
    ...(e.section ? { tags: [e.section.name] } : {}),
    language,
  };
}

/** A listing's feed document as JSON Feed 1.1. */
export function renderJsonFeed(doc: Extract<FeedDocument, { kind: 'stories' }>): string {
  const { channel } = doc;
  const feed = {
    version: 'https://jsonfeed.org/version/1.1',
    title: channel.title,
    home_page_url: channel.homeUrl,
    ...(channel.urls.json ? { feed_url: channel.urls.json } : {}),
    ...(channel.description ? { description: channel.description } : {}),
    language: channel.language,
    authors: [{ name: channel.site.name, url: channel.site.url }],
    items: doc.entries.map((e) => storyItem(e, channel.language)),
  };
  return JSON.stringify(feed);
}
