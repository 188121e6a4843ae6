import type { MailMessage, Mailer } from './mailer.js';

/*
 * The one layout every email the site sends is wrapped in: the site's name
 * (and logo, when the branding settings carry one) on top, the message, and
 * a plain unsubscribe link at the foot when the message has one. Each
 * message goes out as text and HTML alternatives; the HTML part reads in
 * light and dark mail programs (color-scheme, a dark-mode <style>, and
 * inline light defaults for programs that drop <style>). Everything from the
 * message is escaped; a sender's own HTML part is wrapped as given.
 */

export interface MailBrand {
  name: string;
  /** The site's public address; the name links to it. */
  url: string;
  /** An absolute image address and its size, when the site has a logo. */
  logo?: { url: string; width: number; height: number } | null;
}

const LOGO_MAX_HEIGHT = 48;

export const escapeMailHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const URL_IN_TEXT = /https?:\/\/[^\s<>"]+[^\s<>".,;:!?)\]]/g;

/** A line of text, escaped, its web addresses made links. */
function linkify(line: string): string {
  let out = '';
  let last = 0;
  for (const m of line.matchAll(URL_IN_TEXT)) {
    const url = m[0];
    out += escapeMailHtml(line.slice(last, m.index)) + `<a href="${escapeMailHtml(url)}" style="color:#1f4f8f;">${escapeMailHtml(url)}</a>`;
    last = (m.index ?? 0) + url.length;
  }
  return out + escapeMailHtml(line.slice(last));
}

/**
 * A plain-text email as HTML: paragraphs at blank lines, "> " lines as a
 * quotation, a "--" line as the start of the footer's small print.
 */
export function htmlFromText(text: string): string {
  const blocks = text
    .replace(/\r\n?/g, '\n')
    .trim()
    .split(/\n\s*\n/);
  const out: string[] = [];
  let small = false;
  for (const block of blocks) {
    const lines = block.split('\n');
    if (lines[0]?.trim() === '--') {
      small = true;
      lines.shift();
      if (lines.length === 0) continue;
    }
    if (lines.every((l) => l.startsWith('>'))) {
      const quoted = lines.map((l) => l.replace(/^> ?/, '')).join('\n');
      const paragraphs = quoted
        .split(/\n\s*\n/)
        .map((p) => `<p style="margin:0 0 0.75em;">${p.split('\n').map(linkify).join('<br>')}</p>`)
        .join('');
      out.push(`<blockquote class="quote" style="margin:0 0 1em;padding:0.25em 0 0.25em 1em;border-left:3px solid #8c887f;color:#3d3b37;">${paragraphs}</blockquote>`);
      continue;
    }
    const style = small ? 'margin:0 0 1em;font-size:13px;color:#5c5a55;' : 'margin:0 0 1em;';
    out.push(`<p${small ? ' class="small"' : ''} style="${style}">${lines.map(linkify).join('<br>')}</p>`);
  }
  return out.join('\n');
}

/** The unsubscribe address a message offers mail programs (its https List-Unsubscribe), if any. */
export function unsubscribeUrlOf(message: Pick<MailMessage, 'headers'>): string | null {
  const header = Object.entries(message.headers ?? {}).find(([name]) => name.toLowerCase() === 'list-unsubscribe')?.[1];
  const m = header ? /<(https?:\/\/[^>]+)>/.exec(header) : null;
  return m?.[1] ?? null;
}

/** The whole HTML document of an email: the brand, the body (HTML already escaped), the unsubscribe link. */
export function mailDocument(bodyHtml: string, brand: MailBrand, options: { subject: string; unsubscribeUrl?: string | null }): string {
  const name = escapeMailHtml(brand.name);
  const logo = brand.logo
    ? (() => {
        const height = Math.min(LOGO_MAX_HEIGHT, brand.logo.height);
        const width = Math.round((brand.logo.width * height) / Math.max(1, brand.logo.height));
        return `<img src="${escapeMailHtml(brand.logo.url)}" width="${width}" height="${height}" alt="${name}" style="display:block;border:0;height:${height}px;width:${width}px;">`;
      })()
    : `<span class="brand-name" style="font:700 20px/1.3 Georgia,'Times New Roman',serif;color:#1b1b1a;">${name}</span>`;
  const unsubscribe = options.unsubscribeUrl
    ? `<p class="small" style="margin:0;font-size:13px;color:#5c5a55;"><a href="${escapeMailHtml(options.unsubscribeUrl)}" style="color:#1f4f8f;">Unsubscribe</a></p>`
    : '';
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="supported-color-schemes" content="light dark">
<title>${escapeMailHtml(options.subject)}</title>
<style>
:root { color-scheme: light dark; }
@media (prefers-color-scheme: dark) {
  body, .page, .card { background: #161514 !important; color: #e9e6df !important; }
  .brand-name, .card p, .card li { color: #e9e6df !important; }
  .quote { color: #cfcbc2 !important; border-color: #77736b !important; }
  .small { color: #a9a59c !important; }
  a { color: #8db4f0 !important; }
  .rule { border-color: #3a3834 !important; }
}
</style>
</head>
<body style="margin:0;padding:0;background:#fbfaf7;color:#1b1b1a;">
<div class="page" style="background:#fbfaf7;padding:24px 12px;">
<div class="card" style="max-width:560px;margin:0 auto;font:16px/1.5 -apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;color:#1b1b1a;">
<p class="rule" style="margin:0 0 20px;padding:0 0 12px;border-bottom:1px solid #d8d4cb;"><a href="${escapeMailHtml(brand.url)}" style="text-decoration:none;color:#1b1b1a;">${logo}</a></p>
${bodyHtml}
<div class="rule" style="margin:24px 0 0;padding:12px 0 0;border-top:1px solid #d8d4cb;">
<p class="small" style="margin:0 0 6px;font-size:13px;color:#5c5a55;">${name} · <a href="${escapeMailHtml(brand.url)}" style="color:#1f4f8f;">${escapeMailHtml(brand.url.replace(/^https?:\/\//, ''))}</a></p>
${unsubscribe}
</div>
</div>
</div>
</body>
</html>
`;
}

/** A message with its HTML alternative in the site's layout (made from the text when the sender gave none). */
export function brandedMessage(message: MailMessage, brand: MailBrand): MailMessage {
  const body = message.html ?? htmlFromText(message.text);
  return { fromName: brand.name, ...message, html: mailDocument(body, brand, { subject: message.subject, unsubscribeUrl: unsubscribeUrlOf(message) }) };
}

/**
 * A mailer whose every message comes from the site's name and is sent as
 * text and HTML in the site's layout. The brand is read for each message,
 * so a renamed site sends under its new name at once.
 */
export function brandedMailer(mailer: Mailer, brand: () => Promise<MailBrand>): Mailer {
  return {
    async send(message) {
      await mailer.send(brandedMessage(message, await brand()));
    },
  };
}
