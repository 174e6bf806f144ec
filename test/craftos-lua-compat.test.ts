// Lua-level behaviour CraftOS programs rely on, on both VMs: string.format's integer conversions cut a fraction (as
// CC's Lua does) while its errors stay Lua's; table.sort of tables whose __lt pulls events; redstone's side names.
import { describe, expect, it } from 'vitest';
import { runCraftos, VMS } from './craftos-helpers.js';

const WIDE = { width: 120, height: 40 };

describe.each(VMS)('craftos Lua compatibility (%s)', (vm) => {
  it('string.format cuts the fraction of a number an integer conversion gets; its errors stay as Lua gives them', async () => {
    const run = await runCraftos(
      `print(("%d %x %5.2f %d%%"):format(7 / 2, 255.75, 1.125, -2.5))
       print(pcall(string.format, "%d", "x"))
       local ok, err = pcall(function() local s = string.format("%d", {}) return s end)
       print(err)`,
      { vm, termSize: WIDE },
    );
    expect(run.exit?.code).toBe(0);
    expect(run.rows.slice(0, 3)).toEqual([
      '3 ff  1.12 -2%',
      "false bad argument #2 to 'string.format' (number expected, got string)",
      "main:3: bad argument #2 to 'format' (number expected, got table)",
    ]);
  });

  it('table.sort compares tables by an __lt that may wait for events', async () => {
    const run = await runCraftos(
      `local mt = { __lt = function(a, b) os.queueEvent("tick") os.pullEvent("tick") return a.v < b.v end }
       local t = {}
       for i, v in ipairs({ 5, 3, 9, 1 }) do t[i] = setmetatable({ v = v }, mt) end
       table.sort(t)
       print(t[1].v, t[2].v, t[3].v, t[4].v)`,
      { vm, termSize: WIDE },
    );
    expect(run.exit?.code).toBe(0);
    expect(run.rows[0]).toBe('1 3 5 9');
  });

  it('redstone takes sides in any case, and words its refusals as CC', async () => {
    const run = await runCraftos(
      `redstone.setAnalogOutput("Top", 7)
       print(redstone.getAnalogOutput("top"), redstone.getAnalogOutput("TOP"))
       print(pcall(redstone.getInput, "up"))
       print(pcall(redstone.setAnalogOutput, "top", 16))`,
      { vm, termSize: WIDE },
    );
    expect(run.exit?.code).toBe(0);
    expect(run.rows.slice(0, 3)).toEqual(['7 7', 'false bad argument #1 (unknown option up)', 'false Expected number in range 0-15']);
  });
});
