import os from 'node:os';
import path from 'node:path';
import { DEFAULT_MEDIA_CONFIG, type MediaConfig } from './config.js';
import type { Clock } from './platform/clock.js';
import { ContentEvents } from './platform/events.js';
import type { Db } from './platform/db/database.js';
import { brandedMailer } from './platform/mail-layout.js';
import type { Mailer } from './platform/mailer.js';
import { createAccountsService } from './modules/accounts/accounts.service.js';
import { createPasswordResetService } from './modules/accounts/password-reset.service.js';
import type { SlugMoved } from './modules/sections/sections.service.js';
import { createStaffService } from './modules/accounts/staff.service.js';
import { createInvitationsService } from './modules/accounts/staff-invitations.js';
import { createPasskeysService } from './modules/accounts/passkeys.service.js';
import { createReaderSignInThrottle } from './modules/accounts/sign-in-throttle.js';
import { countArticlesByTag, moveTagLinks, tagIdsOnVisible } from './modules/articles/articles.repository.js';
import { createArticleFeedReader } from './modules/articles/articles.feed-queries.js';
import { createArticlesService } from './modules/articles/articles.service.js';
import { articlesWithHeadline, createArticleSearchSource } from './modules/articles/articles.search-source.js';
import { createArticleImports } from './modules/articles/articles.import.js';
import { createArticleSitemaps } from './modules/articles/articles.sitemap.js';
import { createEditorialService } from './modules/articles/editorial.service.js';
import { createAuditService } from './modules/audit/audit.service.js';
import { createAuthorsService } from './modules/authors/authors.service.js';
import { createAuthorImports } from './modules/authors/authors.import.js';
import { createClassifier } from './modules/comments/classifier/classifier.service.js';
import { createCommentsService } from './modules/comments/comments.service.js';
import { createCommentImports } from './modules/comments/comments.import.js';
import { CommentSignals } from './modules/comments/comments.signals.js';
import { createModerationService } from './modules/comments/moderation.service.js';
import { createCommentNotifier, type NotifierLog } from './modules/comments/notifications.js';
import { createFeedsService } from './modules/feeds/feeds.service.js';
import { createMediaPreviews } from './modules/media/media.previews.js';
import { createMediaService } from './modules/media/media.service.js';
import { createMediaImports } from './modules/media/media.import.js';
import { createImportsService } from './modules/imports/imports.service.js';
import { createLocalDiskStorage } from './modules/media/media.storage.js';
import { createMediaUploader } from './modules/media/media.upload.js';
import { createMediaLibrary } from './modules/media/media.library.js';
import { createArticleImageUsage } from './modules/articles/articles.image-usage.js';
import { createImagePool, tuneSharp } from './modules/media/media.pool.js';
import { readersMatching } from './modules/readers/readers.lookup.js';
import { createReadersService } from './modules/readers/readers.service.js';
import { createSearchService } from './modules/search/search.service.js';
import { createRedirectsService } from './modules/redirects/redirects.service.js';
import { createSectionsService } from './modules/sections/sections.service.js';
import { createSectionImports } from './modules/sections/sections.import.js';
import { createSettingsService } from './modules/settings/settings.service.js';
import { createBrandImages } from './modules/settings/branding.images.js';
import { createSitemapsService } from './modules/sitemaps/sitemaps.service.js';
import { createTokensService } from './modules/tokens/tokens.service.js';

/**
 * Every module's service, wired once per process (or per test). Services
 * announce their writes on `events`, which caches listen to.
 */
