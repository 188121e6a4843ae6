#!/usr/bin/env node
// The broadsheet command. It runs the build in dist/, which `npm ci` and
// `npm run build` produce.
import { existsSync } from 'node:fs';

const cli = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(cli)) {
  process.stderr.write('broadsheet: dist/cli.js is missing; run "npm run build" in the project folder first\n');
  process.exit(2);
}
await import(cli.href);
