import { xmlSafe } from '../feeds/feeds.text.js';
import { utcToZonedLocal } from '../../platform/zoned-time.js';

/*
 * The few XML pieces a WXR file is made of, written the way WordPress's own
 * exporter writes them: text in CDATA sections (split around any "]]>"),
 * numbers and addresses as escaped text, dates as "YYYY-MM-DD HH:MM:SS".
 */

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Text for an XML element or attribute. */
export const escapeXml = (text: string): string => xmlSafe(text).replace(/[&<>"']/g, (ch) => ESCAPES[ch]!);

/** Text as a CDATA section; a "]]>" inside is split across two sections, as WordPress does. */
export const cdata = (text: string): string => `<![CDATA[${xmlSafe(text).replace(/]]>/g, ']]]]><![CDATA[>')}]]>`;

/** `<name>text</name>`, escaped. */
export const el = (name: string, text: string | number): string => `<${name}>${escapeXml(String(text))}</${name}>`;

/** `<name><![CDATA[text]]></name>`. */
export const cel = (name: string, text: string): string => `<${name}>${cdata(text)}</${name}>`;

/** A WordPress date: "2024-03-29 09:05:00", in the zone given (UTC for the _gmt fields). */
export const wpDate = (iso: string, timeZone: string): string => utcToZonedLocal(iso, timeZone, 'always').replace('T', ' ');

/** An RFC 822 date for RSS's pubDate: "Fri, 29 Mar 2024 14:05:00 +0000". */
export const rssDate = (iso: string): string => new Date(iso).toUTCString().replace('GMT', '+0000');

/** Plain text as HTML that shows exactly that text. */
export const textAsHtml = (text: string): string => text.replace(/[&<>"]/g, (ch) => ESCAPES[ch]!);

/** The opening of a WXR 1.2 document, up to the channel's items. */
export function wxrHead(channel: { title: string; link: string; description: string; language: string; now: string }): string {
  return [
    '<?xml version="1.0" encoding="UTF-8" ?>',
    '<!-- A WordPress eXtended RSS (WXR 1.2) file written by Broadsheet: import it with WordPress’s Tools → Import → WordPress. -->',
    '<rss version="2.0"',
    '\txmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"',
    '\txmlns:content="http://purl.org/rss/1.0/modules/content/"',
    '\txmlns:wfw="http://wellformedweb.org/CommentAPI/"',
    '\txmlns:dc="http://purl.org/dc/elements/1.1/"',
    '\txmlns:wp="http://wordpress.org/export/1.2/"',
    '>',
    '<channel>',
    `\t${el('title', channel.title)}`,
    `\t${el('link', channel.link)}`,
    `\t${el('description', channel.description)}`,
    `\t${el('pubDate', rssDate(channel.now))}`,
    `\t${el('language', channel.language)}`,
    `\t${el('wp:wxr_version', '1.2')}`,
    `\t${el('wp:base_site_url', channel.link)}`,
    `\t${el('wp:base_blog_url', channel.link)}`,
    `\t${el('generator', 'Broadsheet')}`,
    '',
  ].join('\n');
}

export const WXR_TAIL = '</channel>\n</rss>\n';