export function createServices(
  db: Db,
  clock: Clock,
  events: ContentEvents = new ContentEvents(),
  options: { mailer?: Mailer; siteUrl?: string; dataDir?: string; log?: NotifierLog; media?: MediaConfig } = {},
) {
  const siteUrl = options.siteUrl ?? 'http://localhost:3000';
  const commentSignals = new CommentSignals();
  const settings = createSettingsService(db, events);
  // Every email comes from the site's name, at the configured address, as text and HTML in the site's layout.
  const mailer = brandedMailer(options.mailer ?? noMailer, async () => {
    const site = await settings.get();
    const logo = site.logo ? { url: new URL(site.logo.url, `${siteUrl}/`).toString(), width: site.logo.width, height: site.logo.height } : null;
    return { name: site.name, url: siteUrl, logo };
  });
  // Tag maintenance reaches the articles module's article_tags only through these.
  // A section's, tag's or author's old address leads to it after a change of slug (the redirects module, made below).
  const slugMoved: SlugMoved = (kind, id, oldPath) => redirects.moved(kind, id, oldPath);
  const sections = createSectionsService(db, clock, events, { countByTag: countArticlesByTag, moveTagLinks, onVisible: tagIdsOnVisible }, slugMoved);
  const media = createMediaService(db, clock, events);
  const authors = createAuthorsService(db, clock, media, events, slugMoved);
  const articles = createArticlesService({ db, clock, settings, sections, authors, media, events });
  const sitemaps = createSitemapsService({ clock, settings, sections, authors, articles: createArticleSitemaps({ db, clock, settings, media }) });
  const accounts = createAccountsService(db, clock, settings);
  const passkeys = createPasskeysService({ db, clock, settings, accounts, siteUrl });
  const audit = createAuditService(db, clock);
  // Uploaded (and imported) images live under DATA_DIR/media, which the app serves at /media/.
  const mediaStorage = createLocalDiskStorage(path.join(options.dataDir ?? 'data', 'media'));
  // Every full decode of an image (uploads, imports, previews) takes a slot of one pool per process.
  const mediaConfig = options.media ?? DEFAULT_MEDIA_CONFIG;
  tuneSharp(mediaConfig.concurrency, os.availableParallelism());
  const imagePool = createImagePool({ concurrency: mediaConfig.concurrency, maxQueue: mediaConfig.queue });
  const imageLimits = { maxPixels: mediaConfig.maxPixels, maxAnimationPixels: mediaConfig.maxPixels, maxFrames: mediaConfig.maxFrames, timeoutSeconds: mediaConfig.timeoutSeconds };
  // The site's logo and icon, drawn in their sizes and kept under branding/ in the same storage.
  const brandImages = createBrandImages({ storage: mediaStorage, pool: imagePool, limits: imageLimits });
  const mediaUploader = createMediaUploader({ db, clock, events, media, storage: mediaStorage, limits: imageLimits, pool: imagePool });
  // Link previews are rendered from those files and kept beside them, under previews/.
  const mediaPreviews = createMediaPreviews({ db, storage: mediaStorage, pool: imagePool, maxPixels: mediaConfig.maxPixels, timeoutSeconds: mediaConfig.timeoutSeconds });
  // The library learns where images are used from the articles module's own query.
  const mediaLibrary = createMediaLibrary({ db, clock, events, storage: mediaStorage, audit, usage: createArticleImageUsage(db) });
  const editorial = createEditorialService({ db, clock, events, settings, sections, authors, articles, audit, media, accounts });
  const passwordResets = createPasswordResetService({ db, clock, settings, mailer, siteUrl });
  // Readers' sign-in attempts are counted by the accounts module, which owns sign_in_attempts.
  const readers = createReadersService({
    db,
    clock,
    settings,
    mailer,
    siteUrl,
    throttle: createReaderSignInThrottle(db, clock),
    // No reader may comment under a staff member's name.
    staffNames: async () => (await accounts.list()).map((a) => a.name),
  });
  const tokens = createTokensService(db, clock, { audit, accounts });
  // Managing staff reaches tokens and bylines only through their modules' services.
  const staff = createStaffService({ db, clock, settings, mailer, siteUrl, audit, tokens, bylines: articles, authors });
  const invitations = createInvitationsService({ db, clock, audit });
  // The discussion's services (readers, classifier, moderation, notifications) are wired below.
  const classifier = createClassifier(db, clock);
  const comments = createCommentsService({ db, clock, events, signals: commentSignals, settings, articles, readers, accounts, classifier });
  // The queue's search finds readers and stories through their own modules' queries.
  const searchLookups = { readersMatching, articlesWithHeadline };
  const moderation = createModerationService({ db, clock, events, signals: commentSignals, classifier, readers, audit, settings, articles, searchLookups });
  const feeds = createFeedsService({ siteUrl, settings, sections, authors, articles, articleFeeds: createArticleFeedReader({ db, articles, media }), comments });
  // Site search reads articles through the articles module and follows their changes on `events`.
  const search = createSearchService({ db, clock, events, source: createArticleSearchSource({ db, authors, sections }), sections, authors, settings, ...(options.log ? { log: options.log } : {}) });
  const redirects = createRedirectsService({ db, clock, articles, sections, authors });
  // Imports write through each module's own import functions, in one transaction of their own.
  const imports = createImportsService({
    db,
    clock,
    events,
    settings,
    imports: {
      articles: createArticleImports({ db, clock, events, sections, authors, media }),
      sections: createSectionImports(clock),
      authors: createAuthorImports(clock),
      media: createMediaImports(clock, mediaStorage, { limits: imageLimits, pool: imagePool }),
      comments: createCommentImports(clock),
      redirects,
    },
  });
  const notifier = createCommentNotifier({ clock, signals: commentSignals, mailer, settings, readers, comments, articles, audit, moderation, siteUrl, ...(options.log ? { log: options.log } : {}) });
  return {
    events,
    commentSignals,
    settings,
    sections,
    media,
    mediaUploader,
    mediaPreviews,
    mediaLibrary,
    brandImages,
    imagePool,
    authors,
    articles,
    comments,
    accounts,
    passkeys,
    audit,
    editorial,
    passwordResets,
    tokens,
    staff,
    invitations,
    classifier,
    readers,
    notifier,
    moderation,
    sitemaps,
    feeds,
    search,
    redirects,
    imports,
  };
}

/** Where no mailer was given (command-line tools), sending fails loudly instead of going nowhere. */
const noMailer: Mailer = { send: () => Promise.reject(new Error('no mailer configured: pass one to createServices')) };

export type Services = ReturnType<typeof createServices>;
