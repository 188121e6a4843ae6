/*
 * Writing Markdown into the editor's body: each toolbar action, as a change
 * to the text area's value and selection. Edits go through the browser's
 * own text insertion where it has one, so Undo (Ctrl+Z) undoes them.
 */

/** Replace `start`–`end` of the text area with `text`, then select `selStart`–`selEnd` (offsets into the new value). */
export function replaceRange(ta: HTMLTextAreaElement, start: number, end: number, text: string, selStart: number, selEnd: number): void {
  ta.focus();
  ta.setSelectionRange(start, end);
  let inserted: boolean;
  try {
    inserted = document.execCommand('insertText', false, text);
  } catch {
    inserted = false;
  }
  if (!inserted || ta.value.slice(start, start + text.length) !== text) {
    ta.setRangeText(text, start, end, 'end');
    ta.dispatchEvent(new Event('input', { bubbles: true }));
  }
  ta.setSelectionRange(selStart, selEnd);
}

/** Insert `text` as a block of its own at the selection: blank lines around it, as Markdown blocks need. */
export function insertBlock(ta: HTMLTextAreaElement, text: string, select?: [number, number]): { start: number; end: number } {
  const { value } = ta;
  // Spaces left at the cut (the word boundaries of a selection) go: the block stands on lines of its own.
  let s = ta.selectionStart;
  let e = ta.selectionEnd;
  while (s > 0 && (value[s - 1] === ' ' || value[s - 1] === '\t')) s--;
  while (e < value.length && (value[e] === ' ' || value[e] === '\t')) e++;
  const before = value.slice(0, s);
  const after = value.slice(e);
  const lead = before === '' ? '' : before.endsWith('\n\n') ? '' : before.endsWith('\n') ? '\n' : '\n\n';
  const trail = after === '' ? '' : after.startsWith('\n\n') ? '' : after.startsWith('\n') ? '\n' : '\n\n';
  const block = `${lead}${text}${trail}`;
  const at = s + lead.length;
  const [a, b] = select ?? [text.length, text.length];
  replaceRange(ta, s, e, block, at + a, at + b);
  return { start: at, end: at + text.length };
}

/** Wrap the selection in `mark` (** or *), or unwrap it when it is wrapped already; with nothing selected, insert a word to type over. */
function wrap(ta: HTMLTextAreaElement, mark: string, placeholder: string): void {
  const { selectionStart: s, selectionEnd: e, value } = ta;
  const n = mark.length;
  const selected = value.slice(s, e);
  if (value.slice(s - n, s) === mark && value.slice(e, e + n) === mark && !(n === 1 && value.slice(s - 2, s) === '**' && value.slice(e, e + 2) === '**')) {
    replaceRange(ta, s - n, e + n, selected, s - n, e - n);
    return;
  }
  if (selected.length > 2 * n && selected.startsWith(mark) && selected.endsWith(mark)) {
    const inner = selected.slice(n, -n);
    replaceRange(ta, s, e, inner, s, s + inner.length);
    return;
  }
  // Spaces at the ends stay outside the marks ("**word** ", not "**word **", which Markdown would not read as bold).
  const m = /^(\s*)([\s\S]*?)(\s*)$/.exec(selected)!;
  const inner = m[2] || placeholder;
  const text = `${m[1]}${mark}${inner}${mark}${m[3]}`;
  const innerStart = s + m[1]!.length + n;
  replaceRange(ta, s, e, text, innerStart, innerStart + inner.length);
}

/** The start and end of the whole lines the selection touches. */
function lineSpan(ta: HTMLTextAreaElement): [number, number] {
  const { selectionStart: s, selectionEnd: e, value } = ta;
  const start = value.lastIndexOf('\n', s - 1) + 1;
  const endBreak = value.indexOf('\n', e > s && value[e - 1] === '\n' ? e - 1 : e);
  return [start, endBreak === -1 ? value.length : endBreak];
}

/** Put `prefix` before every selected line, or take it away when every line has it. */
function prefixLines(ta: HTMLTextAreaElement, prefix: string, strip: RegExp): void {
  const [start, end] = lineSpan(ta);
  const lines = ta.value.slice(start, end).split('\n');
  const all = lines.every((l) => l.trim() === '' || l.startsWith(prefix));
  const next = lines.map((l) => (all ? l.slice(prefix.length) : l.trim() === '' ? l : `${prefix}${l.replace(strip, '')}`)).join('\n');
  replaceRange(ta, start, end, next, start, start + next.length);
}

/** A link around the selection: the selection is the link's text (or its address, when it is one). */
function link(ta: HTMLTextAreaElement): void {
  const { selectionStart: s, selectionEnd: e, value } = ta;
  const selected = value.slice(s, e).trim();
  if (/^https?:\/\/\S+$/.test(selected)) {
    const text = `[link text](${selected})`;
    replaceRange(ta, s, e, text, s + 1, s + 10);
    return;
  }
  const label = selected || 'link text';
  const text = `[${label}](https://)`;
  const urlStart = s + label.length + 3;
  replaceRange(ta, s, e, text, urlStart, urlStart + 'https://'.length);
}

/** A quote block from the selected lines (or a line to type over), with a first line and a last line of its own. */
function quote(ta: HTMLTextAreaElement, first: string | null, last: string | null, placeholder: string): void {
  const selected = ta.value.slice(ta.selectionStart, ta.selectionEnd).trim();
  const body = (selected || placeholder)
    .split('\n')
    .map((l) => (l.trim() === '' ? '>' : `> ${l.replace(/^>\s?/, '')}`))
    .join('\n');
  const head = first ? `> ${first}\n` : '';
  const text = `${head}${body}${last ? `\n> ${last}` : ''}`;
  // Select what to type next: the passage when none was given, else the source's name.
  const sel: [number, number] = selected
    ? last
      ? [text.length - last.length + 3, text.length - last.length + 3 + 'Source'.length]
      : [text.length, text.length]
    : [head.length + 2, head.length + 2 + placeholder.length];
  insertBlock(ta, text, sel);
}

/** The toolbar's actions, by their `data-md` name; `image` is the page's (it uploads). */
export const ACTIONS: Record<string, (ta: HTMLTextAreaElement) => void> = {
  bold: (ta) => wrap(ta, '**', 'bold text'),
  italic: (ta) => wrap(ta, '*', 'italic text'),
  link,
  heading: (ta) => prefixLines(ta, '## ', /^#{1,6}\s+/),
  list: (ta) => prefixLines(ta, '- ', /^([-*+]|\d+[.)])\s+/),
  quote: (ta) => quote(ta, null, '— [Source](https://)', 'The quoted passage.'),
  pullquote: (ta) => quote(ta, '[!pullquote]', null, 'The line to pull out.'),
};
