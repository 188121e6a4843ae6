import { describe, expect, it } from 'vitest';
import { alertMessage, quoteReply, replyMessage } from './notifications.js';

describe('quoteReply', () => {
  it('quotes each line behind "> ", blank lines as ">"', () => {
    expect(quoteReply('First line\r\nsecond line\r\n\r\n\r\n\r\nLast.')).toBe('> First line\n> second line\n>\n> Last.');
  });

  it('keeps the whole reply up to the limit, and cuts longer ones with an ellipsis', () => {
    expect(quoteReply('a'.repeat(500))).toBe(`> ${'a'.repeat(500)}`);
    expect(quoteReply('a'.repeat(501))).toBe(`> ${'a'.repeat(500)}…`);
    expect(quoteReply(`${'b'.repeat(498)}   more`)).toBe(`> ${'b'.repeat(498)}…`);
  });

  it('counts characters, not UTF-16 units, so a cut never splits one', () => {
    const quoted = quoteReply('😀'.repeat(600)).slice(2);
    expect([...quoted]).toHaveLength(501);
    expect(quoted.endsWith('😀…')).toBe(true);
  });

  it('drops control and text-direction characters', () => {
    expect(quoteReply('safe\u0007 text \u202Egnp.exe\u0000')).toBe('> safe text gnp.exe');
  });
});

describe('replyMessage', () => {
  const base = {
    to: 'ana@example.org',
    readerName: 'Ana',
    replierName: 'Bo',
    headline: 'A headline',
    replyBody: 'Yes.',
    permalink: 'https://news.example.test/2024/03/29/a#comment-7',
    unsubscribeUrl: 'https://news.example.test/unsubscribe/1.abc',
  };

  it('keeps names and headlines on one line in the subject', () => {
    const m = replyMessage({ ...base, replierName: 'Bo\r\nBcc: eve@example.org', headline: 'Two\nlines\u202E' });
    expect(m.subject).toBe('Bo Bcc: eve@example.org replied to your comment on “Two lines”');
    expect(m.subject).not.toMatch(/[\r\n]/);
  });

  it('ends with the unsubscribe line and offers the same link for one click', () => {
    const m = replyMessage(base);
    expect(m.text.trimEnd().split('\n').at(-1)).toBe(`Don't want these emails? Unsubscribe: ${base.unsubscribeUrl}`);
    expect(m.headers).toEqual({ 'List-Unsubscribe': `<${base.unsubscribeUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' });
    expect(m.html).toBeUndefined();
  });
});

describe('alertMessage', () => {
  const base = 'https://news.example.test';

  it('counts comments in the subject and links only the queues that have some', () => {
    const one = alertMessage('mods@example.org', 'The Gazette', base, { comments: 1, held: 1, reported: 0 }, 600_000);
    expect(one.subject).toBe('1 comment is waiting for moderation');
    expect(one.text).toContain(`${base}/admin/comments?queue=pending`);
    expect(one.text).not.toContain('queue=reported');
    expect(one.text).toContain('at most once every 10 minutes');

    const many = alertMessage('mods@example.org', 'The Gazette', base, { comments: 3, held: 1, reported: 3 }, 30_000);
    expect(many.subject).toBe('3 comments are waiting for moderation');
    expect(many.text).toContain('Held for review (1):');
    expect(many.text).toContain('Reported by readers (3):');
    expect(many.text).toContain('at most once every 30 seconds');
  });
});
