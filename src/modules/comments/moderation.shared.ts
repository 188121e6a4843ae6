import type { Clock } from '../../platform/clock.js';
import type { Db } from '../../platform/db/database.js';
import { AppError, invalidInput, notFound } from '../../platform/errors.js';
import type { ContentEvents } from '../../platform/events.js';
import { can } from '../accounts/permissions.js';
import type { ArticlesService } from '../articles/articles.service.js';
import type { Actor } from '../articles/editorial.types.js';
import type { AuditService } from '../audit/audit.service.js';
import type { SettingsService } from '../settings/settings.service.js';
import type { ReadersService } from '../readers/readers.service.js';
import type { Classifier } from './classifier/classifier.service.js';
import type { CommentSignals } from './comments.signals.js';
import type { CommentSearchLookups } from './moderation.search.js';
import { MAX_NOTE } from './moderation.types.js';

/* What the parts of the moderation service share: their dependencies, the permission check and the checks of ids and notes. */

/** What the moderation service is built from. */
export interface ModerationDeps {
  db: Db;
  clock: Clock;
  events: ContentEvents;
  signals: CommentSignals;
  /** Learns from every decision (and unlearns an undone one). */
  classifier: Pick<Classifier, 'learn' | 'forget'>;
  readers: Pick<ReadersService, 'byId' | 'byIds' | 'ban' | 'unban' | 'isBanned'>;
  audit: AuditService;
  settings: SettingsService;
  /** The commented articles' headlines and addresses. */
  articles: Pick<ArticlesService, 'refs'>;
  /** For searching the queue by commenter and by story; without them only the comment text can be searched. */
  searchLookups?: CommentSearchLookups;
}

const forbidden = () => new AppError('forbidden', 403, 'Your role does not allow moderating comments. Ask an editor or an admin.');

/** Refuse an actor whose role does not allow moderating comments. */
export const need = (actor: Actor) => {
  if (!can(actor.role, 'comments.moderate')) throw forbidden();
};

/** Whether a value is a whole id from 1 up that the databases can hold. */
const wholeId = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 2_147_483_647;

/** The text of an optional note: trimmed, at most MAX_NOTE characters. */
export function cleanNote(note: unknown, what = 'A note'): string {
  if (note === undefined || note === null) return '';
  if (typeof note !== 'string') throw invalidInput(`${what} must be text.`);
  const text = note.replace(/\s+/g, ' ').trim();
  if (text.length > MAX_NOTE) throw invalidInput(`${what} is limited to ${MAX_NOTE} characters.`);
  return text;
}

/** The id asked for, when it is a whole id; otherwise that thing is not found. */
export const checkId = (id: unknown, what = 'comment'): number => {
  if (!wholeId(id)) throw notFound(what);
  return id;
};
