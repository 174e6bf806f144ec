// The process operations the native API offers twice — as system calls (os.run, os.kill, os.info) and as
// calls of the `proc` native context — written once: their options, their checks and their results.
import { LuaFloat, LuaTable, type LuaValue } from '../vm/vm.js';
import { Args, integerOf, luaNumberText, luaType } from './arguments.js';
import type { Process } from './process.js';
import type { KernelServices, SpawnRequest } from './services.js';

/** What os.run, os.run_code, proc.run and proc.run_code take as options. */
export interface RunOptions {
  args: string[];
  runtime: string | null;
  /** The name a child started from code goes by. */
  name: string | null;
  /** Context ids as the caller names them (0 is its own context 0). */
  context: number | null;
  contexts: number[];
}

/** Decodes the options table (argument #2 of `call`): args strings or numbers (as Lua's tostring writes them). */
export function runOptions(call: string, options: LuaValue): RunOptions {
  const a = new Args(call, [null, options]);
  const opts = a.optionalTable(2) ?? new LuaTable();
  const field = (name: string, why: string): never => a.fail(2, `field '${name}' ${why}`);
  const text = (name: string): string | null => {
    const v = opts.get(name) ?? null;
    return v === null || typeof v === 'string' ? v : field(name, `must be a string, got ${luaType(v)}`);
  };
  const id = (v: LuaValue | undefined, name: string): number => {
    const n = integerOf(v);
    return typeof n === 'number' ? n : field(name, `must be a context id, got ${luaType(v)}`);
  };
  const list = (name: string): LuaValue[] => {
    const v = opts.get(name) ?? null;
    return v === null ? [] : v instanceof LuaTable ? v.array() : field(name, `must be a list, got ${luaType(v)}`);
  };
  const args = list('args').map((v, i) => {
    if (typeof v === 'string') return v;
    if (typeof v === 'number' || typeof v === 'bigint' || v instanceof LuaFloat) return luaNumberText(v);
    return field('args', `must hold strings or numbers (args[${i + 1}] is a ${luaType(v)})`);
  });
  const context = opts.get('context') ?? null;
  return {
    args,
    runtime: text('runtime'),
    name: text('name'),
    context: context === null ? null : id(context, 'context'),
    contexts: list('contexts').map((v) => id(v, 'contexts')),
  };
}

/**
 * Starts a child of `caller` running a program from the store or source text. Throws SpawnError when it cannot
 * start, InteractionError when an option names a context the caller does not hold.
 */
export function runChild(
  k: KernelServices,
  caller: Process,
  what: { program: string } | { code: string },
  opts: RunOptions,
  more: Pick<SpawnRequest, 'streams' | 'env'> = {},
): Process {
  const context = opts.context === null ? undefined : k.interactions.resolve(caller, opts.context).id;
  const contexts = opts.contexts.map((c) => k.interactions.resolve(caller, c).id);
  return k.spawn({
    name: 'program' in what ? what.program : (opts.name ?? 'code'),
    source: 'code' in what ? what.code : undefined,
    args: opts.args,
    runtime: opts.runtime ?? caller.runtime,
    ppid: caller.pid,
    context,
    contexts,
    ...more,
  });
}

/** Why `caller` may not kill `pid`, or null once it is killed (a process may kill itself and its descendants). */
export function killProcess(k: KernelServices, caller: Process, pid: number): { refused: 'missing' | 'denied'; message: string } | null {
  const target = k.processes.get(pid);
  if (!target || target.exit) return { refused: 'missing', message: `no such process: ${pid}` };
  if (!k.processes.isDescendant(pid, caller.pid)) return { refused: 'denied', message: `process ${pid} is not a descendant of ${caller.pid}` };
  k.kill(pid, `killed by process ${caller.pid}`);
  return null;
}

/** What os.info and proc.info tell of a process. */
export function describeProcess(k: KernelServices, p: Process): LuaTable {
  const c = p.counters;
  return LuaTable.from({
    pid: p.pid,
    ppid: p.ppid,
    name: p.name,
    runtime: p.runtime,
    state: p.exit ? p.exit.kind : 'running',
    tasks: p.tasks.size,
    instructions: k.instructionsRun(p),
    cpu: new LuaFloat(k.cpuTime(p) / 1000),
    slices: c.slices,
    preemptions: c.preemptions,
    memory: p.exit ? 0 : p.vm.memoryUsed(),
    peak_memory: Math.max(c.peakMemory, p.exit ? 0 : p.vm.memoryUsed()),
    usage: describeUsage(k, p),
    limits: LuaTable.from({ ...k.limits, memory: k.memoryLimit }),
  });
}

/** What a process holds of each limited resource (os.info().usage), by the limit's name (os.info().limits). */
function describeUsage(k: KernelServices, p: Process): LuaTable {
  return LuaTable.from({
    processes: k.processes.treeSize(p.tree),
    tasks: p.tasks.size + p.results.size,
    contexts: p.usage.contexts,
    calls: p.usage.calls,
    events: p.events.length,
    timers: p.usage.timers,
    bytes: p.usage.bytes,
    heap: k.vm.memoryTotal(),
    log: p.usage.log,
    files: p.usage.files,
    memory: p.exit ? 0 : p.vm.memoryUsed(),
  });
}
