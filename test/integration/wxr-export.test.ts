import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SaxesParser } from 'saxes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeWxr } from '../../src/modules/safekeeping/wxr.export.js';
import type { MailMessage } from '../../src/platform/mailer.js';
import { createTestApp, TEST_SITE_URL, type TestContext } from '../helpers/app.js';
import { buildRichSite, type RichSite } from '../helpers/rich-site.js';

const NOW = '2024-03-29T15:00:00.000Z';

/** An element of the parsed file: its name, attributes, text (CDATA joined) and children. */
interface Node {
  name: string;
  attrs: Record<string, string>;
  text: string;
  children: Node[];
}

/** Parse WXR with a streaming, namespace-blind XML parser (as WordPress's regex fallback is); names keep their prefixes. */
function parseXml(xml: string): { root: Node; doctype: boolean } {
  const parser = new SaxesParser({ xmlns: false });
  const stack: Node[] = [{ name: '#document', attrs: {}, text: '', children: [] }];
  let doctype = false;
  parser.on('doctype', () => (doctype = true));
  parser.on('opentag', (tag) => {
    const node: Node = { name: tag.name, attrs: tag.attributes as Record<string, string>, text: '', children: [] };
    stack.at(-1)!.children.push(node);
    stack.push(node);
  });
  parser.on('text', (t) => (stack.at(-1)!.text += t));
  parser.on('cdata', (t) => (stack.at(-1)!.text += t));
  parser.on('closetag', () => void stack.pop());
  parser.write(xml).close();
  return { root: stack[0]!.children[0]!, doctype };
}

const kids = (n: Node, name: string) => n.children.filter((c) => c.name === name);
const kid = (n: Node, name: string) => kids(n, name)[0];
const value = (n: Node, name: string) => kid(n, name)?.text.trim() ?? '';

