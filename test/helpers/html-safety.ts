import fc from 'fast-check';
import { parseHTML } from 'linkedom';

/*
 * What the property tests of the renderers assert about their output, and
 * the input they throw at them: text mixing Markdown syntax, HTML tags and
 * attributes, dangerous URLs, entities and the characters browsers ignore
 * or reorder.
 */

/** The elements and attributes an article body renders to (docs/writing.md), and nothing else. */
export const ARTICLE_BODY_MARKUP = {
  elements: [
    'p',
    'a',
    'em',
    'strong',
    's',
    'code',
    'pre',
    'blockquote',
    'figure',
    'figcaption',
    'cite',
    'aside',
    'img',
    'span',
    'h2',
    'h3',
    'h4',
    'h5',
    'h6',
    'ul',
    'ol',
    'li',
    'hr',
    'br',
    'table',
    'thead',
    'tbody',
    'tr',
    'th',
    'td',
  ],
  attributes: ['href', 'src', 'alt', 'title', 'class', 'cite', 'width', 'height', 'loading', 'decoding', 'start'],
};

/** Elements that run code, load other documents or restyle the page: never in rendered user text. */
const FORBIDDEN_ELEMENTS = [
  'script',
  'style',
  'iframe',
  'frame',
  'frameset',
  'object',
  'embed',
  'applet',
  'link',
  'meta',
  'base',
  'form',
  'input',
  'button',
  'textarea',
  'select',
  'svg',
  'math',
  'template',
  'noscript',
];
const URL_ATTRIBUTES = ['href', 'src', 'cite', 'action', 'formaction', 'srcset', 'poster', 'background', 'xlink:href'];
/** Images a data: URL may carry; anything else (text/html, image/svg+xml) can run script. */
const SAFE_DATA_URL = /^data:image\/(?:png|gif|jpeg|webp|avif);base64,[a-z0-9+/=]*$/i;

/** A URL as a browser reads its scheme: tabs and newlines anywhere, and leading controls and spaces, ignored. */
function schemeOf(url: string): string {
  const s = url.replace(/[\t\n\r]/g, '').replace(/^[\u0000-\u0020]+/, '');
  const m = /^([a-z][a-z0-9+.-]*):/i.exec(s);
  return m ? m[1]!.toLowerCase() : '';
}

/**
 * Everything unsafe in a fragment of rendered HTML, in words (empty when it
 * is safe): forbidden elements, event handler and style attributes,
 * script-bearing URLs, and any element or attribute outside the allowed sets.
 */
export function unsafeMarkup(html: string, allowed: { elements: readonly string[]; attributes: readonly string[] }): string[] {
  const problems: string[] = [];
  const { document } = parseHTML(`<!doctype html><html><head></head><body>${html}</body></html>`);
  const elements = new Set(allowed.elements);
  const attributes = new Set(allowed.attributes);
  if (document.head.childNodes.length > 0) problems.push(`content escaped into <head>: ${document.head.innerHTML}`);
  for (const el of document.body.querySelectorAll('*')) {
    const tag = el.tagName.toLowerCase();
    if (FORBIDDEN_ELEMENTS.includes(tag)) problems.push(`<${tag}> element`);
    else if (!elements.has(tag)) problems.push(`unexpected <${tag}> element`);
    for (const { name, value } of el.attributes) {
      const n = name.toLowerCase();
      if (n.startsWith('on')) problems.push(`${n}= on <${tag}>`);
      else if (n === 'style') problems.push(`style= on <${tag}>`);
      else if (!attributes.has(n)) problems.push(`unexpected ${n}= on <${tag}>`);
      if (URL_ATTRIBUTES.includes(n)) {
        const scheme = schemeOf(value);
        if (scheme === 'javascript' || scheme === 'vbscript') problems.push(`${scheme}: URL in ${n}= on <${tag}>`);
        if (scheme === 'data' && !(n === 'src' && SAFE_DATA_URL.test(value.trim()))) problems.push(`unsafe data: URL in ${n}= on <${tag}>`);
      }
    }
  }
  // The markup as written, not as a lenient parser repaired it: every tag opened is an allowed one.
  for (const m of html.matchAll(/<\/?([a-zA-Z][^\s/>]*)/g)) {
    if (!elements.has(m[1]!.toLowerCase())) problems.push(`tag <${m[1]}> in the markup`);
  }
  return problems;
}

/** Element names as typed by a user: real ones, mixed case, dangerous ones, made-up ones. */
export const tagName = fc.oneof(
  fc.constantFrom('script', 'SCRIPT', 'ScRiPt', 'style', 'iframe', 'object', 'embed', 'img', 'svg', 'a', 'b', 'p', 'div', 'math', 'form', 'base', 'meta', 'link', 'template', 'noscript', 'x-y'),
  fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/),
);

