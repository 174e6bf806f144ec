// The craftos colors, colours and keys APIs (rom/apis) on both VMs: colour sets, RGB and blit conversions, the
// British spellings, and the key codes, which come from the kernel's table (src/devices/keys.ts).
import { describe, expect, it } from 'vitest';
import { KEYS } from '../src/devices/keys.js';
import { VM_NAMES } from '../src/vm/vm.js';
import { runCraftos } from './craftos-helpers.js';

/** A terminal wide and tall enough that the tests' lines neither wrap nor scroll. */
const WIDE = { width: 120, height: 60 };

describe.each(VM_NAMES)('colors, colours and keys on %s', (vm) => {
  it('combines, subtracts and tests colour sets and converts colours', async () => {
    const { screen, exit } = await runCraftos(
      `
      print(colors.white, colors.orange, colors.lightBlue, colors.gray, colors.lightGray, colors.red, colors.black)
      local set = colors.combine(colors.red, colors.blue, colors.red)
      print(set, colors.subtract(set, colors.red), colors.subtract(set, colors.red, colors.blue), colors.combine())
      print(colors.test(set, colors.red), colors.test(set, colors.green), colors.test(set, colors.combine(colors.red, colors.blue)))
      print(colors.packRGB(1, 0.5, 0), colors.packRGB(0.2, 0.4, 0.6), colors.rgb8(0, 0, 1))
      local r, g, b = colors.unpackRGB(0xFF8000)
      print(r, math.floor(g * 255 + 0.5), b, select("#", colors.rgb8(0x123456)))
      print(colors.toBlit(colors.white), colors.toBlit(colors.lightBlue), colors.toBlit(colors.black), colors.fromBlit("e"), colors.fromBlit("g"), colors.fromBlit("ab"))
      print(select(2, pcall(colors.toBlit, 0)), select(2, pcall(colors.combine, 1, "x")))
      print(colours.grey == colors.gray, colours.lightGrey == colors.lightGray, colours.gray, colours.lightGray, colours.combine == colors.combine)
      `,
      { vm, termSize: WIDE },
    );
    expect(exit?.code).toBe(0);
    expect(screen.split('\n')).toEqual([
      '1 2 8 128 256 16384 32768',
      '18432 2048 0 0',
      'true false true',
      '16744192 3368601 255',
      '1 128 0 3',
      '0 3 f 16384 nil nil',
      'Colour out of range bad argument #2 (number expected, got string)',
      'true true nil nil true',
    ]);
  });

  it("names every key as the kernel's table does, in both directions", async () => {
    const { screen, exit } = await runCraftos(
      `
      local n = 0
      for name, code in pairs(keys) do
        if type(code) == "number" then
          n = n + 1
          print(name .. "=" .. code)
        end
      end
      print("count", n)
      print(keys.getName(keys.enter), keys.getName(keys.a), keys.getName(keys.numPad5), keys.getName(9999))
      print(keys["return"] == keys.enter, keys.scollLock == keys.scrollLock, pcall(keys.getName, "a"))
      `,
      { vm, termSize: { width: 120, height: 200 } },
    );
    expect(exit?.code).toBe(0);
    const rows = screen.split('\n');
    const table = Object.fromEntries(
      rows
        .filter((r) => r.includes('='))
        .map((r) => r.split('='))
        .map(([k, v]) => [k, Number(v)]),
    );
    expect(table).toEqual({ ...KEYS, return: KEYS.enter, scollLock: KEYS.scrollLock });
    expect(rows.slice(-3)).toEqual([
      `count ${Object.keys(KEYS).length + 2}`,
      'enter a numPad5 nil',
      'true true false bad argument #1 (number expected, got string)',
    ]);
  });
});
