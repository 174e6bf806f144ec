// CraftOS's words for errors, and the line they blame, on both VMs: queueEvent's table nested too deeply, parallel's
// argument errors, sleep's, and "Too long without yielding" from a runaway pattern match (no position, as CC).
import { describe, expect, it } from 'vitest';
import { runCraftos, VMS } from './craftos-helpers.js';

const WIDE = { width: 100, height: 20 };

describe.each(VMS)('craftos error words (%s)', (vm) => {
  it('queueEvent refuses a table nested past the kernel copy depth, naming itself and the argument at the caller', async () => {
    const run = await runCraftos(
      `local function nest(levels) local t = {} local c = t for _ = 2, levels do c[1] = {} c = c[1] end return t end
       print(pcall(os.queueEvent, 'x', 1, nest(100000)))
       print(pcall(function() os.queueEvent('x', nest(201)) end))
       os.queueEvent('x', nest(200))
       local _, t = os.pullEvent('x') local levels = 0 while t do levels = levels + 1 t = t[1] end print(levels)`,
      { vm, termSize: WIDE },
    );
    expect(run.rows.slice(0, 3)).toEqual([
      "false bad argument #3 to 'queueEvent' (table nested too deeply to copy)",
      "false main:3: bad argument #2 to 'queueEvent' (table nested too deeply to copy)",
      '200',
    ]);
  });

  it("parallel's argument errors read 'function expected' and blame the caller of waitForAny and waitForAll", async () => {
    const run = await runCraftos(
      `print(pcall(parallel.waitForAny, 1))
       print(pcall(function() parallel.waitForAny(print, 'x') end))
       print(pcall(function() parallel.waitForAll(print, nil) end))`,
      { vm, termSize: WIDE },
    );
    expect(run.rows.slice(0, 3)).toEqual([
      'false bad argument #1 (function expected, got number)',
      "false main:2: bad argument #2 to 'waitForAny' (function expected, got string)",
      "false main:3: bad argument #2 to 'waitForAll' (function expected, got nil)",
    ]);
  });

  it("sleep's argument error blames the caller's line", async () => {
    const run = await runCraftos(
      `print(pcall(function() sleep('x') end))
       print(pcall(function() os.sleep({}) end))`,
      { vm, termSize: WIDE },
    );
    expect(run.rows.slice(0, 2)).toEqual([
      'false main:1: bad argument #1 (number expected, got string)',
      'false main:2: bad argument #1 (number expected, got table)',
    ]);
  });

  it('a runaway pattern match stops with "Too long without yielding", without a position as in CC', async () => {
    const run = await runCraftos(
      `local s, p = ('a'):rep(1e5), '.-.-.-.-.-b$'
       print(pcall(function() local r = string.find(s, p) return r end))
       print(pcall(function() local r = s:match(p) return r end))
       print(pcall(function() local r = s:gsub(p, '') return r end))
       print(pcall(function() for m in s:gmatch(p) do end end))`,
      { vm, termSize: WIDE },
    );
    expect(run.rows.slice(0, 4)).toEqual(Array(4).fill('false Too long without yielding'));
  });
});
