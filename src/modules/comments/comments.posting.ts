import type { Db } from '../../platform/db/database.js';
import type { ModerationMode } from '../../platform/db/schema.js';
import { AppError, conflict, invalidInput, notFound } from '../../platform/errors.js';
import { hashIp } from '../../platform/client-address.js';
import { areCommentsOpen } from '../articles/articles.service.js';
import type { SiteSettings } from '../settings/settings.service.js';
import { checkFormToken, issueFormToken } from './comments.form-token.js';
import { bodyHash, cleanBody, cleanEmail, cleanName, countLinks, decide, findWord } from './comments.policy.js';
import * as repo from './comments.repository.js';
import { type CommentsDeps, type CommentsShared, forbidden } from './comments.shared.js';
import type { PostInput, PostResult, Viewer } from './comments.types.js';

const DUPLICATE_WINDOW_MS = 24 * 3_600_000;

const automated = (message: string) => new AppError('automated', 400, message);

/** The moderation mode in force on an article: its own, or the site's. */
const moderationMode = (articleMode: ModerationMode | null, site: SiteSettings): ModerationMode => articleMode ?? site.moderationMode;

/** The checks a new comment goes through before it is stored: where, who, how often, under what. */
function createPostingChecks({ db, articles, readers, accounts }: CommentsDeps, { now, banOf }: CommentsShared) {
  /** The article a comment may be posted on: it exists and readers can see it. */
  async function commentableArticle(articleId: number) {
    const article = await articles.byId(articleId);
    if (!article || !(await articles.isVisible(articleId))) throw notFound('article');
    return article;
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

  return { commentableArticle, poster, checkRate, parentFor, isTrusted };
}

/** Posting: the comment form's token, whether the viewer may comment, and posting through the site's rules. */
export function createPostingOps(deps: CommentsDeps, shared: CommentsShared) {
  const { db, settings, articles, readers, accounts, classifier } = deps;
  const { now, announce, viewOf } = shared;
  const { commentableArticle, poster, checkRate, parentFor, isTrusted } = createPostingChecks(deps, shared);

  return {
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

      const verdict = who.kind === 'staff' ? { score: 0, reasons: [], trusted: false } : await classifier.score(body);
      const decision = decide({
        mode: moderationMode(article.comment_moderation, site),
        staff: who.kind === 'staff',
        trusted: await isTrusted(who.readerId, site),
        guest: who.kind === 'guest',
        suspectWord: findWord(body, site.suspectWords),
        links: countLinks(body),
        maxLinks: site.maxLinks,
        score: verdict.score,
        scoreTrusted: verdict.trusted,
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
      deps.signals.emit('decided', row, 'rules');
      if (decision.status === 'spam') {
        throw invalidInput('Our spam filter stopped this comment, so it was not published. A moderator can release it if this is a mistake.');
      }
      const depth = (await repo.chain(db, row.id)).length - 1;
      return { comment: await viewOf(input.viewer)(row, depth), status: decision.status, heldReason: decision.reason };
    },
  };
}