/** URLs of every scheme, with the tricks used to hide one (case, entities, controls, whitespace). */
export const trickyUrl = fc.oneof(
  fc.constantFrom(
    'javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    ' javascript:alert(1)',
    '\u0001javascript:alert(1)',
    'java\tscript:alert(1)',
    'java\nscript:alert(1)',
    'javascript&colon;alert(1)',
    '&#106;avascript:alert(1)',
    '&#x6A;avascript:alert(1)',
    'vbscript:msgbox(1)',
    'data:text/html,<script>alert(1)</script>',
    'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
    'data:image/svg+xml,<svg onload=alert(1)>',
    'data:image/png;base64,iVBORw0KGgo=',
    'https://example.com/a?b=c&d=e#f',
    'http://example.com/(x)',
    '//evil.example/x',
    '/relative/path',
    'mailto:a@example.com',
    'tel:+15551234',
    'file:///etc/passwd',
    'www.example.com',
    'https://exa\u200Bmple.com',
    'https://example.com/"onmouseover="alert(1)',
    "https://example.com/'><script>alert(1)</script>",
  ),
  fc.webUrl(),
  fc.tuple(fc.constantFrom('javascript', 'vbscript', 'data', 'http', 'https', 'ftp', 'blob'), fc.string({ maxLength: 20 })).map(([s, rest]) => `${s}:${rest}`),
);

const attributeName = fc.constantFrom('href', 'src', 'onclick', 'onerror', 'OnLoad', 'style', 'class', 'title', 'srcdoc', 'formaction', 'xlink:href');
const attributeValue = fc.oneof(trickyUrl, fc.string({ maxLength: 20 }), fc.constant('alert(1)'), fc.constant('background:url(javascript:alert(1))'));
const quote = fc.constantFrom('"', "'", '', '`');

/** An HTML tag as a user might type it: open, close or self-closing, attributes quoted any way. */
export const typedTag = fc
  .tuple(tagName, fc.array(fc.tuple(attributeName, attributeValue, quote), { maxLength: 3 }), fc.constantFrom('', '/', 'close'))
  .map(([tag, attrs, end]) => (end === 'close' ? `</${tag}>` : `<${tag}${attrs.map(([n, v, q]) => ` ${n}=${q}${v}${q}`).join('')}${end}>`));

/** Characters browsers treat specially: NUL, controls, bidi overrides and isolates, zero-width, BOM, lone surrogates. */
export const oddCharacter = fc.constantFrom(
  '\u0000',
  '\u0001',
  '\u0008',
  '\u000B',
  '\u000C',
  '\u001B',
  '\u007F',
  '\u0085',
  '\u00A0',
  '\u202E',
  '\u202D',
  '\u2066',
  '\u2069',
  '\u200B',
  '\u200D',
  '\u2060',
  '\uFEFF',
  '\uD800',
  '\uDFFF',
  '\r',
  '\r\n',
  '\t',
);

/** Entities, named and numeric, valid and not. */
export const entity = fc.constantFrom('&lt;', '&gt;', '&amp;', '&quot;', '&#60;', '&#x3C;', '&#0;', '&#xD800;', '&#1114112;', '&nbsp;', '&notanentity;', '&', '&#', '&lt', '&#x6A;');

/** Markdown syntax, whole or broken. */
export const markdownPiece = fc.oneof(
  fc.constantFrom(
    '# ',
    '###### ',
    '> ',
    '> > ',
    '- ',
    '* ',
    '1. ',
    '99999999999. ',
    '```',
    '~~~',
    '    ',
    '---',
    '***',
    '| a | b |\n|:--|--:|\n| 1 | 2 |',
    '**',
    '*',
    '_',
    '~~',
    '`',
    '\\',
    '[',
    ']',
    '(',
    ')',
    '![',
    '<',
    '>',
    '\n',
    '\n\n',
    '— ',
    '-- ',
    '[!pullquote]',
    '[^1]',
    '<!-- -->',
    '<![CDATA[x]]>',
    '<?php ?>',
  ),
  fc.tuple(fc.string({ maxLength: 12 }), trickyUrl, fc.string({ maxLength: 12 })).map(([text, url, title]) => `[${text}](${url} "${title}")`),
  fc.tuple(fc.string({ maxLength: 12 }), trickyUrl, fc.string({ maxLength: 12 })).map(([alt, url, title]) => `![${alt}](${url} "${title}")`),
  fc.tuple(fc.string({ maxLength: 8 }), trickyUrl).map(([ref, url]) => `[${ref}]\n\n[${ref}]: ${url}`),
  trickyUrl.map((url) => `<${url}>`),
);

/** Text mixing all of the above with ordinary words and arbitrary Unicode. */
export const hostileText = fc
  .array(
    fc.oneof(
      { weight: 3, arbitrary: fc.string({ maxLength: 10 }) },
      { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 10 }) },
      { weight: 3, arbitrary: typedTag },
      { weight: 3, arbitrary: markdownPiece },
      { weight: 2, arbitrary: trickyUrl },
      { weight: 2, arbitrary: oddCharacter },
      { weight: 1, arbitrary: entity },
      { weight: 2, arbitrary: fc.constantFrom(' ', '\n', 'word', 'The mayor said', '"quoted"', "it's") },
    ),
    { maxLength: 30 },
  )
  .map((parts) => parts.join(''));
