import { readWxr } from './wxr.reader.js';
import type { WxrChannel, WxrItem } from './wxr.types.js';
import type { AttachmentInfo } from './wxr.shortcodes.js';
import { uploadsKey } from './wxr.uploads.js';

/*
 * The first pass over an export: the whole file is read and checked before
 * anything is written, so a malformed, truncated or foreign file is refused
 * with the database untouched. It also notes the little the second pass
 * needs to know ahead (an item may use an image or answer a comment that
 * comes later in the file): each attachment's address and descriptions, the
 * categories' tree, and which post each comment belongs to. That is kept in
 * memory, numbers and short strings only: about 40 bytes a comment and a few
 * hundred an attachment, never the posts' text.
 */

/** An attachment as an image record needs it. */
export interface AttachmentRecord extends AttachmentInfo {
  title: string;
  width: number | null;
  height: number | null;
  line: number;
}

export interface Survey {
  channel: WxrChannel;
  /** The source site's identity, under which the links of what is imported are kept. */
  source: string;
  /** Items of each post type ("post", "page", "attachment", "nav_menu_item" …). */
  itemTypes: Map<string, number>;
  items: number;
  comments: number;
  attachments: Map<number, AttachmentRecord>;
  attachedTo: Map<number, number[]>;
  /** Attachment ids by their uploads key (wxr.uploads.ts), to find the image any size in a body shows. */
  attachmentsByPath: Map<string, number>;
  /** Category slug → its parent's slug and its navigation position (parents before their children). */
  categories: Map<string, { parent: string; position: number }>;
  /** Comment id → the post it belongs to. */
  commentPosts: Map<number, number>;
}

/** The identity of the site an export came from: its blog address, else its site address, else its title. */
export function sourceOf(channel: WxrChannel): string {
  const url = channel.baseBlogUrl || channel.baseSiteUrl || channel.link;
  if (url) return url.trim().toLowerCase().replace(/\/+$/, '').slice(0, 500);
  return channel.title ? `title:${channel.title.trim()}`.slice(0, 500) : 'untitled export';
}

const meta = (item: WxrItem, key: string) => item.meta.find((m) => m.key === key)?.value ?? '';

/** Width and height from WordPress's serialised attachment metadata (`s:5:"width";i:1200;…`). */
function dimensions(serialised: string): { width: number | null; height: number | null } {
  const width = /s:5:"width";i:(\d{1,6});/.exec(serialised)?.[1];
  const height = /s:6:"height";i:(\d{1,6});/.exec(serialised)?.[1];
  return width && height ? { width: Number(width), height: Number(height) } : { width: null, height: null };
}

function decoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function attachmentOf(item: WxrItem & { postId: number }): AttachmentRecord {
  const url = (item.attachmentUrl || item.guid).trim();
  const file = decoded(url.split(/[?#]/)[0]!.split('/').pop() ?? '').replace(/\.[a-z0-9]{1,5}$/i, '');
  return {
    id: item.postId,
    url,
    title: item.title,
    alt: meta(item, '_wp_attachment_image_alt').trim() || item.title.trim() || file,
    caption: item.excerpt.trim(),
    parent: item.postParent,
    ...dimensions(meta(item, '_wp_attachment_metadata')),
    line: item.line,
  };
}

/** Navigation positions: parents before their children, siblings in export order. */
function positions(categories: { slug: string; parent: string }[]): Map<string, { parent: string; position: number }> {
  const known = new Set(categories.map((c) => c.slug));
  const children = new Map<string, string[]>();
  for (const c of categories) {
    const parent = known.has(c.parent) && c.parent !== c.slug ? c.parent : '';
    children.set(parent, [...(children.get(parent) ?? []), c.slug]);
  }
  const out = new Map<string, { parent: string; position: number }>();
  const visit = (parent: string) => {
    for (const slug of children.get(parent) ?? []) {
      if (out.has(slug)) continue;
      out.set(slug, { parent, position: (out.size + 1) * 10 });
      visit(slug);
    }
  };
  visit('');
  // Categories caught in a loop of parents are placed last, flat.
  for (const c of categories) if (!out.has(c.slug)) out.set(c.slug, { parent: '', position: (out.size + 1) * 10 });
  return out;
}

/** Read the whole export once, checking it, and note what the import will need ahead (see above). */
export async function surveyWxr(file: string, onBytes?: (bytes: number) => void): Promise<Survey> {
  let channel: WxrChannel | undefined;
  const survey: Omit<Survey, 'channel' | 'source' | 'categories'> = {
    itemTypes: new Map(),
    items: 0,
    comments: 0,
    attachments: new Map(),
    attachedTo: new Map(),
    attachmentsByPath: new Map(),
    commentPosts: new Map(),
  };
  const categories: { slug: string; parent: string }[] = [];
  for await (const entry of readWxr(file, { onBytes })) {
    if (entry.kind === 'channel') channel = entry.channel;
    else if (entry.kind === 'term' && entry.term.taxonomy === 'category' && entry.term.slug) categories.push({ slug: entry.term.slug, parent: entry.term.parent });
    else if (entry.kind === 'item') {
      const { item } = entry;
      survey.items++;
      survey.itemTypes.set(item.postType, (survey.itemTypes.get(item.postType) ?? 0) + 1);
      if (item.postId === null) continue;
      const postId = item.postId;
      for (const c of item.comments) survey.commentPosts.set(c.id, postId);
      survey.comments += item.comments.length;
      if (item.postType === 'attachment' && !item.oversized) {
        const a = attachmentOf({ ...item, postId });
        survey.attachments.set(a.id, a);
        const key = uploadsKey(a.url);
        if (key && !survey.attachmentsByPath.has(key)) survey.attachmentsByPath.set(key, a.id);
        if (a.parent > 0) survey.attachedTo.set(a.parent, [...(survey.attachedTo.get(a.parent) ?? []), a.id]);
      }
    }
  }
  // readWxr always announces the channel before it ends without an error.
  return { ...survey, channel: channel!, source: sourceOf(channel!), categories: positions(categories) };
}
