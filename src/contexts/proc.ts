// The `proc` native context: processes as RPC calls on the root context — run a program or code,
// kill, wait for an exit, list and describe processes.
import { STATUS } from '../kernel/contexts.js';
import { InteractionError, type NativeCall, type NativeReply } from '../kernel/interactions.js';
import { exitValues, SpawnError, type Kernel } from '../kernel/kernel.js';
import type { Process } from '../kernel/process.js';
import { LuaFloat, LuaTable, type LuaValue } from '../vm/vm.js';

function describe(k: Kernel, p: Process): LuaTable {
  return LuaTable.from({
    pid: p.pid, ppid: p.ppid, name: p.name, runtime: p.runtime, state: p.exit ? p.exit.kind : 'running',
    instructions: k.instructionsRun(p), slices: p.counters.slices,
  });
}

const USAGE = 'proc.run(name, options?) / proc.run_code(code, options?): options {args = {...}, runtime = NAME, name = NAME, context = CTX, contexts = {CTX, ...}}';

/** Starts a child of `caller` from a program name or source, with the options os.run takes. */
function start(k: Kernel, caller: Process, what: { name?: LuaValue; code?: LuaValue }, options: LuaValue, reply: NativeReply): void {
  const opts = options instanceof LuaTable ? options : new LuaTable();
  const argv = stringArgs(opts.get('args') ?? null);
  const runtime = opts.get('runtime');
  const label = opts.get('name');
  const program = what.name ?? what.code;
  if (typeof program !== 'string' || argv === null || (options !== null && !(options instanceof LuaTable))
    || (runtime !== undefined && typeof runtime !== 'string') || (label !== undefined && typeof label !== 'string')) {
    reply(STATUS.BAD_ARGUMENT, [USAGE]);
    return;
  }
  const context = contextId(opts.get('context'));
  const contexts = opts.get('contexts');
  const list = contexts === undefined || contexts === null ? [] : contexts instanceof LuaTable ? contexts.array().map(contextId) : [NaN];
  if (Number.isNaN(context) || list.some((c) => c === undefined || Number.isNaN(c))) {
    reply(STATUS.BAD_ARGUMENT, ['proc.run: context must be a context id, contexts a list of context ids']);
    return;
  }
  try {
    const p = k.spawn({
      name: what.name !== undefined ? program : ((label as string | undefined) ?? 'code'),
      source: what.code !== undefined ? program : undefined,
      args: argv, runtime: (runtime as string | undefined) ?? caller.runtime, ppid: caller.pid,
      context: context === undefined ? undefined : k.ipc.resolve(caller, context).id,
      contexts: list.map((c) => k.ipc.resolve(caller, c as number).id),
    });
    reply(STATUS.OK, [p.pid]);
  } catch (e) {
    if (e instanceof SpawnError) reply(STATUS.ERROR, [e.message]);
    else if (e instanceof InteractionError) reply(STATUS.DENIED, [e.message]);
    else throw e;
  }
}

/** A context id from Lua (an integer, or an integral float); undefined when absent, NaN when not an id. */
function contextId(v: LuaValue | undefined): number | undefined {
  if (v === undefined || v === null) return undefined;
  const n = v instanceof LuaFloat ? v.value : v;
  return typeof n === 'number' && Number.isInteger(n) ? n : NaN;
}

function stringArgs(v: LuaValue): string[] | null {
  if (v === null || v === undefined) return [];
  if (!(v instanceof LuaTable)) return null;
  const list = v.array();
  return list.every((x) => typeof x === 'string' || typeof x === 'number') ? list.map(String) : null;
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
export function procCalls(kernel: Kernel): Record<string, NativeCall> {
  const waiters = new Map<number, Waiter[]>();
  kernel.onExit((p) => {
    const list = waiters.get(p.pid) ?? [];
    waiters.delete(p.pid);
    let collected = false; // the parent received the status: its record can go
    for (const w of list) if (w.reply(STATUS.OK, exitValues(p.exit!)) && w.caller === p.ppid) collected = true;
    if (collected) kernel.processes.reap(p.pid);
  });
  return {
    run: (k, caller, [name, options], reply) => start(k, caller, { name }, options ?? null, reply),
    run_code: (k, caller, [code, options], reply) => start(k, caller, { code }, options ?? null, reply),
    kill: (k, caller, [pid], reply) => {
      if (typeof pid !== 'number') return reply(STATUS.BAD_ARGUMENT, ['proc.kill(pid): pid a number']);
      const target = k.processes.get(pid);
      if (!target || target.exit) return reply(STATUS.ERROR, [`no such process: ${pid}`]);
      if (!k.processes.isDescendant(pid, caller.pid)) return reply(STATUS.DENIED, [`process ${pid} is not a descendant of ${caller.pid}`]);
      k.kill(pid, `killed by process ${caller.pid}`);
      reply(STATUS.OK, [true]);
    },
    wait: (k, caller, [pid], reply) => {
      if (typeof pid !== 'number') return reply(STATUS.BAD_ARGUMENT, ['proc.wait(pid): pid a number']);
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
    list: (k, _caller, _args, reply) => reply(STATUS.OK, [LuaTable.list(k.processes.live().map((p) => describe(k, p)))]),
    info: (k, caller, [pid], reply) => {
      const p = k.processes.get(typeof pid === 'number' ? pid : caller.pid);
      return p ? reply(STATUS.OK, [describe(k, p)]) : reply(STATUS.ERROR, [`no such process: ${String(pid)}`]);
    },
  };
}
