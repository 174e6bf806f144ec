// The kernel's Lua prelude (sandbox.lua beside this file's source) and the chunks it loads on first use, read once
// at start-up. The prelude runs first in every process and builds the sandboxed native environment over `sys`.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PACKAGE_ROOT } from '../paths.js';

export const SANDBOX_SOURCE = readFileSync(fileURLToPath(new URL('src/kernel/sandbox.lua', PACKAGE_ROOT)), 'latin1');

/** The main task's first function (main-task.lua): the runtime prelude, then the program or the prelude's runner. */
export const MAIN_TASK_SOURCE = readFileSync(fileURLToPath(new URL('src/kernel/main-task.lua', PACKAGE_ROOT)), 'latin1');

/** What the main task runs when its program raised an error object with a __tostring (error-text.lua). */
export const ERROR_TEXT_SOURCE = readFileSync(fileURLToPath(new URL('src/kernel/error-text.lua', PACKAGE_ROOT)), 'latin1');

/** The kernel chunks the sandbox loads (src/kernel/NAME.lua), by name: on first use, string-match (and on fengari fengari-strings) at start. */
export const KERNEL_CHUNKS: ReadonlyMap<string, string> = new Map(
  [
    'string-match',
    'fengari-strings',
    'buffers',
    'debug',
    'pattern-check',
    'finalizers',
    'rpc',
    'time-table',
    'string-slow',
    'io',
    'package',
    'loadfile',
    'format-c',
  ].map((name) => [name, readFileSync(fileURLToPath(new URL(`src/kernel/${name}.lua`, PACKAGE_ROOT)), 'latin1')]),
);
