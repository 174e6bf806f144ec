// The native baseline: Debian's `lua5.4` running a bench program, with or without a no-op count hook.
// Each run is a fresh lua5.4 process: os.clock() (CPU) around the chunk inside Lua, and the wall time minus start-up.
import { spawnSync } from 'node:child_process';
import { median } from './stats.js';

export const LUA_BINARY = 'lua5.4';
export const LUA_INSTALL_HINT = 'apt-get install lua5.4';

/** The `lua5.4 -v` banner, or null when lua5.4 is not on PATH. */
export function nativeLuaVersion(): string | null {
  const r = spawnSync(LUA_BINARY, ['-v'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) return null;
  return (r.stdout || r.stderr).trim();
}

/** The driver: loads the file, sets the hook (count q, empty mask) when q > 0, times the call with os.clock. */
function driver(path: string, scale: string, hookCount: number): string {
  return [
    `local f = assert(loadfile(${JSON.stringify(path)}))`,
    hookCount > 0 ? `debug.sethook(function() end, '', ${hookCount})` : '',
    'local t0 = os.clock()',
    `local r = f(${JSON.stringify(scale)})`,
    'local dt = os.clock() - t0',
    'debug.sethook()',
    "io.write(string.format('%.4f', dt * 1000), '\\t', tostring(r), '\\n')",
  ].join(' ');
}

/** Wall milliseconds of starting and ending an empty lua5.4 (median of `runs`), subtracted from each run. */
export function nativeStartupMs(runs = 7): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    spawnSync(LUA_BINARY, ['-e', ''], { encoding: 'latin1' });
    times.push(performance.now() - t0);
  }
  return median(times);
}

/** Runs one bench program in a fresh lua5.4: wall ms (minus start-up), os.clock() CPU ms of the chunk, checksum. */
export function runNative(path: string, scale: string, hookCount: number, startupMs: number): { cpuMs: number; wallMs: number; checksum: string } {
  const t0 = performance.now();
  const r = spawnSync(LUA_BINARY, ['-e', driver(path, scale, hookCount)], { encoding: 'latin1', timeout: 60_000 });
  const wall = performance.now() - t0;
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`lua5.4 failed: ${r.stderr.trim()}`);
  const [cpuMs, checksum] = r.stdout.trim().split('\t');
  return { cpuMs: Number(cpuMs), wallMs: Math.max(wall - startupMs, 0), checksum };
}
