import type { VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';

/** Render a page component to a complete HTML document. */
export function renderDocument(page: VNode): string {
  return `<!doctype html>${renderToString(page)}`;
}
