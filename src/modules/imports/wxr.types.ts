/*
 * A WordPress export (WXR 1.0–1.2) as the reader hands it over: plain records
 * with the export's own field names in camelCase, text as written (XML
 * entities decoded, HTML untouched), absent fields as '' or null.
 */

/** The channel's description of the site the export came from. */
export interface WxrChannel {
  title: string;
  link: string;
  wxrVersion: string;
  baseSiteUrl: string;
  baseBlogUrl: string;
}

export interface WxrAuthor {
  id: number | null;
  login: string;
  email: string;
  displayName: string;
  firstName: string;
  lastName: string;
  /** Not in WordPress's own exports; some plugins add `wp:author_description`. */
  description: string;
  line: number;
}

/** A category (`wp:category`), a tag (`wp:tag`) or another taxonomy's term (`wp:term`). */
export interface WxrTerm {
  taxonomy: string;
  termId: number | null;
  slug: string;
  /** The parent's slug ('' at the top). */
  parent: string;
  name: string;
  description: string;
  line: number;
}

export interface WxrMeta {
  key: string;
  value: string;
}

export interface WxrComment {
  id: number;
  author: string;
  authorEmail: string;
  authorUrl: string;
  date: string;
  dateGmt: string;
  content: string;
  /** '1', '0', 'spam', 'trash', 'post-trashed'. */
  approved: string;
  /** '' or 'comment' for comments; 'pingback', 'trackback'; others from plugins. */
  type: string;
  /** 0 for a top-level comment. */
  parent: number;
  userId: number;
  line: number;
}

/** A post, page, attachment or any other post type. */
export interface WxrItem {
  line: number;
  /** Its text was larger than the reader keeps; only its position is known. */
  oversized: boolean;
  title: string;
  link: string;
  pubDate: string;
  creator: string;
  guid: string;
  content: string;
  excerpt: string;
  postId: number | null;
  postDate: string;
  postDateGmt: string;
  commentStatus: string;
  postName: string;
  status: string;
  postParent: number;
  postType: string;
  postPassword: string;
  isSticky: boolean;
  attachmentUrl: string;
  /** Categories, tags and other terms: `<category domain="post_tag" nicename="slug">Name</category>`. */
  terms: { domain: string; slug: string; name: string }[];
  meta: WxrMeta[];
  comments: WxrComment[];
}

/** One record of the export, in file order. */
export type WxrEntry = { kind: 'channel'; channel: WxrChannel } | { kind: 'author'; author: WxrAuthor } | { kind: 'term'; term: WxrTerm } | { kind: 'item'; item: WxrItem };
