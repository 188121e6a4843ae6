import type { Clock } from './platform/clock.js';
import type { Db } from './platform/db/database.js';
import { createArticlesService } from './modules/articles/articles.service.js';
import { createAuthorsService } from './modules/authors/authors.service.js';
import { createCommentsService } from './modules/comments/comments.service.js';
import { createMediaService } from './modules/media/media.service.js';
import { createSectionsService } from './modules/sections/sections.service.js';
import { createSettingsService } from './modules/settings/settings.service.js';

/** Every module's service, wired once per process (or per test). */
export function createServices(db: Db, clock: Clock) {
  const settings = createSettingsService(db);
  const sections = createSectionsService(db, clock);
  const media = createMediaService(db, clock);
  const authors = createAuthorsService(db, clock, media);
  const articles = createArticlesService({ db, clock, settings, sections, authors, media });
  const comments = createCommentsService(db, clock);
  return { settings, sections, media, authors, articles, comments };
}

export type Services = ReturnType<typeof createServices>;
