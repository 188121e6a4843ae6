import type { WxrAuthor, WxrChannel, WxrComment, WxrEntry, WxrItem, WxrMeta, WxrTerm } from './wxr.types.js';
import { type StreamOptions, streamRecords, WxrError, type XmlNode } from './wxr.xml.js';

/*
 * The WordPress export reader: the channel's records as typed entries, one at
 * a time (see wxr.xml.ts for the XML and its refusals). Elements count by
 * namespace, not by prefix, so `wp:` bound to another address is not
 * WordPress's, and both the http and https forms of the WXR namespaces
 * (`https://wordpress.org/export/1.2/`) are read.
 *
 * The export must say which WXR version it is before its first author, term
 * or item, as WordPress always writes it; a file without a version, or with
 * one that is not 1.x, is not read further.
 */

const WP = /^https?:\/\/wordpress\.org\/export\/1\.\d+\/$/;
const EXCERPT = /^https?:\/\/wordpress\.org\/export\/1\.\d+\/excerpt\/$/;
const CONTENT = 'http://purl.org/rss/1.0/modules/content/';
const DC = 'http://purl.org/dc/elements/1.1/';

const isWp = (n: XmlNode) => WP.test(n.uri);
const child = (n: XmlNode, test: (c: XmlNode) => boolean): XmlNode | undefined => n.children.find(test);
/** A WXR field's text, trimmed. */
const wp = (n: XmlNode, local: string): string => child(n, (c) => c.local === local && isWp(c))?.text.trim() ?? '';
const plain = (n: XmlNode, local: string): string => child(n, (c) => c.local === local && c.uri === '')?.text.trim() ?? '';

function int(text: string): number | null {
  return /^\d{1,15}$/.test(text) ? Number(text) : null;
}

function metaOf(n: XmlNode, local: string): WxrMeta[] {
  return n.children.filter((c) => c.local === local && isWp(c)).map((m) => ({ key: wp(m, 'meta_key'), value: child(m, (c) => c.local === 'meta_value' && isWp(c))?.text ?? '' }));
}

function authorOf(n: XmlNode): WxrAuthor {
  return {
    id: int(wp(n, 'author_id')),
    login: wp(n, 'author_login'),
    email: wp(n, 'author_email'),
    displayName: wp(n, 'author_display_name'),
    firstName: wp(n, 'author_first_name'),
    lastName: wp(n, 'author_last_name'),
    description: wp(n, 'author_description'),
    line: n.line,
  };
}

function termOf(n: XmlNode): WxrTerm {
  const termId = int(wp(n, 'term_id'));
  if (n.local === 'category') {
    return { taxonomy: 'category', termId, slug: wp(n, 'category_nicename'), parent: wp(n, 'category_parent'), name: wp(n, 'cat_name'), description: wp(n, 'category_description'), line: n.line };
  }
  if (n.local === 'tag') return { taxonomy: 'post_tag', termId, slug: wp(n, 'tag_slug'), parent: '', name: wp(n, 'tag_name'), description: wp(n, 'tag_description'), line: n.line };
  return { taxonomy: wp(n, 'term_taxonomy'), termId, slug: wp(n, 'term_slug'), parent: wp(n, 'term_parent'), name: wp(n, 'term_name'), description: wp(n, 'term_description'), line: n.line };
}

function commentOf(n: XmlNode): WxrComment | null {
  const id = int(wp(n, 'comment_id'));
  if (id === null) return null;
  return {
    id,
    author: wp(n, 'comment_author'),
    authorEmail: wp(n, 'comment_author_email'),
    authorUrl: wp(n, 'comment_author_url'),
    date: wp(n, 'comment_date'),
    dateGmt: wp(n, 'comment_date_gmt'),
    content: child(n, (c) => c.local === 'comment_content' && isWp(c))?.text ?? '',
    approved: wp(n, 'comment_approved'),
    type: wp(n, 'comment_type'),
    parent: int(wp(n, 'comment_parent')) ?? 0,
    userId: int(wp(n, 'comment_user_id')) ?? 0,
    line: n.line,
  };
}

