import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { ARTICLE_BODY_MARKUP, hostileText, typedTag, unsafeMarkup } from '../../../test/helpers/html-safety.js';
import { damage, edit, SMALL } from '../../../test/helpers/wxr-mutations.js';
import { renderBody } from '../markdown/markdown.render.js';
import { type BodyContext, convertBody } from './wxr.body.js';
import { htmlToCommentText, htmlToLine } from './wxr.text.js';
import { readWxr } from './wxr.reader.js';
import type { WxrEntry } from './wxr.types.js';
import { WxrError } from './wxr.xml.js';

/*
 * Property tests of the WordPress reader and body conversion: real exports
 * (../shared/corpora/wxr) mangled every way a file gets damaged (cut short,
 * slices lost or doubled, bytes that are not UTF-8, another encoding
 * declared, markup and huge attributes dropped in anywhere) are either read
 * or refused with a WxrError that gives a line and a reason, never another
 * exception; and whatever a post's content holds, it converts to a body that
 * renders without markup of its own. The seed changes from run to run; a
 * failure prints it and the smallest mutation.
 */

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wxr-fuzz-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
let n = 0;

/** Read a file to the end: the entries, or the WxrError it was refused with. Anything else thrown fails the test. */
async function readAll(bytes: Uint8Array): Promise<WxrEntry[] | WxrError> {
  const file = path.join(dir, `f${++n}.xml`);
  fs.writeFileSync(file, bytes);
  const entries: WxrEntry[] = [];
  try {
    for await (const e of readWxr(file, { recordTextMax: 256 * 1024 })) entries.push(e);
    return entries;
  } catch (err) {
    if (err instanceof WxrError) return err;
    throw err;
  } finally {
    fs.rmSync(file, { force: true });
  }
}

const ctx: BodyContext = { siteUrl: 'https://old.example.org', postId: 1, attachment: () => undefined, attachedTo: () => [] };

/** What an import makes of the entries: every post's body, title and comments converted and rendered. */
function convertAll(entries: WxrEntry[]): void {
  for (const e of entries) {
    if (e.kind !== 'item') continue;
    const body = convertBody(e.item.content, { ...ctx, postId: e.item.postId ?? 0 });
    expect(unsafeMarkup(renderBody(body.markdown), ARTICLE_BODY_MARKUP)).toEqual([]);
    htmlToLine(e.item.title);
    for (const c of e.item.comments) htmlToCommentText(c.content);
  }
}

/** Generous: a busy machine runs these several times slower than an idle one. */
const TIMEOUT = 60_000;

describe('reading mangled WordPress exports', () => {
  it(
    'reads a damaged export, or refuses it with a line and a reason',
    async () => {
      const outcomes = { read: 0, refused: 0 };
      await fc.assert(
        fc.asyncProperty(
          fc.integer({ min: 0, max: SMALL.length - 1 }),
          fc.oneof(fc.array(edit, { minLength: 1, maxLength: 4 }), fc.array(fc.oneof(edit, damage), { minLength: 1, maxLength: 3 })),
          async (which, mutations) => {
            let bytes: Buffer = SMALL[which]!;
            for (const m of mutations as Array<(b: Buffer) => Buffer>) bytes = m(bytes);
            const result = await readAll(bytes);
            outcomes[result instanceof WxrError ? 'refused' : 'read']++;
            if (result instanceof WxrError) {
              expect(result.line).toBeGreaterThanOrEqual(1);
              expect(result.reason.trim()).not.toBe('');
              return;
            }
            expect(result[0]?.kind).toBe('channel');
            convertAll(result);
          },
        ),
        { numRuns: 150 },
      );
      // Both paths were taken: the edits leave many files readable.
      expect(outcomes.read).toBeGreaterThan(0);
      expect(outcomes.refused).toBeGreaterThan(0);
    },
    TIMEOUT,
  );

  it(
    'converts any post content to a body that renders without markup of its own',
    () => {
      const content = fc.array(
        fc.oneof(
          typedTag,
          hostileText,
          fc.constantFrom(
            '[gallery ids="1,2"]',
            '[caption id="x"]<img src="https://old.example.org/a.jpg">Cap[/caption]',
            '[embed]https://youtu.be/x[/embed]',
            '<!-- wp:paragraph -->',
            '<!-- /wp:paragraph -->',
            '[',
            ']',
            '\n\n',
          ),
        ),
        {
          maxLength: 20,
        },
      );
      fc.assert(
        fc.property(content, (parts) => {
          const html = parts.join('');
          const body = convertBody(html, ctx);
          expect(body.notes.every((note) => typeof note === 'string' && note !== '')).toBe(true);
          expect(unsafeMarkup(renderBody(body.markdown), ARTICLE_BODY_MARKUP)).toEqual([]);
          expect(typeof htmlToLine(html)).toBe('string');
          expect(typeof htmlToCommentText(html).text).toBe('string');
        }),
        { numRuns: 300 },
      );
    },
    TIMEOUT,
  );
});
