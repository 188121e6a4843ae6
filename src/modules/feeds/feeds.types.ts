import type { FeedFormat } from '../../platform/urls.js';

/*
 * A feed, whatever format it is written in: the channel and its entries,
 * with every address absolute and every time a Date. The writers
 * (feeds.rss.ts, feeds.atom.ts, feeds.json.ts) only translate.
 */

export interface FeedChannel {
  title: string;
  description: string;
  /** The HTML page the feed follows (the home page, a section's page, the article). */
  homeUrl: string;
  /** This feed's own address in each format it is offered in. */
  urls: Partial<Record<FeedFormat, string>>;
  /** BCP-47, from the site's locale. */
  language: string;
  site: { name: string; url: string };
  /** The newest entry's updated time, or null for an empty feed. */
  updated: Date | null;
}

export interface FeedPerson {
  name: string;
  url: string;
}

/** A story in a listing's feed. */
export interface StoryEntry {
  /** A stable id that survives slug changes (a tag: URI). */
  id: string;
  url: string;
  /** Plain text. */
  title: string;
  /** The excerpt, plain text. */
  summary: string;
  /** The full text as HTML with absolute addresses, or null when the site's feeds carry excerpts only. */
  html: string | null;
  image: { url: string; alt: string } | null;
  published: Date;
  /** The story's "Updated" time when later than publication, else the publication time. */
  updated: Date;
  authors: FeedPerson[];
  section: { name: string; slug: string; url: string } | null;
  commentCount: number;
  /** The article's #comments address and its comments feed. */
  commentsUrl: string;
  commentsFeedUrl: string;
}

/** A comment in an article's comments feed. */
export interface CommentEntry {
  id: string;
  /** The comment's permalink (#comment-ID). */
  url: string;
  authorName: string;
  /** Plain text, as written. */
  text: string;
  published: Date;
  updated: Date;
}

export type FeedDocument = { kind: 'stories'; channel: FeedChannel; entries: StoryEntry[] } | { kind: 'comments'; channel: FeedChannel; entries: CommentEntry[] };
