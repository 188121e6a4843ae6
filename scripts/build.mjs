// Build the server into dist/ with esbuild: one ESM bundle for the CLI,
// npm packages left as imports; then the editor's browser script. Takes well under a second.
import fs from 'node:fs';
import { build } from 'esbuild';

await build({
  entryPoints: { cli: 'src/cli/main.ts' },
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  jsx: 'automatic',
  jsxImportSource: 'preact',
  sourcemap: true,
  logLevel: 'warning',
});

// The browser scripts (progressive enhancement only: every page works without
// them), one bundle each, served from public/assets/:
//   editor.ts      the article editor's autosave and live preview;
//   comments.ts    posting, replying, reactions and "load more replies" on article pages
//                  (with comment-forms.ts, the tokens and form helpers it shares);
//   live.ts        new comments and live updates arriving on open article pages;
//   moderation.ts  keyboard shortcuts and bulk selection in the moderation queue;
//   passkeys.ts    signing in with a passkey, and adding one, in the newsroom;
//   copy.ts        copy buttons in the newsroom (a new API token).
//   media-picker.ts  the editor's media library dialog (featured image, images in the body).
//   share.ts     the share block under a story: copy its link, the browser's share sheet.
//   account-header.ts  the header's "Sign in" / "Account" link on public pages, and the notice after signing in.
const scripts = ['account-header', 'editor', 'comments', 'live', 'moderation', 'passkeys', 'copy', 'media-picker', 'share'].filter((name) => fs.existsSync(`client/${name}.ts`));
await build({
  entryPoints: scripts.map((name) => `client/${name}.ts`),
  outdir: 'public/assets',
  bundle: true,
  platform: 'browser',
  format: 'esm',
  target: 'es2020',
  minify: true,
  sourcemap: true,
  logLevel: 'warning',
});
