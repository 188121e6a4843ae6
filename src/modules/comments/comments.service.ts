import type { Clock } from '../../platform/clock.js';
import type { Db } from '../../platform/db/database.js';
import type { CommentRow, CommentStatus, ModerationMode, NewCommentRow, ReportReason } from '../../platform/db/schema.js';
import { AppError, conflict, invalidInput, notFound } from '../../platform/errors.js';
import type { ContentEvents } from '../../platform/events.js';
import { hashIp } from '../../platform/client-address.js';
import type { Account } from '../accounts/accounts.service.js';
import { areCommentsOpen, type ArticlesService } from '../articles/articles.service.js';
import type { SettingsService, SiteSettings } from '../settings/settings.service.js';
import { checkFormToken, issueFormToken } from './comments.form-token.js';
import { bodyHash, cleanBody, cleanEmail, cleanName, countLinks, decide, findWord } from './comments.policy.js';
import * as repo from './comments.repository.js';
import type { CommentSignals } from './comments.signals.js';
import { createThreadReader, isMine, present } from './comments.thread.js';
import type { PostInput, PostResult, ReportReasonInput, ThreadComment, Viewer } from './comments.types.js';

export { REPLIES_SHOWN } from './comments.thread.js';
export type { ThreadComment } from './comments.types.js';

/** A comment stored as given (seeding, imports, tests): no policy applies. */
export interface NewComment {
  articleId: number;
  parentId?: number | null;
  authorName: string;
  authorEmail?: string;
  body: string;
  status?: CommentStatus;
  createdAt?: string;
  readerId?: number | null;
  accountId?: number | null;
}

/** What the comments service needs to know about a reader. */
export interface CommenterLookup {
  byId(id: number): Promise<{ id: number; displayName: string; verified: boolean; bannedUntil: string | null; banReason: string } | undefined>;
}

/** The spam classifier, as the comments service uses it. */
export interface SpamScorer {
  score(text: string): Promise<{ score: number; reasons: { token: string; weight: number }[] }>;
  /** Forget a decision learnt from a text that has since changed. */
  forget(text: string, label: 'spam' | 'ham', executor?: Db): Promise<void>;
}

export interface CommentsDeps {
  db: Db;
  clock: Clock;
  events: ContentEvents;
  signals: CommentSignals;
  settings: SettingsService;
  articles: Pick<ArticlesService, 'byId' | 'isVisible'>;
  readers: CommenterLookup;
  accounts: { byId(id: number): Promise<Account | undefined> };
  classifier: SpamScorer;
}

/** The default length limit, for callers without the site's settings at hand. */
export const MAX_COMMENT_LENGTH = 3000;
const STATUSES: CommentStatus[] = ['pending', 'approved', 'spam', 'rejected', 'deleted'];
const REPORT_REASONS: ReportReason[] = ['spam', 'abuse', 'off_topic', 'misinformation', 'other'];
const DUPLICATE_WINDOW_MS = 24 * 3_600_000;
const FAR_FUTURE_YEAR = 9000;

export type CommentsService = ReturnType<typeof createCommentsService>;

const forbidden = (code: string, message: string, details?: Record<string, unknown>) => new AppError(code, 403, message, details);
const automated = (message: string) => new AppError('automated', 400, message);

/** "until 3 March 2025" — or nothing for a ban without end. */
function banWords(until: string, site: Pick<SiteSettings, 'locale' | 'timezone'>): string {
  if (new Date(until).getUTCFullYear() >= FAR_FUTURE_YEAR) return '';
  return ` until ${new Date(until).toLocaleDateString(site.locale, { day: 'numeric', month: 'long', year: 'numeric', timeZone: site.timezone })}`;
}

