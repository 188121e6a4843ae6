import fs from 'node:fs';
import { describe, it, expect, vi } from 'vitest';
import { writingGuideHtml } from './writing-guide.js';

describe('writingGuideHtml', () => {
  it('renders docs/writing.md with its title as the first-level heading', () => {
    const html = writingGuideHtml();
    expect(html.startsWith('<h1>Writing article bodies</h1>')).toBe(true);
    expect(html).toContain('<h2>Images</h2>');
    expect(html).toContain('<table>');
  });

  it('shows HTML in the guide as text, and its examples as written', () => {
    const html = writingGuideHtml();
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;b&gt;bold&lt;/b&gt;');
    expect(html).toContain('<code class="language-markdown">![Fishing boats');
    expect(html).not.toContain('<figure');
  });

  it('reads the file once and keeps the result', () => {
    writingGuideHtml();
    const read = vi.spyOn(fs, 'readFileSync');
    try {
      expect(writingGuideHtml()).toBe(writingGuideHtml());
      expect(read).not.toHaveBeenCalled();
    } finally {
      read.mockRestore();
    }
  });
});
