import type { Clock } from './platform/clock.js';
import { ContentEvents } from './platform/events.js';
import type { Db } from './platform/db/database.js';
import { createAccountsService } from './modules/accounts/accounts.service.js';
import { createArticlesService } from './modules/articles/articles.service.js';
import { createAuthorsService } from './modules/authors/authors.service.js';
import { createCommentsService } from './modules/comments/comments.service.js';
import { createMediaService } from './modules/media/media.service.js';
import { createSectionsService } from './modules/sections/sections.service.js';
import { createSettingsService } from './modules/settings/settings.service.js';

/**
 * Every module's service, wired once per process (or per test). Services
 * announce their writes on `events`, which caches listen to.
 */
export function createServices(db: Db, clock: Clock, events: ContentEvents = new ContentEvents()) {
  const settings = createSettingsService(db, events);
  const sections = createSectionsService(db, clock, events);
  const media = createMediaService(db, clock, events);
  const authors = createAuthorsService(db, clock, media, events);
  const articles = createArticlesService({ db, clock, settings, sections, authors, media, events });
  const comments = createCommentsService(db, clock, events);
  const accounts = createAccountsService(db, clock, settings);
  return { events, settings, sections, media, authors, articles, comments, accounts };
}

export type Services = ReturnType<typeof createServices>;
