import type { Actor } from '../../src/modules/articles/editorial.types.js';
import type { Viewer } from '../../src/modules/comments/comments.types.js';
import type { MailMessage } from '../../src/platform/mailer.js';
import { twoTone } from '../fixtures/images/images.js';
import type { TestContext } from './app.js';
import { buildArticle } from './factories.js';

/*
 * A small site with something in every table an export carries: staff with
 * passwords and an API token, readers (one banned), authors with a photo,
 * sections and tags, stories in every workflow state with revisions, an old
 * slug, a READ NEXT pointing at a later story, live updates and corrections,
 * a threaded discussion with every moderation state, reports, reactions, a
 * featured comment and a deleted one, and what the classifier learnt.
 */

export const STAFF_PASSWORD = 'a long enough staff passphrase';
export const READER_PASSWORD = 'a long enough reader passphrase';

export interface RichSite {
  admin: Actor;
  editor: Actor;
  moderator: Actor;
  articles: { lead: number; next: number; draft: number; review: number; scheduled: number; unpublished: number };
  leadSlug: string;
  comments: { top: number; reply: number; deep: number; guest: number; spam: number; rejected: number; deleted: number; staff: number };
  readers: { ana: Viewer; ben: Viewer };
  featuredImageId: number;
  tokenId: number;
}

const actorOf = (account: { id: number; role: Actor['role']; name: string; authorId: number | null }): Actor => ({
  accountId: account.id,
  role: account.role,
  authorId: account.authorId,
  name: account.name,
});

/** A verified reader signed up through the emailed link, as a commenting viewer. */
async function reader(t: TestContext, mail: MailMessage[], email: string, displayName: string, ip: string): Promise<Viewer> {
  await t.services.readers.signUp({ email, displayName, password: READER_PASSWORD, ip });
  await t.services.readers.settled();
  const sent = mail.filter((m) => m.to === email).at(-1);
  const token = /\/account\/verify\/([A-Za-z0-9_-]+)/.exec(sent?.text ?? '')?.[1];
  if (!token) throw new Error(`no confirmation link for ${email}`);
  const { reader: r } = await t.services.readers.redeemLink(token, 'verify');
  return { readerId: r.id, accountId: null };
}

async function buildNewsroom(t: TestContext) {
  const s = t.services;
  await s.settings.update({
    name: 'The Harbour Gazette',
    tagline: 'All the news from the quay',
    timezone: 'America/Chicago',
    guestComments: true,
    moderationMode: 'first_time',
    bannedWords: ['scoundrel'],
  });
  const photo = await s.mediaUploader.upload({ data: await twoTone('jpeg', 400, 400), originalName: 'portrait.jpg', alt: 'Portrait of Ana Ruiz' });
  const featured = await s.mediaUploader.upload({
    data: await twoTone('png', 800, 450),
    originalName: 'harbour at dawn.png',
    alt: 'The harbour at dawn',
    caption: 'Boats at rest.',
    credit: 'Photo: Lee Chan',
  });
  const ana = await s.authors.create({ slug: 'ana-ruiz', name: 'Ana Ruiz', bio: 'Covers the waterfront.', photoId: photo.id, links: [{ label: 'Mastodon', url: 'https://example.social/@ana' }] });
  const ben = await s.authors.create({ slug: 'ben-okafor', name: 'Ben Okafor', bio: 'Ferries, “buses” & <trains>.' });
  const news = await s.sections.create({ slug: 'news', name: 'News', description: 'What happened.' });
  await s.sections.create({ slug: 'culture', name: 'Culture', description: '' });
  const admin = actorOf(await s.accounts.create({ email: 'admin@example.org', name: 'Ada Admin', role: 'admin', password: STAFF_PASSWORD }));
  const editor = actorOf(await s.accounts.create({ email: 'ana@example.org', name: 'Ana Ruiz', role: 'editor', password: STAFF_PASSWORD, authorId: ana.id }));
  const moderator = actorOf(await s.accounts.create({ email: 'mo@example.org', name: 'Mo Derator', role: 'moderator', password: STAFF_PASSWORD }));
  const token = await s.tokens.create(admin, { name: 'CMS sync', role: 'editor' });
  await s.accounts.signIn({ email: 'admin@example.org', password: STAFF_PASSWORD, ip: '192.0.2.1', userAgent: 'test' });
  return { admin, editor, moderator, featuredImageId: featured.id, featuredUrl: featured.url, authors: [ana.id, ben.id], newsId: news.id, tokenId: token.id };
}

