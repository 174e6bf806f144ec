// Attacks on determinism: programs whose output depends on pairs order, sort ties, string hashing and
// math.random must print the same bytes in two runs with the same seed.
import { describe, expect, it } from 'vitest';
import { VM_NAMES } from '../../src/vm/vm.js';
import { attack } from './harness.js';

const PROGRAMS: Record<string, string> = {
  'pairs order over string keys': `local t = {} for i = 1, 200 do t['k' .. i * 7919 % 1000] = i end local o = {} for k in pairs(t) do o[#o + 1] = k end print(table.concat(o, ','))`,
  'pairs order after deletions': `local t = {} for i = 1, 300 do t[tostring(i)] = i end for i = 1, 300, 3 do t[tostring(i)] = nil end local o = {} for k in pairs(t) do o[#o + 1] = k end print(table.concat(o, ','))`,
  'sort ties with an unstable comparator': `local t = {} for i = 1, 500 do t[i] = { k = i % 5, id = i } end table.sort(t, function(a, b) return a.k < b.k end) local o = {} for i = 1, #t do o[i] = t[i].id end print(table.concat(o, ','))`,
  'math.random without a seed': `local o = {} for i = 1, 50 do o[i] = math.random(1000) end print(table.concat(o, ','))`,
  'table addresses through tostring': `local o = {} for i = 1, 20 do o[i] = tostring({}) end print(table.concat(o, ','))`,
};

describe.each(VM_NAMES)('determinism on %s', (vm) => {
  for (const [name, src] of Object.entries(PROGRAMS)) {
    it(name, async () => {
      const a = await attack(vm, { name, src, out: '' });
      const b = await attack(vm, { name, src, out: '' });
      expect(a.out.length).toBeGreaterThan(0);
      expect(b.out).toBe(a.out);
      expect(b.sim.render()).toBe(a.sim.render());
    });
  }
});
