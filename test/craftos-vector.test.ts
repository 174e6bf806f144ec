// The craftos vector API (rom/apis/vector.lua) on both VMs: construction, the 12 methods, the metamethods and
// the argument errors.
import { describe, expect, it } from 'vitest';
import { VM_NAMES } from '../src/vm/vm.js';
import { runCraftos } from './craftos-helpers.js';

/** A terminal wide and tall enough that the tests' lines neither wrap nor scroll. */
const WIDE = { width: 120, height: 60 };

describe.each(VM_NAMES)('vector on %s', (vm) => {
  it('does vector arithmetic with methods and operators', async () => {
    const { screen, exit } = await runCraftos(
      `
      local a, b = vector.new(1, 2, 3), vector.new(4, -5, 6)
      print(a, vector.new(), a.x, a.y, a.z, getmetatable(a).__name)
      print(a:add(b), a + b, a:sub(b), a - b, a:mul(2), a * 2, 2 * a, b:div(2), b / 2, a:unm(), -a)
      print(a:dot(b), a:cross(b), vector.new(3, 4, 0):length(), vector.new(0, 3, 4):normalize(), vector.new():normalize())
      print(vector.new(1.4, -1.6, 2.5):round(), vector.new(1.26, 3.74, -0.2):round(0.5), a:tostring())
      print(a == vector.new(1, 2, 3), a ~= b, a:equals(vector.new(1, 2, 3)), a == { x = 1, y = 2, z = 3 })
      print(pcall(a.add, a, 3))
      print(pcall(function() return a + 1 end))
      print(pcall(a.mul, a, a))
      print(pcall(vector.new, "1"))
      `,
      { vm, termSize: WIDE },
    );
    expect(exit?.code).toBe(0);
    expect(screen.split('\n')).toEqual([
      '1,2,3 0,0,0 1 2 3 vector',
      '5,-3,9 5,-3,9 -3,7,-3 -3,7,-3 2,4,6 2,4,6 2,4,6 2,-2.5,3 2,-2.5,3 -1,-2,-3 -1,-2,-3',
      '12 27,6,-13 5 0,0.6,0.8 0,0,0',
      '1,-2,3 1.5,3.5,0 1,2,3',
      'true true true false',
      'false bad argument #2 (vector expected, got number)',
      // the operator's name as each VM gives it: 'add' (Lua 5.4) or '__add' (Lua 5.3)
      expect.stringMatching(/^false main:\d+: bad argument #2 to '(__)?add' \(vector expected, got number\)$/),
      'false bad argument #2 (number expected, got vector)',
      'false bad argument #1 (number expected, got string)',
    ]);
  });
});
