// Build the server into dist/ with esbuild: one ESM bundle for the CLI,
// npm packages left as imports; then the editor's browser script. Takes well under a second.
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

// The article editor's browser script (progressive enhancement: autosave and
// live preview), served from public/assets/ and loaded only by the editor.
await build({
  entryPoints: ['client/editor.ts'],
  outfile: 'public/assets/editor.js',
  bundle: true,
  platform: 'browser',
  format: 'esm',
  target: 'es2020',
  minify: true,
  sourcemap: true,
  logLevel: 'warning',
});
