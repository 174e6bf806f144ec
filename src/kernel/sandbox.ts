// The kernel's Lua prelude (sandbox.lua beside this file's source), read once at start-up.
// It runs first in every process and builds the sandboxed native environment over the `sys` host table.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PACKAGE_ROOT } from '../paths.js';

export const SANDBOX_SOURCE = readFileSync(fileURLToPath(new URL('src/kernel/sandbox.lua', PACKAGE_ROOT)), 'latin1');
