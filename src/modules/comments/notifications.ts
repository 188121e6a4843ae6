import type { Clock } from '../../platform/clock.js';
import type { CommentRow } from '../../platform/db/schema.js';
import { MailError, type Mailer, type MailMessage } from '../../platform/mailer.js';
import type { ArticlesService } from '../articles/articles.service.js';
import type { AuditService } from '../audit/audit.service.js';
import type { ReadersService } from '../readers/readers.service.js';
import type { SettingsService } from '../settings/settings.service.js';
import type { CommentsService } from './comments.service.js';
import type { CommentSignals } from './comments.signals.js';
import type { ModerationService } from './moderation.service.js';

/** The audit action that records a reply's email: its presence means the email went out. */
export const REPLY_NOTIFIED = 'comment.reply-notified';

/** Moderators get at most one alert per this long; what happens meanwhile goes into the next one. */
export const MODERATOR_ALERT_WINDOW_MS = 10 * 60_000;
/** How much of a reply its email quotes. */
export const REPLY_EXCERPT_CHARS = 500;

/** Where the notifier reports what it did; pino's (and so Fastify's) logger fits. */
export interface NotifierLog {
  info(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface NotifierDeps {
  clock: Clock;
  signals: CommentSignals;
  mailer: Mailer;
  settings: Pick<SettingsService, 'get'>;
  readers: Pick<ReadersService, 'byId' | 'isBanned' | 'unsubscribeToken'>;
  comments: Pick<CommentsService, 'byId' | 'get'>;
  articles: Pick<ArticlesService, 'byId' | 'isVisible'>;
  /** Records each reply email, and says whether one went out already. */
  audit: Pick<AuditService, 'record' | 'has'>;
  /** Which held or reported comments still wait, by the queues' rules. */
  moderation: Pick<ModerationService, 'stillWaiting'>;
  /** The site's public address: links in emails start with it. */
  siteUrl: string;
  log?: NotifierLog;
  /** Shorter in tests; MODERATOR_ALERT_WINDOW_MS otherwise. */
  alertWindowMs?: number;
}

export interface CommentNotifier {
  /** Resolves once every email started so far has been handed over or has failed. */
  settled(): Promise<void>;
  /** Stop listening and drop a pending moderator alert (the queue itself still shows everything). */
  close(): void;
}

type Queue = 'pending' | 'reported';

/** Where failures go when no logger is given (command-line tools): standard error, one line each. */
const stderrLog: NotifierLog = {
  info: () => undefined,
  error: (obj, msg) => process.stderr.write(`${msg} ${JSON.stringify(obj)}\n`),
};

/**
 * Bidirectional controls and other control characters (except newlines and
 * tabs; C1 controls included) never belong in an email's text.
 */
const UNPRINTABLE = /[\u0000-\u0008\u000B-\u001F\u007F-\u0084\u0086-\u009F\u202A-\u202E\u2066-\u2069]/g;
/** What mail programs may show as a new line besides "\n": a quoted reply must not start an unquoted one with them. */
const OTHER_LINE_BREAKS = /\r\n?|[\u0085\u2028\u2029]/g;

/** A header-safe single line: subjects are built from names and headlines. */
const oneLine = (s: string): string => s.replace(UNPRINTABLE, ' ').replace(OTHER_LINE_BREAKS, ' ').replace(/\s+/g, ' ').trim();

/** A reply's text as quoted in the email: its first characters, line by line behind "> ". */
export function quoteReply(body: string, limit = REPLY_EXCERPT_CHARS): string {
  const clean = body
    .replace(OTHER_LINE_BREAKS, '\n')
    .replace(UNPRINTABLE, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  const chars = [...clean];
  const excerpt = chars.length > limit ? `${chars.slice(0, limit).join('').trimEnd()}…` : clean;
  return excerpt
    .split('\n')
    .map((line) => (line ? `> ${line}` : '>'))
    .join('\n');
}

/** "10 minutes", "30 seconds": the alert window in words. */
function duration(ms: number): string {
  if (ms >= 60_000) {
    const m = Math.round(ms / 60_000);
    return `${m} minute${m === 1 ? '' : 's'}`;
  }
  const s = Math.max(1, Math.round(ms / 1000));
  return `${s} second${s === 1 ? '' : 's'}`;
}

export interface ReplyEmail {
  to: string;
  readerName: string;
  replierName: string;
  headline: string;
  replyBody: string;
  permalink: string;
  unsubscribeUrl: string;
}

/** The email telling a reader someone replied to them, with one-click unsubscribe headers (RFC 8058). */
export function replyMessage(e: ReplyEmail): MailMessage {
  const replier = oneLine(e.replierName);
  const headline = oneLine(e.headline);
  const text = [
    `Hello ${oneLine(e.readerName)},`,
    '',
    `${replier} replied to your comment on “${headline}”:`,
    '',
    quoteReply(e.replyBody),
    '',
    'Read the reply and join in:',
    e.permalink,
    '',
    '--',
    `Don't want these emails? Unsubscribe: ${e.unsubscribeUrl}`,
    '',
  ].join('\n');
  return {
    to: e.to,
    subject: `${replier} replied to your comment on “${headline}”`,
    text,
    headers: {
      'List-Unsubscribe': `<${e.unsubscribeUrl}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    },
  };
}

/** The moderators' alert: how many comments wait, and where. */
export function alertMessage(to: string, siteName: string, base: string, counts: { comments: number; held: number; reported: number }, windowMs: number): MailMessage {
  const { comments: n, held, reported } = counts;
  const waiting = `${n} comment${n === 1 ? ' is' : 's are'} waiting for moderation`;
  const lines = [`${waiting} on ${oneLine(siteName)}.`, ''];
  if (held > 0) lines.push(`Held for review (${held}):`, `${base}/admin/comments?queue=pending`, '');
  if (reported > 0) lines.push(`Reported by readers (${reported}):`, `${base}/admin/comments?queue=reported`, '');
  lines.push('--', `You get these emails because this address is the moderators' address in the site settings. They come at most once every ${duration(windowMs)}.`, '');
  return { to, subject: waiting, text: lines.join('\n') };
}

/** A failure as it may be logged: the mail client's reason and codes, never the message or its links. */
function failure(err: unknown): Record<string, unknown> {
  if (err instanceof MailError) {
    return { message: err.message, ...(err.code !== undefined ? { code: err.code } : {}), ...(err.responseCode !== undefined ? { responseCode: err.responseCode } : {}) };
  }
  const message = err instanceof Error ? err.message.split('\n')[0]!.slice(0, 300) : 'unknown error';
  return { message };
}

/**
 * Emails about comments: a reader hears about replies to their comments,
 * moderators hear about held and reported comments. It listens to the
 * comment signals, so the action that caused an email has already been
 * stored and answered; a failed email is logged and changes nothing else.
 */
export function createCommentNotifier({
  clock,
  signals,
  mailer,
  settings,
  readers,
  comments,
  articles,
  audit,
  moderation,
  siteUrl,
  log = stderrLog,
  alertWindowMs = MODERATOR_ALERT_WINDOW_MS,
}: NotifierDeps): CommentNotifier {
  const base = siteUrl.replace(/\/+$/, '');
  const pending = new Set<Promise<void>>();
  /** Replies being handled now, so two signals for one reply cannot both send. */
  const replying = new Set<number>();
  let closed = false;

  function track(work: () => Promise<void>): void {
    const task = work().catch((err: unknown) => log.error({ error: failure(err) }, 'comment notification failed'));
    pending.add(task);
    void task.finally(() => pending.delete(task));
  }

  async function notifyReply(signalled: CommentRow): Promise<void> {
    const reply = await comments.byId(signalled.id);
    // Hidden again before we got to it: its next approval will bring it back here.
    if (!reply || reply.parent_id === null || reply.status !== 'approved') return;
    if (await audit.has({ action: REPLY_NOTIFIED, subjectType: 'comment', subjectId: reply.id })) return;
    const parent = await comments.byId(reply.parent_id);
    // Guests and staff have no address to write to; a removed comment's author has left the conversation.
    if (!parent || parent.reader_id === null || parent.status !== 'approved') return;
    if (reply.reader_id === parent.reader_id) return;
    // Approved is not enough: a comment above it taken down hides it from readers, and so from this email.
    if (!(await comments.get(reply.id))) return;
    const reader = await readers.byId(parent.reader_id);
    if (!reader || !reader.verified || !reader.notifyReplies || readers.isBanned(reader, clock.now())) return;
    const article = await articles.byId(reply.article_id);
    if (!article || !(await articles.isVisible(article.id))) return;

    const token = await readers.unsubscribeToken(reader.id);
    const message = replyMessage({
      to: reader.email,
      readerName: reader.displayName,
      replierName: reply.author_name,
      headline: article.headline,
      replyBody: reply.body,
      // /comments/<id> opens the page of the thread that holds the reply, wherever it has moved to.
      permalink: `${base}/comments/${reply.id}`,
      unsubscribeUrl: `${base}/unsubscribe/${encodeURIComponent(token)}`,
    });
    const who = { commentId: reply.id, parentId: parent.id, readerId: reader.id };
    try {
      await mailer.send(message);
    } catch (err) {
      // Not recorded, so approving the reply again later tries once more.
      log.error({ ...who, mail: failure(err) }, 'reply notification could not be sent');
      return;
    }
    await audit.record({ accountId: null, action: REPLY_NOTIFIED, subjectType: 'comment', subjectId: reply.id, details: { parentId: parent.id, readerId: reader.id } });
    log.info(who, 'reply notification sent');
  }

  // Moderator alerts: the first event after a quiet window is sent at once;
  // later ones gather until the window since the last alert has passed.
  const gathered: Record<Queue, Set<number>> = { pending: new Set(), reported: new Set() };
  let lastAlertAt: number | null = null;
  let timer: NodeJS.Timeout | null = null;

  function gather(queue: Queue, commentId: number): void {
    gathered[queue].add(commentId);
    if (timer) return;
    const wait = lastAlertAt === null ? 0 : lastAlertAt + alertWindowMs - clock.now().getTime();
    if (wait <= 0) {
      track(sendAlert);
      return;
    }
    timer = setTimeout(() => {
      timer = null;
      track(sendAlert);
    }, wait);
    // A waiting alert must not keep the process alive.
    timer.unref();
  }

  async function sendAlert(): Promise<void> {
    // The window starts now, so what comes next waits for its end…
    const previous = lastAlertAt;
    lastAlertAt = clock.now().getTime();
    const site = await settings.get();
    // …except what arrived in the meantime (a report that held a comment signals twice at once).
    const heldIds = [...gathered.pending];
    const reportedIds = [...gathered.reported];
    gathered.pending.clear();
    gathered.reported.clear();
    const to = site.moderatorEmail.trim();
    const waiting = to ? await moderation.stillWaiting(heldIds, reportedIds) : { held: [], reported: [] };
    // A comment held because of its reports is in both queues, but is one comment.
    const counts = { comments: new Set([...waiting.held, ...waiting.reported]).size, held: waiting.held.length, reported: waiting.reported.length };
    if (counts.comments === 0) {
      lastAlertAt = previous;
      return;
    }
    try {
      await mailer.send(alertMessage(to, site.name, base, counts, alertWindowMs));
      log.info(counts, 'moderator alert sent');
    } catch (err) {
      // Kept for the next alert rather than retried on a timer: a mail server that is down stays quiet.
      for (const id of waiting.held) gathered.pending.add(id);
      for (const id of waiting.reported) gathered.reported.add(id);
      log.error({ ...counts, mail: failure(err) }, 'moderator alert could not be sent');
    }
  }

  const unsubscribe = [
    signals.on('visible', (comment) => {
      if (closed || comment.parent_id === null || replying.has(comment.id)) return;
      replying.add(comment.id);
      track(() => notifyReply(comment).finally(() => replying.delete(comment.id)));
    }),
    signals.on('held', (comment) => {
      if (!closed) gather('pending', comment.id);
    }),
    signals.on('reported', (comment) => {
      if (!closed) gather('reported', comment.id);
    }),
  ];

  return {
    async settled() {
      while (pending.size > 0) await Promise.all([...pending]);
    },
    close() {
      closed = true;
      for (const off of unsubscribe) off();
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}
