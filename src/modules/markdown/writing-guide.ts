/**
 * The writing guide (docs/writing.md) as the newsroom reads it in the
 * admin: the project's own document, rendered once per process.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import MarkdownIt from 'markdown-it';

/** The project's root (where package.json is), from src/ or from the dist/ bundle. */
function projectRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    dir = path.dirname(dir);
  }
  return process.cwd();
}

const WRITING_GUIDE = path.join(projectRoot(), 'docs', 'writing.md');

let guideHtml: string | undefined;

/** docs/writing.md as HTML, read and rendered on the first call and kept. */
export function writingGuideHtml(): string {
  if (guideHtml === undefined) {
    // Plain CommonMark, not the article renderer: the guide is a page of its
    // own, whose title is its first-level heading.
    const md = new MarkdownIt({ html: false, linkify: false, typographer: true });
    guideHtml = md.render(fs.readFileSync(WRITING_GUIDE, 'utf8'));
  }
  return guideHtml;
}
