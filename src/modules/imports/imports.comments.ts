import type { NewComment } from '../comments/comments.rows.js';
import { atomically, hashOf, isItemError, linked, type RunContext } from './imports.context.js';
import { MAPPING_VERSION } from './imports.taxonomy.js';
import { commentDate, commentStatus, withoutBidi } from './wxr.mapping.js';
import { htmlToCommentText, htmlToLine } from './wxr.text.js';
import type { WxrComment, WxrItem } from './wxr.types.js';

/*
 * A post's comments, with their authors, emails, times and statuses, and
 * their threads (wp:comment_parent). Replies nest as deep as the site's
 * "deepest reply level" allows; deeper ones hang under the deepest allowed
 * ancestor, as replies posted here do. A reply whose parent is not among
 * the post's imported comments (missing from the export, on another post,
 * or not imported) becomes a top-level comment, with a note saying which.
 * Pingbacks and trackbacks are skipped unless asked for. The commenter's
 * web address is kept in the import's record (Broadsheet shows none).
 */

interface Placed {
  id: number;
  /** Ids from the top-level comment down to this one. */
  chain: number[];
}

/** Parents before their replies (the export lists by id, and a reply may come first). */
function parentsFirst(comments: WxrComment[]): WxrComment[] {
  const byId = new Map(comments.map((c) => [c.id, c]));
  const out: WxrComment[] = [];
  const done = new Set<number>();
  const visit = (c: WxrComment, seen: Set<number>) => {
    if (done.has(c.id) || seen.has(c.id)) return;
    seen.add(c.id);
    const parent = byId.get(c.parent);
    if (parent && parent.id !== c.id) visit(parent, seen);
    done.add(c.id);
    out.push(c);
  };
  for (const c of comments) visit(c, new Set());
  return out;
}

/** Where a reply hangs: its parent within the site's depth, else the deepest allowed ancestor. */
function placement(parent: Placed | undefined, maxDepth: number): { parentId: number | null; chain: number[]; flattened: boolean } {
  if (!parent) return { parentId: null, chain: [], flattened: false };
  const deepestParent = maxDepth - 2;
  const parentDepth = parent.chain.length - 1;
  if (parentDepth <= deepestParent) return { parentId: parent.id, chain: parent.chain, flattened: false };
  if (deepestParent < 0) return { parentId: null, chain: [], flattened: true };
  return { parentId: parent.chain[deepestParent]!, chain: parent.chain.slice(0, deepestParent + 1), flattened: true };
}

function orphanNote(ctx: RunContext, c: WxrComment, postId: number): string {
  const owner = ctx.survey.commentPosts.get(c.parent);
  if (owner === undefined) return `its parent comment ${c.parent} is not in the export: shown as a top-level comment`;
  if (owner !== postId) return `its parent comment ${c.parent} belongs to another post (${owner}): shown as a top-level comment`;
  return `its parent comment ${c.parent} was not imported: shown as a top-level comment`;
}

/** Bring one comment over; its id here, or null when it is skipped. */
async function importComment(ctx: RunContext, c: WxrComment, item: WxrItem & { postId: number }, articleId: number, placed: Map<number, Placed>): Promise<number | null> {
  const subject = `comment ${c.id}`;
  const decision = commentStatus(c, ctx.options.pingbacks);
  if ('skip' in decision) {
    ctx.report.skip('comment', decision.skip);
    return null;
  }
  const { text, dropped } = htmlToCommentText(c.content);
  if (!text) {
    ctx.report.skip('comment', 'empty comment', { subject, line: c.line });
    return null;
  }
  const notes: string[] = decision.note ? [decision.note] : [];
  if (dropped > 0) notes.push(`${dropped} script, frame or embedded object(s) dropped from its text`);
  const parent = c.parent > 0 ? placed.get(c.parent) : undefined;
  if (c.parent > 0 && !parent) notes.push(orphanNote(ctx, c, item.postId));
  const where = placement(parent, ctx.options.maxCommentDepth);
  if (where.flattened) notes.push(`nested deeper than this site's ${ctx.options.maxCommentDepth} levels: attached to the deepest allowed comment`);
  const createdAt = commentDate(c, ctx.options.timezone);
  if (!createdAt) notes.push('no date in the export: dated at the time of the import');
  const name = withoutBidi(htmlToLine(c.author)).slice(0, 100).trim();
  const input: NewComment = {
    articleId,
    parentId: where.parentId,
    authorName: name || 'Anonymous',
    authorEmail: c.authorEmail.length <= 320 ? c.authorEmail : '',
    body: text,
    status: decision.status,
    ...(createdAt ? { createdAt } : {}),
  };
  if (!name) notes.push('no author name in the export: shown as “Anonymous”');
  const { trx, deps } = ctx;
  const { line: _line, ...source } = c;
  const result = await linked(ctx, {
    kind: 'comment',
    id: String(c.id),
    targetKind: 'comment',
    hash: hashOf([MAPPING_VERSION, source, articleId, where.parentId, ctx.options.timezone]),
    details: { url: c.authorUrl, type: c.type || 'comment' },
    exists: async (q, id) => (await deps.comments.byId(q, id)) !== undefined,
    create: async () => ({ id: await deps.comments.create(trx, input) }),
    update: async (id) => {
      // A moderator's decision made here outranks the export's.
      if ((await deps.comments.byId(trx, id))?.moderated_by != null) return { outcome: 'kept' };
      await deps.comments.update(trx, id, input);
      return { outcome: 'updated' };
    },
  });
  ctx.report.count('comment', result.outcome);
  if (result.outcome === 'created' || result.outcome === 'updated') for (const n of notes) ctx.report.note(subject, c.line, n);
  if (result.id === null) {
    ctx.report.note(subject, c.line, 'deleted here since the last import: not created again');
    return null;
  }
  placed.set(c.id, { id: result.id, chain: [...where.chain, result.id] });
  return result.id;
}

/** Bring over a post's comments, each stored whole or not at all; a refused one is noted and the rest go on. */
export async function importComments(ctx: RunContext, item: WxrItem & { postId: number }, articleId: number, subject: string): Promise<void> {
  const placed = new Map<number, Placed>();
  for (const c of parentsFirst(item.comments)) {
    try {
      await atomically(ctx, () => importComment(ctx, c, item, articleId, placed));
    } catch (err) {
      if (!isItemError(err)) throw err;
      ctx.report.skip('comment', 'refused by the comment rules', { subject: `comment ${c.id} on ${subject}`, line: c.line });
      ctx.report.note(`comment ${c.id}`, c.line, err.message);
    }
  }
}
