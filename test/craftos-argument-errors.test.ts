// CraftOS argument errors as CC: Tweaked words them, on both VMs: cc.expect (`T expected`, an optional argument's
// "nil" left out, no function name when called straight from pcall), the bios's load/loadfile/dofile/write/sleep,
// and the redstone natives blamed on their caller.
import { describe, expect, it } from 'vitest';
import { runCraftos, VMS } from './craftos-helpers.js';

const WIDE = { width: 120, height: 40 };

describe.each(VMS)('CraftOS argument errors on %s', (vm) => {
  it('cc.expect lists the types wanted, leaves out nil beside others, and names only a Lua caller', async () => {
    const { screen, exit } = await runCraftos(
      `
      local e = require "cc.expect"
      print(pcall(e.expect, 1, nil, "string"))
      print(pcall(e.expect, 2, false, "string", "table", "number", "nil"))
      print(pcall(e.expect, 3, 1, "nil"))
      print(pcall(e.field, { k = false }, "k", "string", "nil"))
      local function worker(x) e.expect(1, x, "number", "nil") end
      local ok, err = pcall(function() worker("a") end)
      print(err)
      `,
      { vm, termSize: WIDE },
    );
    expect(exit?.code).toBe(0);
    expect(screen.split('\n')).toEqual([
      // pcall is no Lua function: no name, and the error is blamed on pcall's caller (level 3 from expect)
      'false main:3: bad argument #1 (string expected, got nil)',
      'false main:4: bad argument #2 (string, table or number expected, got boolean)',
      'false main:5: bad argument #3 (nil expected, got number)',
      "false main:6: bad field 'k' (string expected, got boolean)",
      expect.stringMatching(/^main:\d+: bad argument #1 to 'worker' \(number expected, got string\)$/),
    ]);
  });

  it("the bios's own functions check their arguments in CC's words", async () => {
    const { screen, exit } = await runCraftos(
      `
      print(pcall(load, nil))
      print(pcall(load, "", false))
      print(pcall(load, "", "", "", false))
      print(load("return 1 + 1", "name", nil, {})())
      print(pcall(loadfile, "x", false))
      print(pcall(loadfile, "x", nil, 1))
      print(pcall(dofile, nil))
      print(pcall(write, nil))
      print(pcall(sleep, false))
      local ok, err = pcall(function() redstone.setOutput(setmetatable({}, { __name = "thing" }), true) end)
      print(err)
      `,
      { vm, termSize: WIDE },
    );
    expect(exit?.code).toBe(0);
    expect(screen.split('\n')).toEqual([
      'false bad argument #1 (function or string expected, got nil)',
      'false bad argument #2 (string expected, got boolean)',
      'false bad argument #4 (table expected, got boolean)',
      '2',
      'false bad argument #2 (string expected, got boolean)',
      'false bad argument #3 (table expected, got number)',
      'false bad argument #1 (string expected, got nil)',
      'false bad argument #1 (string or number expected, got nil)',
      'false bad argument #1 (number expected, got boolean)',
      expect.stringMatching(/^main:\d+: bad argument #1 \(string expected, got thing\)$/),
    ]);
  });
});