/** Comments: posting, editing, deleting, reporting and reacting, with the site's policy; and reading threads. */
export function createCommentsService(deps: CommentsDeps) {
  const { db, clock, events, signals, settings, articles, readers, accounts, classifier } = deps;
  const threads = createThreadReader({ db, clock, settings, articles });
  const now = () => clock.now();

  /** The article a comment may be posted on: it exists and readers can see it. */
  async function commentableArticle(articleId: number) {
    const article = await articles.byId(articleId);
    if (!article || !(await articles.isVisible(articleId))) throw notFound('article');
    return article;
  }

  /** The refusal for a reader under a ban or suspension now, if they are. */
  function banOf(reader: { bannedUntil: string | null; banReason: string }, site: SiteSettings): AppError | undefined {
    if (!reader.bannedUntil || reader.bannedUntil <= now().toISOString()) return undefined;
    const reason = reader.banReason ? ` Reason: ${reader.banReason}` : '';
    return forbidden('banned', `You can't comment${banWords(reader.bannedUntil, site)}.${reason}`, { bannedUntil: reader.bannedUntil });
  }

  /** Who is posting, and whether they may: staff, a verified reader in good standing, or an allowed guest. */
  async function poster(input: Pick<PostInput, 'viewer' | 'guest'>, site: SiteSettings) {
    if (input.viewer.accountId !== null) {
      const account = await accounts.byId(input.viewer.accountId);
      if (account && !account.disabled) return { kind: 'staff' as const, name: account.name, email: account.email, readerId: null, accountId: account.id };
    }
    if (input.viewer.readerId !== null) {
      const reader = await readers.byId(input.viewer.readerId);
      if (!reader) throw forbidden('sign_in_required', 'Sign in to comment.');
      const ban = banOf(reader, site);
      if (ban) throw ban;
      if (!reader.verified) throw forbidden('unverified', 'Confirm your email address to comment: follow the link we sent you, or ask for a new one on your account page.');
      return { kind: 'reader' as const, name: reader.displayName, email: '', readerId: reader.id, accountId: null };
    }
    if (!site.guestComments) throw forbidden('sign_in_required', 'Sign in or create an account to comment.');
    return { kind: 'guest' as const, name: cleanName(input.guest?.name), email: cleanEmail(input.guest?.email), readerId: null, accountId: null };
  }

  /** Refuse when this poster or this address has posted too much in the window; the answer says when to try again. */
  async function checkRate(conn: Db, keys: { key: repo.PosterKey; max: number }[], site: SiteSettings): Promise<void> {
    const windowMs = site.commentLimitWindowMinutes * 60_000;
    const since = new Date(now().getTime() - windowMs).toISOString();
    let until = 0;
    for (const { key, max } of keys) {
      const times = await repo.postedSince(conn, key, since);
      if (times.length >= max) until = Math.max(until, Date.parse(times[times.length - max]!) + windowMs);
    }
    if (until > now().getTime()) {
      const seconds = Math.max(1, Math.ceil((until - now().getTime()) / 1000));
      const wait = seconds < 90 ? `${seconds} seconds` : `${Math.ceil(seconds / 60)} minutes`;
      throw new AppError('rate_limited', 429, `You are commenting faster than this site allows. Try again in ${wait}.`, { retryAfterSeconds: seconds });
    }
  }

  /** The parent a reply hangs from: visible, of the same article, no deeper than the site allows (none where only top-level comments are). */
  async function parentFor(articleId: number, parentId: number, viewer: Viewer, site: SiteSettings): Promise<number | null> {
    if (!Number.isInteger(parentId) || parentId < 1) throw invalidInput('The comment you are replying to does not exist.');
    const chain = await repo.chain(db, parentId);
    const parent = chain[0];
    if (!parent) throw invalidInput('The comment you are replying to does not exist.');
    if (parent.article_id !== articleId) throw invalidInput('The comment you are replying to belongs to another article.');
    const visible = parent.status === 'approved' && chain.slice(1).every((r) => r.status === 'approved' || r.status === 'deleted');
    if (!visible) {
      const ownHeld = parent.status === 'pending' && parent.reader_id !== null && parent.reader_id === viewer.readerId;
      throw invalidInput(ownHeld ? 'You can reply to your comment once a moderator has approved it.' : 'The comment you are replying to is not published.');
    }
    // chain[k] is at depth (chain.length - 1 - k); a reply goes one level below its parent.
    const parentDepth = chain.length - 1;
    const deepestParent = site.maxCommentDepth - 2;
    if (parentDepth <= deepestParent) return parent.id;
    // One level only: a reply to a top-level comment "hangs under its parent", the article itself.
    if (deepestParent < 0) return null;
    // Too deep: attach under the ancestor at the deepest level that still allows replies.
    return chain[chain.length - 1 - deepestParent]!.id;
  }

  /** Whether this reader has enough approved comments to skip mode-based holds. */
  async function isTrusted(readerId: number | null, site: SiteSettings): Promise<boolean> {
    if (readerId === null || site.trustAfter === 0) return false;
    return (await repo.approvedCountForReader(db, readerId)) >= site.trustAfter;
  }

  /** The moderation mode in force on an article: its own, or the site's. */
  const moderationMode = (articleMode: ModerationMode | null, site: SiteSettings): ModerationMode => articleMode ?? site.moderationMode;

  /** Comments of a story readers cannot see (a draft, unpublished, scheduled) are not there to act on. */
  async function requireVisibleArticle(articleId: number): Promise<void> {
    if (!(await articles.isVisible(articleId))) throw notFound('comment');
  }

  async function loadOwn(id: number, viewer: Viewer): Promise<CommentRow> {
    const row = await repo.findById(db, id);
    if (!row || row.status === 'deleted' || !isMine(row, viewer)) throw notFound('comment');
    return row;
  }

  function announce(before: CommentStatus | null, row: CommentRow, heldReason = ''): void {
    events.changed({ kind: 'comment', id: row.id });
    if (row.status === 'approved' && before !== 'approved') signals.emit('visible', row);
    else if (row.status !== 'approved' && before === 'approved') signals.emit('hidden', row);
    if (row.status === 'pending' && before !== 'pending') signals.emit('held', row, heldReason);
  }

  const viewOf = (viewer: Viewer) => async (row: CommentRow, depth: number): Promise<ThreadComment> => {
    const site = await settings.get();
    return present(row, depth, { viewer, reacted: new Set(), editWindowMs: site.editWindowMinutes * 60_000 });
  };

  return {
    ...threads,

    /** The token the comment form carries to show when it was served. */
    async issueFormToken(): Promise<string> {
      return issueFormToken(await settings.secret(), now());
    },

    /** Whether the viewer may comment on an article now, and if not, why. */
    async commentingState(articleId: number, viewer: Viewer) {
      const [article, site] = await Promise.all([articles.byId(articleId), settings.get()]);
      const open = article !== undefined && areCommentsOpen(article, site, now());
      let reason: 'closed' | 'sign_in' | 'unverified' | 'banned' | null = null;
      let bannedUntil: string | null = null;
      if (!open) reason = 'closed';
      else if (viewer.accountId !== null && (await accounts.byId(viewer.accountId))?.disabled === false) reason = null;
      else if (viewer.readerId !== null) {
        const reader = await readers.byId(viewer.readerId);
        if (!reader) reason = site.guestComments ? null : 'sign_in';
        else if (reader.bannedUntil && reader.bannedUntil > now().toISOString()) {
          reason = 'banned';
          bannedUntil = reader.bannedUntil;
        } else if (!reader.verified) reason = 'unverified';
      } else if (!site.guestComments) reason = 'sign_in';
      return {
        open,
        canPost: reason === null,
        reason,
        bannedUntil,
        guestsAllowed: site.guestComments,
        maxLength: site.maxCommentLength,
        maxDepth: site.maxCommentDepth,
        editWindowMinutes: site.editWindowMinutes,
        /** Comments here may wait for a moderator (the form says so). */
        moderated: moderationMode(article?.comment_moderation ?? null, site) !== 'none',
      };
    },

    /**
     * Post a comment or reply through the site's rules: who may post, the
     * form's anti-automation checks, rate limits, duplicates, the word lists,
     * the classifier and the moderation mode. Nothing is stored when it is
     * refused; spam the classifier is sure of is filed as spam for moderators.
     */
    async post(input: PostInput): Promise<PostResult> {
      const site = await settings.get();
      const secret = await settings.secret();
      if (input.viaForm) {
        if (typeof input.honeypot === 'string' && input.honeypot.trim() !== '') throw automated('This comment looks automated, so it was not posted.');
        const token = checkFormToken(secret, input.formToken, now());
        if (!token.ok) throw automated('This comment form has expired. Reload the page and send your comment again.');
        if (now().getTime() - token.shownAt < site.minSubmitSeconds * 1000) {
          throw automated('That was sent faster than a person can write. Wait a moment and send it again.');
        }
      }
      const article = await commentableArticle(input.articleId);
      if (!areCommentsOpen(article, site, now())) throw forbidden('comments_closed', 'Comments are closed.');
      const who = await poster(input, site);
      const body = cleanBody(input.body, site.maxCommentLength);
      const ipHash = hashIp(secret, input.ip);

      const rateKeys: { key: repo.PosterKey; max: number }[] = [];
      if (who.kind !== 'staff') {
        rateKeys.push({ key: { ipHash }, max: site.commentLimitPerIp });
        if (who.readerId !== null) rateKeys.push({ key: { readerId: who.readerId }, max: site.commentLimitPerReader });
      }
      const hash = bodyHash(body);
      const posterKey: repo.PosterKey = who.readerId !== null ? { readerId: who.readerId } : who.accountId !== null ? { accountId: who.accountId } : { ipHash };
      const duplicateSince = new Date(now().getTime() - DUPLICATE_WINDOW_MS).toISOString();
      /** The limits and the duplicate rule, checked early (cheap refusals) and again with the insert. */
      const checkPoster = async (conn: Db) => {
        await checkRate(conn, rateKeys, site);
        if (await repo.hasDuplicate(conn, posterKey, hash, duplicateSince)) throw conflict('You have already posted this comment.');
      };
      await checkPoster(db);
      const parentId = input.parentId == null ? null : await parentFor(article.id, Number(input.parentId), input.viewer, site);
      const banned = findWord(body, site.bannedWords);
      if (banned) throw invalidInput(`Your comment contains "${banned}", which this site does not allow. Please rephrase it.`, { word: banned });

      const verdict = who.kind === 'staff' ? { score: 0, reasons: [] } : await classifier.score(body);
      const decision = decide({
        mode: moderationMode(article.comment_moderation, site),
        staff: who.kind === 'staff',
        trusted: await isTrusted(who.readerId, site),
        guest: who.kind === 'guest',
        suspectWord: findWord(body, site.suspectWords),
        links: countLinks(body),
        maxLinks: site.maxLinks,
        score: verdict.score,
        holdScore: site.spamHoldScore,
        rejectScore: site.spamRejectScore,
      });
      const at = now().toISOString();
      // Posts sent at once (a double click, a burst from a script) each passed the early check;
      // one at a time per poster and address, only those still within the rules are stored.
      const lockFor = [...rateKeys.map((k) => k.key), posterKey].map((k) => `comment-post:${JSON.stringify(k)}`);
      const row = await db.transaction().execute(async (trx) => {
        await repo.lockKeys(trx, lockFor);
        await checkPoster(trx);
        return repo.insertComment(trx, {
          article_id: article.id,
          parent_id: parentId,
          author_name: who.name,
          author_email: who.email,
          body,
          status: decision.status,
          created_at: at,
          updated_at: at,
          reader_id: who.readerId,
          account_id: who.accountId,
          ip_hash: ipHash,
          body_hash: hash,
          spam_score: who.kind === 'staff' ? null : verdict.score,
          score_reasons: JSON.stringify(verdict.reasons),
          held_reason: decision.reason,
        });
      });
      announce(null, row, decision.reason);
      if (decision.status === 'spam') {
        throw invalidInput('Our spam filter stopped this comment, so it was not published. A moderator can release it if this is a mistake.');
      }
      const depth = (await repo.chain(db, row.id)).length - 1;
      return { comment: await viewOf(input.viewer)(row, depth), status: decision.status, heldReason: decision.reason };
    },

    /** Change one's own comment within the edit window; the edit is marked, and held again if it now looks doubtful. */
    async edit(id: number, viewer: Viewer, text: string): Promise<ThreadComment> {
      const row = await loadOwn(id, viewer);
      await requireVisibleArticle(row.article_id);
      const site = await settings.get();
      if (row.reader_id !== null) {
        const author = await readers.byId(row.reader_id);
        const ban = author && banOf(author, site);
        if (ban) throw ban;
      }
      if (row.status !== 'approved' && row.status !== 'pending') throw conflict('This comment can no longer be edited.');
      // Editable until created + window, exclusive (as `editableUntil` tells the page); a window of 0 means never.
      if (now().getTime() - Date.parse(row.created_at) >= site.editWindowMinutes * 60_000) {
        throw new AppError('edit_window_closed', 403, `Comments can be edited for ${site.editWindowMinutes} minutes after posting; this one can no longer be changed.`);
      }
      const body = cleanBody(text, site.maxCommentLength);
      const banned = findWord(body, site.bannedWords);
      if (banned) throw invalidInput(`Your comment contains "${banned}", which this site does not allow. Please rephrase it.`, { word: banned });
      const staff = row.account_id !== null;
      const verdict = staff ? { score: 0, reasons: [] } : await classifier.score(body);
      const decision = decide({
        mode: 'none',
        staff,
        trusted: true,
        guest: false,
        suspectWord: findWord(body, site.suspectWords),
        links: countLinks(body),
        maxLinks: site.maxLinks,
        score: verdict.score,
        holdScore: site.spamHoldScore,
        // An edit is never filed as spam outright: a moderator looks at it.
        rejectScore: Number.POSITIVE_INFINITY,
      });
      const at = now().toISOString();
      const status: CommentStatus = decision.status === 'approved' ? row.status : 'pending';
      const learnt = row.trained_as === 'spam' || row.trained_as === 'ham' ? row.trained_as : null;
      const updated = await db.transaction().execute(async (trx) => {
        // A moderator's decision was about the old words: the classifier forgets it with them.
        if (learnt) await classifier.forget(row.body, learnt, trx);
        return repo.updateComment(trx, id, {
          body,
          body_hash: bodyHash(body),
          edited_at: at,
          updated_at: at,
          status,
          spam_score: staff ? null : verdict.score,
          score_reasons: JSON.stringify(verdict.reasons),
          held_reason: status === 'pending' && decision.reason ? decision.reason : row.held_reason,
          trained_as: null,
        });
      });
      announce(row.status, updated, decision.reason);
      if (updated.status === 'approved') signals.emit('edited', updated);
      return viewOf(viewer)(updated, (await repo.chain(db, id)).length - 1);
    },

    /** Delete one's own comment. Its text goes; the thread keeps a placeholder while replies hang from it. */
    async remove(id: number, viewer: Viewer): Promise<void> {
      const row = await loadOwn(id, viewer);
      const at = now().toISOString();
      const updated = await repo.updateComment(db, id, { status: 'deleted', body: '', author_email: '', featured: 0, updated_at: at });
      announce(row.status, updated);
    },

    /** Report a comment. Enough open reports hold it for a moderator. One open report per reader (or address). */
    async report(id: number, input: { viewer: Viewer; ip: string; reason: ReportReasonInput; note?: string }): Promise<{ held: boolean }> {
      if (!REPORT_REASONS.includes(input.reason as ReportReason)) throw invalidInput('Choose why you are reporting this comment.');
      const note = (input.note ?? '').trim();
      if (note.length > 500) throw invalidInput('Keep the note to 500 characters.');
      const found = await threads.get(id, input.viewer);
      if (!found || found.state !== 'approved') throw notFound('comment');
      await requireVisibleArticle(found.articleId);
      if (found.mine) throw invalidInput("You can't report your own comment; you can edit or delete it instead.");
      const site = await settings.get();
      const ipHash = hashIp(await settings.secret(), input.ip);
      const by = input.viewer.readerId !== null ? { readerId: input.viewer.readerId } : { ipHash };
      const at = now().toISOString();
      // One report at a time per comment: the "once each" check, the count and the hold agree.
      const { row, count, held } = await db.transaction().execute(async (trx) => {
        await repo.lockKeys(trx, [`comment-report:${id}`]);
        if (await repo.hasOpenReport(trx, id, by)) throw conflict('You have already reported this comment. A moderator will look at it.');
        const count = await repo.insertReport(trx, { comment_id: id, reader_id: input.viewer.readerId, ip_hash: ipHash, reason: input.reason as ReportReason, note, created_at: at });
        const row = (await repo.findById(trx, id))!;
        const held = count >= site.reportsToHold && row.status === 'approved';
        if (!held) return { row, count, held };
        return { row: await repo.updateComment(trx, id, { status: 'pending', held_reason: `Reported by ${count} ${count === 1 ? 'reader' : 'readers'}.`, updated_at: at }), count, held };
      });
      if (held) announce('approved', row, row.held_reason);
      signals.emit('reported', row, count, held);
      return { held };
    },

    /** A reader's reaction ("Recommend"): one per reader per comment, on visible comments by others. */
    async react(id: number, viewer: Viewer, on: boolean): Promise<{ count: number; reacted: boolean }> {
      if (viewer.readerId === null) throw forbidden('sign_in_required', 'Sign in to recommend comments.');
      const reader = await readers.byId(viewer.readerId);
      if (!reader) throw forbidden('sign_in_required', 'Sign in to recommend comments.');
      // Recommendations order the thread ("most reactions"): only readers in good standing may add to them.
      const ban = banOf(reader, await settings.get());
      if (ban) throw ban;
      if (!reader.verified) throw forbidden('unverified', 'Confirm your email address to recommend comments: follow the link we sent you.');
      const found = await threads.get(id, viewer);
      if (!found || found.state !== 'approved') throw notFound('comment');
      await requireVisibleArticle(found.articleId);
      if (found.mine) throw invalidInput("You can't recommend your own comment.");
      // One change at a time per comment, so the stored total counts every reaction.
      const count = await db.transaction().execute(async (trx) => {
        await repo.lockKeys(trx, [`comment-reaction:${id}`]);
        return repo.setReaction(trx, id, viewer.readerId!, on, now().toISOString());
      });
      events.changed({ kind: 'comment', id });
      return { count, reacted: on };
    },

    /** One's own comment (not deleted), wherever it is and whoever else can see it; 404 otherwise. */
    owned(id: number, viewer: Viewer): Promise<CommentRow> {
      return loadOwn(id, viewer);
    },

    /** Look up a stored comment row by id (for other services). */
    byId(id: number): Promise<CommentRow | undefined> {
      return repo.findById(db, id);
    },

    /** Store a comment as given, without the posting rules (seeding, imports, tests). Replies must belong to the same article. */
    async create(input: NewComment): Promise<CommentRow> {
      const body = cleanBody(input.body, Math.max(MAX_COMMENT_LENGTH, (await settings.get()).maxCommentLength));
      const name = input.authorName?.trim();
      if (!name || name.length > 100) throw invalidInput('A comment needs an author name of 1 to 100 characters.');
      const status = input.status ?? 'pending';
      if (!STATUSES.includes(status)) throw invalidInput(`"${status}" is not a comment status.`);
      if (!(await articles.byId(input.articleId))) throw notFound('article');
      if (input.parentId != null) {
        const parent = await repo.findById(db, input.parentId);
        if (!parent) throw invalidInput('The comment you are replying to does not exist.');
        if (parent.article_id !== input.articleId) throw invalidInput('The comment you are replying to belongs to another article.');
      }
      const at = input.createdAt ? new Date(input.createdAt).toISOString() : now().toISOString();
      const row = await repo.insertComment(db, {
        article_id: input.articleId,
        parent_id: input.parentId ?? null,
        author_name: name,
        author_email: input.authorEmail?.trim() ?? '',
        body,
        status,
        created_at: at,
        updated_at: at,
        reader_id: input.readerId ?? null,
        account_id: input.accountId ?? null,
        body_hash: bodyHash(body),
      });
      announce(null, row);
      return row;
    },

    /** Bulk insert for the demo seeder and importers; rows are trusted. */
    async insertMany(rows: NewCommentRow[]): Promise<number[]> {
      const ids = await db.transaction().execute((trx) => repo.insertMany(trx, rows));
      events.changed({ kind: 'comment' });
      return ids;
    },
  };
}
