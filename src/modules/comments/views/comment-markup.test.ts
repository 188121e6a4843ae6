import fc from 'fast-check';
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import type { ThreadComment } from '../comments.types.js';
import { commentItemMarkup, text } from './comment-markup.js';

const ZONE = { locale: 'en-US', timezone: 'America/Chicago' } as const;
const OPTIONS = { csrf: 'tok"en&<', now: null, canReact: true, canReply: true };

/** Characters that mean something in markup, mixed into ordinary text. */
const hostile = fc
  .array(fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom('<', '>', '&', '"', "'", '</li>', '<script>alert(1)</script>', '&amp;', '" onclick="x', '<!--', ']]>', '\u0000', '\u202E')), {
    maxLength: 8,
  })
  .map((a) => a.join(''));

function comment(over: Partial<ThreadComment>): ThreadComment {
  return {
    ...{ id: 7, parentId: null, depth: 0, authorName: 'Ann', body: 'Hello', createdAt: '2026-12-01T10:00:00.000Z', number: 1, state: 'approved', editedAt: null },
    ...{ featured: false, staff: false, reactions: 0, reacted: false, mine: false, editableUntil: null, replies: [], moreReplies: 0 },
    ...over,
  };
}

const parse = (html: string) => parseHTML(`<!doctype html><html><body><ol>${html}</ol></body></html>`).document;

describe('comment markup', () => {
  it('escapes what Preact escapes, and only that', () => {
    expect(text(`a "b" & <c> 'd'`)).toBe(`a &quot;b&quot; &amp; &lt;c> 'd'`);
    expect(text('plain')).toBe('plain');
  });

  it('keeps whatever a reader writes as their name or comment as text: the same elements, the text back as written', () => {
    fc.assert(
      fc.property(hostile, hostile, (name, body) => {
        const plain = parse(commentItemMarkup(comment({ authorName: 'Ann', body: 'Hello' }), ZONE, OPTIONS, true, 7));
        const doc = parse(commentItemMarkup(comment({ authorName: name, body: body.replace(/https?:|www\./gi, '') }), ZONE, OPTIONS, true, 7));
        const tags = (d: Document) => [...d.querySelectorAll('li *')].map((e) => e.tagName).filter((t) => t !== 'P' && t !== 'BR');
        expect(tags(doc)).toEqual(tags(plain));
        expect(doc.querySelector('.comment__author')?.textContent).toBe(name);
        expect(doc.querySelector('.comment__reply .visually-hidden')?.textContent).toBe(` to ${name}`);
        expect(doc.querySelector('[name=_csrf]')?.getAttribute('value')).toBe(OPTIONS.csrf);
        expect(doc.querySelectorAll('script, [onclick]')).toHaveLength(0);
      }),
      { numRuns: 300 },
    );
  });

  it('nests replies, says how many more there are, and marks what the viewer may do', () => {
    const reply = comment({ id: 8, parentId: 7, number: null, authorName: 'Bo', mine: true, editableUntil: '2999-01-01T00:00:00.000Z', state: 'pending' });
    const doc = parse(commentItemMarkup(comment({ replies: [reply], moreReplies: 1234, reactions: 3, featured: true, staff: true, editedAt: '2026-12-01T11:00:00.000Z' }), ZONE, OPTIONS, true, 7));
    const top = doc.querySelector('#comment-7')!;
    expect(top.getAttribute('class')).toBe('comment comment--top comment--approved comment--staff comment--featured');
    expect(top.querySelector('.comment__number')?.textContent).toBe('1.');
    expect(top.querySelector('time')?.getAttribute('datetime')).toBe('2026-12-01T10:00:00.000Z');
    expect(top.querySelector('.comment__edited')?.getAttribute('title')).toMatch(/^Edited December 1, 2026/);
    expect(top.querySelector('.comment__recommend')?.getAttribute('aria-pressed')).toBe('false');
    expect(top.querySelector('ol.comment-replies')?.getAttribute('aria-label')).toBe('Replies to Ann');
    const mine = doc.querySelector('#comment-8')!;
    expect(mine.getAttribute('class')).toBe('comment comment--reply comment--pending comment--mine');
    expect(mine.querySelector('.comment__state')?.textContent).toBe('Awaiting moderation — only you can see this');
    expect(mine.querySelector('.comment__edit')?.getAttribute('href')).toBe('/comments/8/edit');
    expect(mine.querySelector('.comment__delete')?.getAttribute('action')).toBe('/comments/8/delete');
    expect(mine.querySelector('.comment__report, .comment__reply')).toBeNull();
    expect(doc.querySelector('.comment__more a')?.textContent).toBe('Show 1,234 more replies');
    expect(doc.querySelector('.comment__more a')?.getAttribute('href')).toBe('/comments/7/replies#comment-7');
  });

  it('shows a removed comment as a placeholder, with its replies', () => {
    const doc = parse(commentItemMarkup(comment({ state: 'removed', body: '', replies: [comment({ id: 9, parentId: 7, number: null })] }), ZONE, OPTIONS, true, 7));
    expect(doc.querySelector('#comment-7 > article')?.getAttribute('aria-label')).toBe('Comment removed');
    expect(doc.querySelector('#comment-7 > article .comment__author')).toBeNull();
    expect(doc.querySelector('#comment-7 > ol > #comment-9 .comment__author')?.textContent).toBe('Ann');
    expect(doc.querySelector('#comment-7 > ol')?.getAttribute('aria-label')).toBe('Replies to a removed comment');
  });
});
