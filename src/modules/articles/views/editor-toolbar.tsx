/*
 * The Markdown toolbar above the body. Its buttons only work with the
 * editor's script, which shows the toolbar (it is hidden without scripts,
 * where the body is a plain Markdown text area as before).
 */

/** One toolbar button: what it writes (the script reads `data-md`), its name, and its shortcut if it has one. */
interface ToolButton {
  action: string;
  label: string;
  text: string;
  key?: string;
}

const GROUPS: ToolButton[][] = [
  [
    { action: 'bold', label: 'Bold', text: 'B', key: 'B' },
    { action: 'italic', label: 'Italic', text: 'I', key: 'I' },
    { action: 'link', label: 'Link', text: 'Link', key: 'K' },
  ],
  [
    { action: 'heading', label: 'Heading', text: 'Heading' },
    { action: 'list', label: 'Bulleted list', text: 'List' },
  ],
  [
    { action: 'quote', label: 'Attributed quote', text: 'Quote' },
    { action: 'pullquote', label: 'Pull quote', text: 'Pull quote' },
    { action: 'image', label: 'Image', text: 'Image' },
  ],
];

/** The toolbar: a labelled `role="toolbar"` of buttons, each named with its shortcut. */
export function MarkdownToolbar() {
  return (
    <div class="md-toolbar" id="md-toolbar" role="toolbar" aria-label="Formatting (Markdown)" aria-controls="body" hidden>
      {GROUPS.map((group, g) => (
        <>
          {g > 0 ? <span class="md-toolbar__sep" aria-hidden="true"></span> : null}
          {group.map((b) => (
            <button
              key={b.action}
              type="button"
              data-md={b.action}
              aria-label={b.key ? `${b.label} (Ctrl+${b.key})` : b.label}
              title={b.key ? `${b.label} (Ctrl+${b.key}, or ⌘${b.key} on a Mac)` : b.label}
              {...(b.key ? { 'aria-keyshortcuts': `Control+${b.key} Meta+${b.key}` } : {})}
              tabIndex={b.action === 'bold' ? 0 : -1}
            >
              {b.text}
            </button>
          ))}
        </>
      ))}
    </div>
  );
}
