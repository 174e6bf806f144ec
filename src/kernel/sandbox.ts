// The kernel's Lua preludes (sandbox.lua and debug.lua beside this file's source), read once at start-up.
// They run first in every process and build the sandboxed native environment over the `sys` host table.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PACKAGE_ROOT } from '../paths.js';

export const SANDBOX_SOURCE = readFileSync(fileURLToPath(new URL('src/kernel/sandbox.lua', PACKAGE_ROOT)), 'latin1');

export const DEBUG_SOURCE = readFileSync(fileURLToPath(new URL('src/kernel/debug.lua', PACKAGE_ROOT)), 'latin1');
