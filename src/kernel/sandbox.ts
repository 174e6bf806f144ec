// The kernel's Lua preludes, read once at start-up: sandbox.lua, run first in every process to build the sandboxed
// native environment over the `sys` host table, and the libraries it loads on first use (io.lua, package.lua, time.lua).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PACKAGE_ROOT } from '../paths.js';

function kernelLua(file: string): string {
  return readFileSync(fileURLToPath(new URL(`src/kernel/${file}`, PACKAGE_ROOT)), 'latin1');
}

export const SANDBOX_SOURCE = kernelLua('sandbox.lua');

/** The libraries a process loads when it first uses them (`io`, `package` and `require`, `os.time` of a table), by name. */
export const LIBRARY_SOURCES: ReadonlyMap<string, string> = new Map([
  ['io', kernelLua('io.lua')],
  ['package', kernelLua('package.lua')],
  ['time', kernelLua('time.lua')],
]);
