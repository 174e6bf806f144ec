// The `rand` native context: random numbers from the kernel's random source, which is seeded in
// deterministic mode, so a seeded run replays them.
import { STATUS } from '../kernel/contexts.js';
import type { NativeCall } from '../kernel/interactions.js';
import type { Kernel } from '../kernel/kernel.js';
import { LuaFloat } from '../vm/vm.js';

export function randCalls(_kernel: Kernel): Record<string, NativeCall> {
  return {
    random: (k, _caller, _args, reply) => {
      const f = k.random.next();
      reply(STATUS.OK, [Number.isInteger(f) ? new LuaFloat(f) : f]);
    },
    int: (k, _caller, [a, b], reply) => {
      if (!Number.isInteger(a) || !Number.isInteger(b) || (a as number) > (b as number)) {
        return reply(STATUS.BAD_ARGUMENT, ['rand.int(a, b): integers with a <= b']);
      }
      const lo = a as number;
      reply(STATUS.OK, [lo + k.random.below((b as number) - lo + 1)]);
    },
    bytes: (k, _caller, [n], reply) => {
      if (!Number.isInteger(n) || (n as number) < 0 || (n as number) > 65536) return reply(STATUS.BAD_ARGUMENT, ['rand.bytes(n): 0 <= n <= 65536']);
      let out = '';
      for (let i = 0; i < (n as number); i++) out += String.fromCharCode(k.random.below(256));
      reply(STATUS.OK, [out]);
    },
  };
}
