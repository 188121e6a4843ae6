#!/usr/bin/env node
// The broadsheet command: runs the built CLI (npm run build produces dist/).
import('../dist/cli.js');
