// The `rand` native context: random numbers from the kernel's random source, which is seeded in
// deterministic mode, so a seeded run replays them.
import { STATUS } from '../kernel/contexts.js';
import { Args } from '../kernel/arguments.js';
import type { NativeCall } from '../kernel/interactions.js';
import type { KernelServices } from '../kernel/services.js';
import { LuaFloat } from '../vm/vm.js';

/** The most bytes one rand.bytes call gives. */
const MAX_BYTES = 65536;

export function randCalls(_kernel: KernelServices): Record<string, NativeCall> {
  return {
    random: (k, _caller, _args, reply) => {
      const f = k.random.next();
      reply(STATUS.OK, [Number.isInteger(f) ? new LuaFloat(f) : f]);
    },
    int: (k, _caller, args, reply) => {
      const a = new Args('rand.int', args);
      const lo = a.integer(1);
      const hi = a.integer(2);
      if (lo > hi) a.fail(2, `interval is empty: ${lo} > ${hi}`);
      reply(STATUS.OK, [lo + k.random.below(hi - lo + 1)]);
    },
    bytes: (k, _caller, args, reply) => {
      const a = new Args('rand.bytes', args);
      const n = a.integer(1);
      if (n < 0 || n > MAX_BYTES) a.fail(1, `count must be 0 to ${MAX_BYTES}, got ${n}`);
      let out = '';
      for (let i = 0; i < n; i++) out += String.fromCharCode(k.random.below(256));
      reply(STATUS.OK, [out]);
    },
  };
}