async function buildStories(t: TestContext, room: Awaited<ReturnType<typeof buildNewsroom>>) {
  const s = t.services;
  const { editor } = room;
  const body = `The ferry to Gull Island will run every half hour from June.\n\n![The harbour at dawn](${room.featuredUrl} "Boats at rest.")\n\n> The timetable is the one thing people ask about.\n>\n> — [The Ledger](https://ledger.example.org/ferries)\n\nA second paragraph with *emphasis*, an [internal link](/section/news) and ]]> in it.`;
  const draft = await s.editorial.create(editor, {
    headline: 'Ferries to run every half hour',
    dek: 'The new timetable starts in June.',
    body,
    sectionId: room.newsId,
    tags: ['Ferries', 'Gull Island'],
    authorIds: room.authors,
    featuredImageId: room.featuredImageId,
    commentPrompt: 'Will you ride it?',
    developing: true,
  });
  let lead = await s.editorial.update(editor, draft.id, { dek: 'The new timetable starts in June, a month early.' }, draft.version);
  lead = await s.editorial.transition(editor, lead.id, 'publish');
  await s.editorial.addLiveUpdate(editor, lead.id, 'The first boat left **on time**.');
  await s.editorial.addCorrection(editor, lead.id, 'An earlier version gave the wrong month.');
  const next = await buildArticle(s, t.clock.now(), { headline: 'Harbour crane arrives', sectionId: room.newsId });
  await s.articles.setReadNext(lead.id, next.id);
  await s.articles.changeSlug(next.id, 'harbour-crane-arrives-at-last');
  const drafted = await s.editorial.create(editor, { headline: 'Draft about the pier', body: 'Still writing.' });
  const review = await s.editorial.create(editor, { headline: 'Pier repairs begin', body: 'Work starts Monday.' });
  await s.editorial.transition(editor, review.id, 'submit');
  const scheduled = await s.editorial.create(editor, { headline: 'Regatta on Saturday', body: 'Boats will race.', dek: 'Twenty crews entered.' });
  await s.editorial.transition(editor, scheduled.id, 'schedule', { publishAt: new Date(t.clock.now().getTime() + 86_400_000).toISOString() });
  const gone = await s.editorial.create(editor, { headline: 'Story taken down', body: 'It was wrong.', dek: 'A dek.' });
  await s.editorial.transition(editor, gone.id, 'publish');
  await s.editorial.transition(editor, gone.id, 'unpublish');
  return { lead: lead.id, leadSlug: lead.slug, next: next.id, draft: drafted.id, review: review.id, scheduled: scheduled.id, unpublished: gone.id };
}

async function buildDiscussion(t: TestContext, mail: MailMessage[], room: Awaited<ReturnType<typeof buildNewsroom>>, articleId: number) {
  const s = t.services;
  const ana = await reader(t, mail, 'reader.ana@example.org', 'Ana Reader', '198.51.100.1');
  const ben = await reader(t, mail, 'reader.ben@example.org', 'Ben Reader', '198.51.100.2');
  const post = async (viewer: Viewer, body: string, parentId: number | null = null, guest?: { name: string; email: string }) =>
    (await s.comments.post({ articleId, parentId, body, viewer, ip: `203.0.113.${viewer.readerId ?? viewer.accountId ?? 99}`, ...(guest ? { guest } : {}) })).comment.id;
  const mod = room.moderator;
  const top = await post(ana, 'The half-hourly boat will change how we get to work.');
  await s.moderation.act(mod, top, 'approve');
  const reply = await post(ben, 'Only if the 7:30 boat keeps its crew. <b>Not bold</b> & "quoted".', top);
  await s.moderation.act(mod, reply, 'approve');
  const deep = await post(ana, 'The crew shortage is the real story here.', reply);
  const guest = await post({ readerId: null, accountId: null }, 'A guest asks when the winter timetable starts.', null, { name: 'Passing Guest', email: 'guest@example.org' });
  const spam = await post({ readerId: null, accountId: null }, 'Cheap watches and cheap ferries at example.com', null, { name: 'Seller', email: 'seller@example.org' });
  await s.moderation.act(mod, spam, 'spam');
  const rejected = await post({ readerId: null, accountId: null }, 'Everyone who disagrees with me is wrong about boats.', null, { name: 'Grumpy', email: 'grumpy@example.org' });
  await s.moderation.act(mod, rejected, 'reject');
  const deleted = await post(ben, 'I take this back.', top);
  await s.moderation.act(mod, deleted, 'approve');
  await s.comments.remove(deleted, ben);
  const staff = await post({ readerId: null, accountId: room.editor.accountId }, 'Editor here: we will publish the full timetable tomorrow.');
  await s.moderation.act(mod, top, 'feature');
  await s.comments.react(top, ben, true);
  await s.comments.react(reply, ana, true);
  await s.comments.report(reply, { viewer: ana, ip: '198.51.100.1', reason: 'off_topic', note: 'Not about ferries.' });
  await s.readers.ban(ben.readerId!, { until: '2099-01-01T00:00:00.000Z', reason: 'Repeated abuse' });
  return { readers: { ana, ben }, comments: { top, reply, deep, guest, spam, rejected, deleted, staff } };
}

/** Build the site through the services, as the newsroom and readers would. */
export async function buildRichSite(t: TestContext, mail: MailMessage[]): Promise<RichSite> {
  const room = await buildNewsroom(t);
  const stories = await buildStories(t, room);
  const talk = await buildDiscussion(t, mail, room, stories.lead);
  const { leadSlug, ...articles } = stories;
  return { admin: room.admin, editor: room.editor, moderator: room.moderator, articles, leadSlug, ...talk, featuredImageId: room.featuredImageId, tokenId: room.tokenId };
}
