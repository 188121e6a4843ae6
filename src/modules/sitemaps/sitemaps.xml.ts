/*
 * A tiny XML element builder: every text and attribute value goes through
 * escapeXml, so no value reaches the document unescaped. Elements are plain
 * data until renderXml writes them out.
 */

/** Text children; null, undefined and false are left out, so optional elements read as `cond && el(...)`. */
export type XmlChild = XmlElement | string | null | undefined | false;

export interface XmlElement {
  name: string;
  attributes: [string, string][];
  children: XmlChild[];
}

const NAME = /^[A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?$/;

// Characters XML 1.0 forbids outright (C0 controls but tab, newline and return; lone surrogates; U+FFFE/U+FFFF).
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Escape text for XML content or a quoted attribute, dropping characters XML cannot carry at all. */
export function escapeXml(value: string): string {
  return value.replace(FORBIDDEN, '').replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

/** An element; names are the code's own constants, checked so a typo cannot produce malformed XML. */
export function el(name: string, attributes: Record<string, string> | null, ...children: XmlChild[]): XmlElement {
  const attrs = Object.entries(attributes ?? {});
  for (const n of [name, ...attrs.map(([a]) => a)]) if (!NAME.test(n)) throw new Error(`not an XML name: ${n}`);
  return { name, attributes: attrs, children };
}

function write(node: XmlElement, indent: string, out: string[]): void {
  const attrs = node.attributes.map(([k, v]) => ` ${k}="${escapeXml(v)}"`).join('');
  const kids = node.children.filter((c): c is XmlElement | string => c !== null && c !== undefined && c !== false);
  if (kids.length === 0) {
    out.push(`${indent}<${node.name}${attrs}/>`);
  } else if (kids.every((c) => typeof c === 'string')) {
    out.push(`${indent}<${node.name}${attrs}>${kids.map((c) => escapeXml(c as string)).join('')}</${node.name}>`);
  } else {
    out.push(`${indent}<${node.name}${attrs}>`);
    for (const c of kids) {
      if (typeof c === 'string') out.push(`${indent}  ${escapeXml(c)}`);
      else write(c, `${indent}  `, out);
    }
    out.push(`${indent}</${node.name}>`);
  }
}

/** The document: an XML declaration, then the root element, indented. */
export function renderXml(root: XmlElement): string {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>'];
  write(root, '', out);
  return `${out.join('\n')}\n`;
}