/** The post number in an address WordPress gives every post (`/?p=123`, `/?page_id=7`), or null. */
function idFromAddress(address: string): number | null {
  const m = /[?&](?:p|page_id|attachment_id)=(\d{1,15})(?:&|#|$)/.exec(address);
  return m ? Number(m[1]) : null;
}

/** A post's categories and tags; a plain RSS <category> (no domain, no nicename) counts as a category named by its text. */
function termsOf(n: XmlNode): WxrItem['terms'] {
  return n.children
    .filter((c) => c.local === 'category' && c.uri === '' && c.text.trim())
    .map((c) => ({ domain: c.attrs.domain ?? 'category', slug: (c.attrs.nicename ?? c.text.trim().toLowerCase().replace(/\s+/g, '-')).trim(), name: c.text.trim() }));
}

function itemOf(n: XmlNode, oversized: boolean): WxrItem {
  const ns = (uri: string | RegExp, local: string) => child(n, (c) => c.local === local && (typeof uri === 'string' ? c.uri === uri : uri.test(c.uri)))?.text ?? '';
  return {
    line: n.line,
    oversized,
    title: plain(n, 'title'),
    link: plain(n, 'link'),
    pubDate: plain(n, 'pubDate'),
    creator: ns(DC, 'creator').trim(),
    guid: plain(n, 'guid'),
    content: ns(CONTENT, 'encoded'),
    excerpt: ns(EXCERPT, 'encoded'),
    // Hand-made exports may leave the number out; WordPress's own guid and link carry it.
    postId: int(wp(n, 'post_id')) ?? idFromAddress(plain(n, 'guid')) ?? idFromAddress(plain(n, 'link')),
    postDate: wp(n, 'post_date'),
    postDateGmt: wp(n, 'post_date_gmt'),
    commentStatus: wp(n, 'comment_status'),
    postName: wp(n, 'post_name'),
    status: wp(n, 'status'),
    postParent: int(wp(n, 'post_parent')) ?? 0,
    postType: wp(n, 'post_type'),
    postPassword: wp(n, 'post_password'),
    isSticky: wp(n, 'is_sticky') === '1',
    attachmentUrl: wp(n, 'attachment_url'),
    terms: termsOf(n),
    meta: metaOf(n, 'postmeta'),
    comments: n.children
      .filter((c) => c.local === 'comment' && isWp(c))
      .map(commentOf)
      .filter((c): c is WxrComment => c !== null),
  };
}

/** Check a `wp:wxr_version`: 1.0, 1.1 and 1.2 are read, and any later 1.x (they only ever added fields). */
function checkVersion(version: string, line: number): void {
  if (!/^\d+\.\d+$/.test(version)) throw new WxrError(line, `the WXR version "${version.slice(0, 40)}" is not a version number: this does not appear to be a WordPress export`);
  if (!version.startsWith('1.')) throw new WxrError(line, `WXR version ${version} is not one this importer reads (1.0 to 1.2)`);
}

const CHANNEL_FIELDS: Record<string, keyof WxrChannel> = { title: 'title', link: 'link' };
const WP_CHANNEL_FIELDS: Record<string, keyof WxrChannel> = { wxr_version: 'wxrVersion', base_site_url: 'baseSiteUrl', base_blog_url: 'baseBlogUrl' };

/**
 * Read a WordPress export: first one `channel` entry (once its fields up to
 * the first author, term or item are known), then authors, terms and items
 * in file order. Throws a WxrError when the file is refused.
 */
export async function* readWxr(file: string, options: StreamOptions = {}): AsyncGenerator<WxrEntry> {
  const channel: WxrChannel = { title: '', link: '', wxrVersion: '', baseSiteUrl: '', baseBlogUrl: '' };
  let announced = false;
  let lastLine = 1;
  for await (const { node, oversized } of streamRecords(file, options)) {
    lastLine = node.line;
    const plainField = node.uri === '' ? CHANNEL_FIELDS[node.local] : undefined;
    const wpField = isWp(node) ? WP_CHANNEL_FIELDS[node.local] : undefined;
    if (!announced && (plainField || wpField)) {
      const field = (plainField ?? wpField)!;
      channel[field] = node.text.trim();
      if (field === 'wxrVersion') checkVersion(channel.wxrVersion, node.line);
      continue;
    }
    const isItem = node.local === 'item' && node.uri === '';
    const isRecord = isItem || (isWp(node) && ['author', 'category', 'tag', 'term'].includes(node.local));
    if (!isRecord) continue;
    if (!announced) {
      if (!channel.wxrVersion) throw new WxrError(node.line, 'no <wp:wxr_version> before the first record: this does not appear to be a WordPress export (WXR)');
      announced = true;
      yield { kind: 'channel', channel: { ...channel } };
    }
    if (isItem) yield { kind: 'item', item: itemOf(node, oversized) };
    else if (node.local === 'author') yield { kind: 'author', author: authorOf(node) };
    else yield { kind: 'term', term: termOf(node) };
  }
  if (!announced) {
    if (!channel.wxrVersion) throw new WxrError(lastLine, 'no <wp:wxr_version> in the channel: this does not appear to be a WordPress export (WXR)');
    yield { kind: 'channel', channel: { ...channel } };
  }
}
