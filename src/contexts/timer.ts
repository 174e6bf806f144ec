// The `timer` native context: time as RPC calls — the kernel clock, and an answer after a delay
// (a call that is answered later, so a program can wait for several things with os.pull).
import { STATUS } from '../kernel/contexts.js';
import { Args } from '../kernel/arguments.js';
import type { NativeCall } from '../kernel/interactions.js';
import type { KernelServices } from '../kernel/services.js';

export function timerCalls(kernel: KernelServices): Record<string, NativeCall> {
  const pending = new Map<number, { pid: number; fire: () => void }>();
  kernel.onTimer((id) => {
    pending.get(id)?.fire();
    pending.delete(id);
  });
  // a process that ends takes its timers with it: forget their answers too
  kernel.onExit((p) => {
    for (const [id, t] of pending) if (t.pid === p.pid) pending.delete(id);
  });
  return {
    now: (k, _caller, _args, reply) => reply(STATUS.OK, [k.now()]),
    after: (k, caller, args, reply) => {
      const id = k.addTimer(caller, 0, new Args('timer.after', args).seconds(1), 'native');
      pending.set(id, { pid: caller.pid, fire: () => reply(STATUS.OK, [id]) });
    },
  };
}