describe('WXR export', () => {
  let t: TestContext;
  let site: RichSite;
  const mail: MailMessage[] = [];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'broadsheet-wxr-'));
  let xml: string;
  let channel: Node;
  let items: Node[];
  const post = (id: number) => items.find((i) => value(i, 'wp:post_type') === 'post' && value(i, 'wp:post_id') === String(id))!;

  beforeAll(async () => {
    t = await createTestApp({ now: NOW, mailer: { send: async (m) => void mail.push(m) } });
    site = await buildRichSite(t, mail);
    const parts: string[] = [];
    const summary = await writeWxr(t.database, { write: async (s) => void parts.push(s) }, { siteUrl: TEST_SITE_URL, site: await t.services.settings.get(), now: new Date(NOW) });
    xml = parts.join('');
    expect(summary).toEqual({ posts: 6, attachments: 2, comments: 8 });
    const { root, doctype } = parseXml(xml);
    expect(doctype).toBe(false);
    expect(root.name).toBe('rss');
    channel = kid(root, 'channel')!;
    items = kids(channel, 'item');
  });

  afterAll(async () => {
    await t.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('is well-formed XML with the namespaces and channel WordPress’s importer reads', () => {
    const file = path.join(dir, 'site.xml');
    fs.writeFileSync(file, xml);
    execFileSync('xmllint', ['--noout', '--nonet', file]);
    const rss = parseXml(xml).root;
    expect(rss.attrs).toMatchObject({
      version: '2.0',
      'xmlns:wp': 'http://wordpress.org/export/1.2/',
      'xmlns:excerpt': 'http://wordpress.org/export/1.2/excerpt/',
      'xmlns:content': 'http://purl.org/rss/1.0/modules/content/',
      'xmlns:dc': 'http://purl.org/dc/elements/1.1/',
      'xmlns:wfw': 'http://wellformedweb.org/CommentAPI/',
    });
    expect(value(channel, 'title')).toBe('The Harbour Gazette');
    expect(value(channel, 'description')).toBe('All the news from the quay');
    expect(value(channel, 'language')).toBe('en-US');
    expect(value(channel, 'wp:wxr_version')).toBe('1.2');
    expect(value(channel, 'wp:base_site_url')).toBe(TEST_SITE_URL);
    expect(value(channel, 'wp:base_blog_url')).toBe(TEST_SITE_URL);
    // WordPress's regex parser reads these line by line: each on a line of its own.
    expect(xml).toMatch(/^\t<wp:wxr_version>1\.2<\/wp:wxr_version>$/m);
    expect(xml).toMatch(/^\t<wp:author>.*<\/wp:author>$/m);
    expect(xml.match(/^\t<item>$/gm)).toHaveLength(items.length);
  });

  it('lists authors, sections as categories and tags, with term ids that do not collide', () => {
    const authors = kids(channel, 'wp:author').map((a) => ({
      login: value(a, 'wp:author_login'),
      name: value(a, 'wp:author_display_name'),
      email: value(a, 'wp:author_email'),
      first: value(a, 'wp:author_first_name'),
    }));
    expect(authors).toEqual([
      { login: 'ana-ruiz', name: 'Ana Ruiz', email: 'ana@example.org', first: 'Ana' },
      { login: 'ben-okafor', name: 'Ben Okafor', email: '', first: 'Ben' },
    ]);
    expect(kids(channel, 'wp:category').map((c) => [value(c, 'wp:category_nicename'), value(c, 'wp:cat_name')])).toEqual([
      ['news', 'News'],
      ['culture', 'Culture'],
    ]);
    expect(kids(channel, 'wp:tag').map((c) => value(c, 'wp:tag_slug'))).toEqual(['ferries', 'gull-island']);
    const termIds = [...kids(channel, 'wp:category'), ...kids(channel, 'wp:tag')].map((c) => value(c, 'wp:term_id'));
    expect(new Set(termIds).size).toBe(termIds.length);
  });

  it('writes each story as a post: HTML body, dek, dates, status, categories and featured image', () => {
    const lead = post(site.articles.lead);
    expect(value(lead, 'title')).toBe('Ferries to run every half hour');
    expect(value(lead, 'excerpt:encoded')).toBe('The new timetable starts in June, a month early.');
    expect(value(lead, 'dc:creator')).toBe('ana-ruiz');
    expect(value(lead, 'wp:status')).toBe('publish');
    expect(value(lead, 'wp:post_name')).toBe(site.leadSlug);
    expect(value(lead, 'link')).toMatch(new RegExp(`^${TEST_SITE_URL}/\\d{4}/\\d{2}/\\d{2}/${site.leadSlug}$`));
    // Local time in America/Chicago (CDT, UTC−5) beside UTC.
    const gmt = value(lead, 'wp:post_date_gmt');
    expect(gmt).toBe('2024-03-29 15:00:00');
    expect(value(lead, 'wp:post_date')).toBe('2024-03-29 10:00:00');
    const html = value(lead, 'content:encoded');
    expect(html).toContain('<p>The ferry to Gull Island will run every half hour from June.</p>');
    expect(html).toContain(`src="${TEST_SITE_URL}/media/uploads/`);
    expect(html).toContain(`href="${TEST_SITE_URL}/section/news"`);
    expect(html).toContain('<cite>');
    expect(html).toContain(']]&gt; in it.');
    expect(html).toContain('<section class="live-updates"><h2>Live updates</h2>');
    expect(html).toContain('<strong>on time</strong>');
    expect(html).toContain('An earlier version gave the wrong month.');
    const cats = kids(lead, 'category').map((c) => `${c.attrs.domain}:${c.attrs.nicename}:${c.text}`);
    expect(cats).toEqual(['category:news:News', 'post_tag:ferries:Ferries', 'post_tag:gull-island:Gull Island']);
    const thumb = kids(lead, 'wp:postmeta').find((m) => value(m, 'wp:meta_key') === '_thumbnail_id');
    const attachment = items.find((i) => value(i, 'wp:post_id') === value(thumb!, 'wp:meta_value'))!;
    expect(value(attachment, 'wp:post_type')).toBe('attachment');
    expect(value(attachment, 'wp:attachment_url')).toMatch(new RegExp(`^${TEST_SITE_URL}/media/uploads/.+\\.png$`));
    expect(value(attachment, 'wp:post_parent')).toBe(String(site.articles.lead));
    expect(value(attachment, 'excerpt:encoded')).toBe('Boats at rest.');
    expect(value(kid(attachment, 'wp:postmeta')!, 'wp:meta_value')).toBe('The harbour at dawn');
    const postIds = items.map((i) => value(i, 'wp:post_id'));
    expect(new Set(postIds).size).toBe(postIds.length);
  });

  it('maps every workflow state to a WordPress status', () => {
    const { next, draft, review, scheduled, unpublished } = site.articles;
    expect([next, draft, review, scheduled, unpublished].map((id) => value(post(id), 'wp:status'))).toEqual(['publish', 'draft', 'pending', 'future', 'draft']);
    expect(value(post(scheduled), 'wp:post_date_gmt')).toBe('2024-03-30 15:00:00');
  });

  it('carries the discussion with its threading and moderation state, the text shown as typed', () => {
    const comments = kids(post(site.articles.lead), 'wp:comment');
    const byId = new Map(comments.map((c) => [Number(value(c, 'wp:comment_id')), c]));
    expect(byId.size).toBe(8);
    const c = site.comments;
    const parentOf = (id: number) => value(byId.get(id)!, 'wp:comment_parent');
    expect([parentOf(c.top), parentOf(c.reply), parentOf(c.deep), parentOf(c.deleted)]).toEqual(['0', String(c.top), String(c.reply), String(c.top)]);
    const approved = (id: number) => value(byId.get(id)!, 'wp:comment_approved');
    expect([c.top, c.reply, c.deep, c.guest, c.spam, c.rejected, c.deleted, c.staff].map(approved)).toEqual(['1', '1', '0', '0', 'spam', 'trash', 'trash', '1']);
    const reply = byId.get(c.reply)!;
    expect(value(reply, 'wp:comment_content')).toBe('Only if the 7:30 boat keeps its crew. &lt;b&gt;Not bold&lt;/b&gt; &amp; &quot;quoted&quot;.');
    expect(value(reply, 'wp:comment_author')).toBe('Ben Reader');
    expect(value(reply, 'wp:comment_author_email')).toBe('reader.ben@example.org');
    expect(value(byId.get(c.guest)!, 'wp:comment_author_email')).toBe('guest@example.org');
    expect(value(reply, 'wp:comment_type')).toBe('comment');
    expect(value(reply, 'wp:comment_date_gmt')).toBe('2024-03-29 15:00:00');
    expect(value(reply, 'wp:comment_date')).toBe('2024-03-29 10:00:00');
  });

  it('keeps text that would break XML inside CDATA readable', async () => {
    const odd0 = await t.services.sections.create({ slug: 'odd', name: 'Odd ]]> <names> & “quotes”', description: '' });
    // A control character no form accepts any more, as a site from before that rule may still hold.
    await t.database.db.updateTable('sections').set({ name: 'Odd ]]> <names> & “quotes”\u0001' }).where('id', '=', odd0.id).execute();
    const parts: string[] = [];
    await writeWxr(t.database, { write: async (s) => void parts.push(s) }, { siteUrl: TEST_SITE_URL, site: await t.services.settings.get(), now: new Date(NOW) });
    const odd = kids(kid(parseXml(parts.join('')).root, 'channel')!, 'wp:category').find((c) => value(c, 'wp:category_nicename') === 'odd')!;
    expect(value(odd, 'wp:cat_name')).toBe('Odd ]]> <names> & “quotes”');
  });
});
