import type { Clock } from '../../platform/clock.js';
import type { Db } from '../../platform/db/database.js';
import type { CommentRow, CommentStatus } from '../../platform/db/schema.js';
import { AppError, type ErrorCode, notFound } from '../../platform/errors.js';
import type { ContentEvents } from '../../platform/events.js';
import type { Account } from '../accounts/accounts.service.js';
import type { ArticlesService } from '../articles/articles.service.js';
import type { SettingsService, SiteSettings } from '../settings/settings.service.js';
import type { CommentSignals } from './comments.signals.js';
import { present } from './comments.thread.js';
import type { ThreadComment, Viewer } from './comments.types.js';

/*
 * What the parts of the comments service (posting, editing, feedback, stored
 * rows) share: their dependencies, the refusals, the ban check, and how a
 * change is announced and shown back to the one who made it.
 */

/** What the comments service needs to know about a reader. */
export interface CommenterLookup {
  byId(id: number): Promise<{ id: number; displayName: string; verified: boolean; bannedUntil: string | null; banReason: string } | undefined>;
}

/** The spam classifier, as the comments service uses it. */
export interface SpamScorer {
  /** `trusted`: the classifier has learnt enough decisions for its score to hold comments. */
  score(text: string): Promise<{ score: number; reasons: { token: string; weight: number }[]; trusted: boolean }>;
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

const FAR_FUTURE_YEAR = 9000;

/** A refusal for who is asking (403) with its code. */
export const forbidden = (code: ErrorCode, message: string, details?: Record<string, unknown>) => new AppError(code, 403, message, details);

/** "until 3 March 2025" — or nothing for a ban without end. */
function banWords(until: string, site: Pick<SiteSettings, 'locale' | 'timezone'>): string {
  if (new Date(until).getUTCFullYear() >= FAR_FUTURE_YEAR) return '';
  return ` until ${new Date(until).toLocaleDateString(site.locale, { day: 'numeric', month: 'long', year: 'numeric', timeZone: site.timezone })}`;
}

export type CommentsShared = ReturnType<typeof createCommentsShared>;

/** The helpers the comments service's parts share, bound to its dependencies. */
export function createCommentsShared({ clock, events, signals, settings, articles }: CommentsDeps) {
  const now = () => clock.now();

  /** The refusal for a reader under a ban or suspension now, if they are. */
  function banOf(reader: { bannedUntil: string | null; banReason: string }, site: SiteSettings): AppError | undefined {
    if (!reader.bannedUntil || reader.bannedUntil <= now().toISOString()) return undefined;
    const reason = reader.banReason ? ` Reason: ${reader.banReason}` : '';
    return forbidden('banned', `You can't comment${banWords(reader.bannedUntil, site)}.${reason}`, { bannedUntil: reader.bannedUntil });
  }

  /** Comments of a story readers cannot see (a draft, unpublished, scheduled) are not there to act on. */
  async function requireVisibleArticle(articleId: number): Promise<void> {
    if (!(await articles.isVisible(articleId))) throw notFound('comment');
  }

  function announce(before: CommentStatus | null, row: CommentRow, heldReason = ''): void {
    events.changed({ kind: 'comment', id: row.id });
    if (row.status === 'approved' && before !== 'approved') signals.emit('visible', row);
    else if (row.status !== 'approved' && before === 'approved') signals.emit('hidden', row);
    if (row.status === 'pending' && before !== 'pending') signals.emit('held', row, heldReason);
  }

  const viewOf =
    (viewer: Viewer) =>
    async (row: CommentRow, depth: number): Promise<ThreadComment> => {
      const site = await settings.get();
      return present(row, depth, { viewer, reacted: new Set(), editWindowMs: site.editWindowMinutes * 60_000 });
    };

  return { now, banOf, requireVisibleArticle, announce, viewOf };
}
