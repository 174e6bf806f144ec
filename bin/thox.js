#!/usr/bin/env node
// The `thox` command: loads the compiled CLI (built into dist/ by `npm install` or `npm run build`).
import { existsSync } from 'node:fs';

const entry = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('thox: not built yet: run `npm install` (or `npm run build`) in the thox folder first\n');
  process.exit(70);
}
await import(entry.href);
