// The `proc` native context: processes as RPC calls on the root context — run a program or code,
// kill, wait for an exit, list and describe processes (os.run, os.kill and os.info are their twins).
import { Args } from '../kernel/arguments.js';
import { STATUS } from '../kernel/contexts.js';
import { InteractionError, type NativeCall, type NativeReply } from '../kernel/interactions.js';
import { describeProcess, killProcess, runChild, runOptions } from '../kernel/operations.js';
import { exitValues, type Process } from '../kernel/process.js';
import { SpawnError, type KernelServices } from '../kernel/services.js';
import { LuaTable, type LuaValue } from '../vm/vm.js';

/** proc.run and proc.run_code: a child of the caller, with the options os.run takes. */
function start(k: KernelServices, caller: Process, call: 'proc.run' | 'proc.run_code', args: LuaValue[], reply: NativeReply): void {
  const a = new Args(call, args);
  const what = call === 'proc.run' ? { program: a.string(1) } : { code: a.string(1) };
  const opts = runOptions(call, a.value(2));
  try {
    reply(STATUS.OK, [runChild(k, caller, what, opts).pid]);
  } catch (e) {
    if (e instanceof SpawnError) reply(STATUS.ERROR, [e.message]);
    else if (e instanceof InteractionError) reply(STATUS.DENIED, [e.message]);
    else throw e;
  }
}

/** A process waiting (through proc.wait) for another's exit. */
interface Waiter {
  readonly caller: number;
  readonly reply: NativeReply;
}

/**
 * The proc calls. proc.wait answers when the process ends; the parent's wait collects the child's status
 * (its record is reaped, as with os.wait). A wait whose caller stopped waiting (it timed out, or the caller
 * ended) is no longer pending: it is dropped when the next wait on that process comes, or at its exit.
 */
export function procCalls(kernel: KernelServices): Record<string, NativeCall> {
  const waiters = new Map<number, Waiter[]>();
  kernel.onExit((p) => {
    const list = waiters.get(p.pid) ?? [];
    waiters.delete(p.pid);
    let collected = false; // the parent received the status: its record can go
    for (const w of list) if (w.reply(STATUS.OK, exitValues(p.exit!)) && w.caller === p.ppid) collected = true;
    if (collected) kernel.processes.reap(p.pid);
  });
  return {
    run: (k, caller, args, reply) => start(k, caller, 'proc.run', args, reply),
    run_code: (k, caller, args, reply) => start(k, caller, 'proc.run_code', args, reply),
    kill: (k, caller, args, reply) => {
      const refused = killProcess(k, caller, new Args('proc.kill', args).integer(1));
      if (!refused) return reply(STATUS.OK, [true]);
      reply(refused.refused === 'denied' ? STATUS.DENIED : STATUS.ERROR, [refused.message]);
    },
    wait: (k, caller, args, reply) => {
      const pid = new Args('proc.wait', args).integer(1);
      if (pid === caller.pid) return reply(STATUS.ERROR, [`process ${pid} cannot wait for itself`]);
      const target = k.processes.get(pid);
      if (!target) return reply(STATUS.ERROR, [`no such process: ${pid}`]);
      if (target.exit) {
        if (target.ppid === caller.pid) k.processes.reap(pid);
        return reply(STATUS.OK, exitValues(target.exit));
      }
      // abandoned waits are dropped here, so a caller polling with a timeout leaves no trail
      const still = (waiters.get(pid) ?? []).filter((w) => w.reply.pending());
      waiters.set(pid, [...still, { caller: caller.pid, reply }]);
    },
    list: (k, _caller, _args, reply) => reply(STATUS.OK, [LuaTable.list(k.processes.live().map((p) => describeProcess(k, p)))]),
    info: (k, caller, args, reply) => {
      const pid = new Args('proc.info', args).optionalInteger(1, caller.pid);
      const p = k.processes.get(pid);
      return p ? reply(STATUS.OK, [describeProcess(k, p)]) : reply(STATUS.ERROR, [`no such process: ${pid}`]);
    },
  };
}
