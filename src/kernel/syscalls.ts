// The system-call table: every call from Lua into the kernel, by name, in one place. Blocking calls answer
// `true, ...` at once or register a wait and answer `false`; the sandbox's stub then yields the task.
import { LuaError, LuaFloat, LuaTable, type HostCall, type HostFunction, type LuaValue, type VmState } from '../vm/vm.js';
import { DateFormatError, formatDate } from './date.js';
import { exitValues, SpawnError, type Kernel } from './kernel.js';
import { eventMatches, type Task } from './process.js';
import { eventValues, type Filter } from './contexts.js';
import { InteractionError } from './interactions.js';

interface SystemCall {
  /** Blocking calls are reached through a Lua stub, so their errors blame one level further up. */
  blocking?: boolean;
  /** Lua frames of the sandbox between the program and this call (default: 1 when blocking, else 0); errors
   *  blame the program's line, that many levels further up. */
  depth?: number;
  /** Calls that change what the scheduler sees are recorded in the trace as 'syscall' events. */
  traced?: boolean;
  run(k: Kernel, task: Task, call: HostCall): LuaValue[];
}

const SYSTEM_CALLS: Record<string, SystemCall> = {
  // --- output and identity ---
  write: { run: (k, t, c) => { k.output(t.process.pid, 'stdout', c.string(1, 'write')); return []; } },
  pid: { run: (_k, t) => [t.process.pid] },
  ppid: { run: (_k, t) => [t.process.ppid] },
  tid: { run: (_k, t) => [t.tid] },
  args: { run: (_k, t) => [LuaTable.list(t.process.args)] },
  info: { run: (k, t, c) => info(k, c.type(1) === 'nil' ? t.process.pid : integerArg(c, 1, 'info')) },

  // --- time ---
  clock: { run: (k, t) => [k.cpuTime(t.process) / 1000] },
  time: { run: (k) => [Math.floor((k.clock.epochMs + k.now()) / 1000)] },
  epoch: { run: (k) => [Math.floor(k.clock.epochMs + k.now())] },
  date: { depth: 1, run: (k, _t, c) => [date(k, c)] },
  seed: { run: (k) => [Math.floor(k.random.next() * 2 ** 31)] },
  timer: { traced: true, run: (k, t, c) => [k.addTimer(t.process, t.tid, secondsArg(c, 1, 'timer'), 'event')] },
  cancel_timer: { traced: true, run: (k, t, c) => [cancelTimer(k, t, integerArg(c, 1, 'cancel'))] },

  // --- processes ---
  run: { traced: true, depth: 1, run: (k, t, c) => runProgram(k, t, c.string(1, 'run'), undefined, c.value(2), 'run') },
  run_code: { traced: true, depth: 1, run: (k, t, c) => runProgram(k, t, undefined, c.string(1, 'run_code'), c.value(2), 'run_code') },
  kill: { traced: true, depth: 1, run: (k, t, c) => killProcess(k, t, integerArg(c, 1, 'kill')) },
  exit: {
    traced: true,
    depth: 1,
    run: (_k, t, c) => {
      const code = c.type(1) === 'nil' ? 0 : integerArg(c, 1, 'exit');
      if (code < 0 || code > 255) throw new LuaError(`bad argument #1 to 'exit' (exit code must be 0-255, got ${code})`);
      t.process.exiting = { code, kind: 'exited' };
      return [];
    },
  },
  wait: { blocking: true, traced: true, run: (k, t, c) => waitFor(k, t, integerArg(c, 1, 'wait'), optionalSeconds(c, 2, 'wait')) },

  // --- tasks ---
  spawn: { traced: true, run: (k, t, c) => [k.startTask(t.process, c.ref(1)).tid] },
  join: { blocking: true, traced: true, run: (k, t, c) => join(t, integerArg(c, 1, 'join')) },
  sleep: {
    blocking: true,
    traced: true,
    run: (k, t, c) => {
      t.request = { on: 'sleep', timer: k.addTimer(t.process, t.tid, secondsArg(c, 1, 'sleep'), 'sleep') };
      return [false];
    },
  },

  // --- events ---
  pull: { blocking: true, traced: true, depth: 2, run: (k, t, c) => pull(k, t, c) },
  queue: { traced: true, run: (k, t, c) => queue(k, t, c) },

  // --- contexts and interactions ---
  context: { traced: true, run: (k, t) => [k.ipc.create(t.process, null, null).id] },
  restrict: {
    traced: true,
    run: (k, t, c) => guard(() => [k.ipc.create(t.process, k.ipc.resolve(t.process, integerArg(c, 1, 'restrict')), filterArg(c, 2, 'restrict')).id]),
  },
  filter: { traced: true, run: (k, t, c) => guard(() => setFilter(k, t, integerArg(c, 1, 'filter'), filterArg(c, 2, 'filter'))) },
  bind: { traced: true, run: (k, t, c) => guard(() => { k.ipc.bind(t.process, k.ipc.resolve(t.process, integerArg(c, 1, 'bind')), c.string(2, 'bind')); return [true]; }) },
  unbind: { traced: true, run: (k, t, c) => guard(() => [k.ipc.unbind(t.process, k.ipc.resolve(t.process, integerArg(c, 1, 'unbind')), c.string(2, 'unbind'))]) },
  call: {
    traced: true,
    depth: 1,
    run: (k, t, c) => {
      const cid = k.ipc.call(t.process, integerArg(c, 1, 'call'), c.string(2, 'call'), valuesFrom(c, 3, 'call'));
      return t.process.exiting ? [cid, true] : [cid];
    },
  },
  answer: {
    traced: true,
    run: (k, t, c) => {
      try {
        k.ipc.answer(t.process, integerArg(c, 1, 'answer'), integerArg(c, 2, 'answer'), valuesFrom(c, 3, 'answer'));
        return [true];
      } catch (e) {
        if (e instanceof InteractionError) return [null, e.message];
        throw e;
      }
    },
  },
  timeout: { run: (k, t, c) => [k.ipc.timeout(t.process, integerArg(c, 1, 'timeout'), secondsArg(c, 2, 'timeout'))] },
  push: { run: (k, t, c) => guard(() => [k.ipc.push(t.process, k.ipc.resolve(t.process, integerArg(c, 1, 'push')), c.string(2, 'push'), valuesFrom(c, 3, 'push')[0] ?? null)]) },
  listen: { run: (k, t, c) => guard(() => { k.ipc.listen(t.process, integerArg(c, 1, 'listen'), c.string(2, 'listen'), true); return [true]; }) },
  unlisten: { run: (k, t, c) => guard(() => { k.ipc.listen(t.process, integerArg(c, 1, 'unlisten'), c.string(2, 'unlisten'), false); return [true]; }) },

  // --- libraries ---
  library: {
    run: (k, _t, c) => {
      const found = k.loader.library(c.string(1, 'require'));
      return 'missing' in found ? [null, found.missing] : [found.source, found.where];
    },
  },

  // --- the sandbox's own plumbing (not part of the native API) ---
  preempted: { run: (_k, t, c) => [t.process.vm.takePreemptMark(c, 1)] },
  is_root: { run: (_k, t, c) => [t.process.vm.isTaskRoot(c, 1)] },
  defer: { run: (k, t) => { k.noteDeferred(t); return []; } },
  stop_if_killed: { run: (_k, t, c) => { t.process.vm.stopIfKilled(c); return []; } },
  cancel: {
    run: (k, t) => {
      const pending = t.request;
      t.request = null;
      if (pending && 'timer' in pending && pending.timer !== null) k.cancelTimer(pending.timer);
      return [pending !== null];
    },
  },
};

/** Host functions are built once per kernel, so every process shares the same registered functions. */
const hostTables = new WeakMap<Kernel, Array<[string, HostFunction]>>();

/** Puts the system calls into a new process's `sys` table (the sandbox prelude takes them from there). */
export function installSystemCalls(k: Kernel, vm: VmState): void {
  let table = hostTables.get(k);
  if (!table) {
    table = Object.entries(SYSTEM_CALLS).map(([name, sc]) => [name, hostFunction(k, name, sc)]);
    hostTables.set(k, table);
  }
  vm.setHostFunctions('sys', table);
}

function hostFunction(k: Kernel, name: string, sc: SystemCall): HostFunction {
  return (call) => {
    const task = k.current;
    if (!task) throw new LuaError(`system call '${name}' made outside a slice`);
    if (sc.traced) k.record('syscall', task, { name });
    try {
      return sc.run(k, task, call);
    } catch (e) {
      const depth = sc.depth ?? (sc.blocking ? 1 : 0);
      if (depth > 0 && e instanceof LuaError) throw new LuaError(e.message, e.level + depth);
      throw e;
    }
  };
}

// -------------------------------------------------------------------------------------------------
// Argument helpers: Lua's wording, errors at the caller.
// -------------------------------------------------------------------------------------------------

function integerArg(c: HostCall, i: number, fname: string): number {
  const n = c.number(i, fname);
  if (!Number.isInteger(n)) throw new LuaError(`bad argument #${i} to '${fname}' (number has no integer representation)`);
  return n;
}

function secondsArg(c: HostCall, i: number, fname: string): number {
  const s = c.number(i, fname);
  if (!(s >= 0) || !Number.isFinite(s)) throw new LuaError(`bad argument #${i} to '${fname}' (seconds must be a finite number >= 0, got ${s})`);
  return s;
}

function optionalSeconds(c: HostCall, i: number, fname: string): number | null {
  return c.type(i) === 'nil' ? null : secondsArg(c, i, fname);
}

/** Runs an interaction, turning its refusals into Lua errors at the caller. */
function guard(run: () => LuaValue[]): LuaValue[] {
  try {
    return run();
  } catch (e) {
    if (e instanceof InteractionError) throw new LuaError(e.message);
    throw e;
  }
}

/** Arguments i.. as values to send to another process (deep copies; functions are refused). */
function valuesFrom(c: HostCall, first: number, fname: string): LuaValue[] {
  const out: LuaValue[] = [];
  for (let i = first; i <= c.argc; i++) {
    try {
      out.push(c.value(i));
    } catch (e) {
      if (e instanceof LuaError) throw new LuaError(`bad argument #${i} to '${fname}' (${e.message})`);
      throw e;
    }
  }
  return out;
}

/** `{allow = {...}}` or `{deny = {...}}`: call names, `prefix.*` for a family. */
function filterArg(c: HostCall, i: number, fname: string): Filter {
  const spec = c.value(i);
  const bad = (): never => { throw new LuaError(`bad argument #${i} to '${fname}' (filter expected: {allow = {names...}} or {deny = {names...}})`); };
  if (!(spec instanceof LuaTable)) return bad();
  const allow = spec.get('allow');
  const deny = spec.get('deny');
  const list = allow ?? deny;
  if ((allow === undefined) === (deny === undefined) || !(list instanceof LuaTable)) return bad();
  const names = list.array();
  if (!names.every((n) => typeof n === 'string')) return bad();
  return { mode: allow !== undefined ? 'allow' : 'deny', names: names as string[] };
}

function setFilter(k: Kernel, t: Task, handle: number, filter: Filter): LuaValue[] {
  const ctx = k.ipc.resolve(t.process, handle);
  if (ctx.owner !== t.process.pid) throw new InteractionError(`only the owner of context ${ctx.id} may filter it (use os.restrict for a narrower view)`);
  ctx.filter = filter;
  return [true];
}

// -------------------------------------------------------------------------------------------------
// The calls that need more than a line.
// -------------------------------------------------------------------------------------------------

function info(k: Kernel, pid: number): LuaValue[] {
  const p = k.processes.get(pid);
  if (!p) return [null, `no such process: ${pid}`];
  const c = p.counters;
  return [LuaTable.from({
    pid: p.pid, ppid: p.ppid, name: p.name, runtime: p.runtime,
    state: p.exit ? p.exit.kind : 'running',
    tasks: p.tasks.filter((t) => t.state !== 'dead').length,
    instructions: k.instructionsRun(p), cpu: new LuaFloat(k.cpuTime(p) / 1000), slices: c.slices, preemptions: c.preemptions,
    memory: p.exit ? 0 : p.vm.memoryUsed(), peak_memory: c.peakMemory,
  })];
}

function runProgram(k: Kernel, t: Task, name: string | undefined, source: string | undefined, options: LuaValue, fname: string): LuaValue[] {
  const opts = options instanceof LuaTable ? options : new LuaTable();
  if (options !== null && !(options instanceof LuaTable)) throw new LuaError(`bad argument #2 to '${fname}' (table expected)`);
  const args = opts.get('args');
  const runtime = opts.get('runtime');
  if (args !== undefined && args !== null && !(args instanceof LuaTable)) throw new LuaError(`bad argument #2 to '${fname}' (field 'args' must be a table)`);
  if (runtime !== undefined && runtime !== null && typeof runtime !== 'string') throw new LuaError(`bad argument #2 to '${fname}' (field 'runtime' must be a string)`);
  const label = opts.get('name');
  const { context, contexts } = contextOptions(k, t, opts, fname);
  try {
    const p = k.spawn({
      name: name ?? (typeof label === 'string' ? label : 'code'),
      source,
      args: args instanceof LuaTable ? args.array().map((v) => (v instanceof LuaFloat ? String(v.value) : String(v))) : [],
      runtime: typeof runtime === 'string' ? runtime : t.process.runtime,
      ppid: t.process.pid,
      context,
      contexts,
    });
    return [p.pid];
  } catch (e) {
    if (e instanceof SpawnError) return [null, e.message];
    throw e;
  }
}

/** os.date: Lua's formats over UTC, at the kernel clock's time unless given one. */
function date(k: Kernel, c: HostCall): LuaValue {
  const format = c.type(1) === 'nil' ? '%c' : c.string(1, 'date');
  const seconds = c.type(2) === 'nil' ? Math.floor((k.clock.epochMs + k.now()) / 1000) : integerArg(c, 2, 'date');
  try {
    return formatDate(format, seconds);
  } catch (e) {
    if (e instanceof DateFormatError) throw new LuaError(`bad argument #1 to 'date' (${e.message})`);
    throw e;
  }
}

/** Cancels one of the process's own os.timer timers (never a sleep or timeout the kernel set). */
function cancelTimer(k: Kernel, t: Task, id: number): boolean {
  const timer = k.timers.find(id);
  return timer !== undefined && timer.pid === t.process.pid && timer.purpose === 'event' && k.cancelTimer(id);
}

/** The contexts a child is started with: its context 0 and others, all held by the parent. */
function contextOptions(k: Kernel, t: Task, opts: LuaTable, fname: string): { context?: number; contexts: number[] } {
  const id = (v: LuaValue, what: string): number => {
    if (typeof v !== 'number') throw new LuaError(`bad argument #2 to '${fname}' (${what} must be a context id)`);
    try {
      return k.ipc.resolve(t.process, v).id;
    } catch (e) {
      if (e instanceof InteractionError) throw new LuaError(`bad argument #2 to '${fname}' (${what}: ${e.message})`);
      throw e;
    }
  };
  const context = opts.get('context');
  const list = opts.get('contexts');
  if (list !== undefined && list !== null && !(list instanceof LuaTable)) throw new LuaError(`bad argument #2 to '${fname}' (field 'contexts' must be a list of context ids)`);
  return {
    context: context === undefined || context === null ? undefined : id(context, "field 'context'"),
    contexts: list instanceof LuaTable ? list.array().map((v) => id(v, "field 'contexts'")) : [],
  };
}

function killProcess(k: Kernel, t: Task, pid: number): LuaValue[] {
  const target = k.processes.get(pid);
  if (!target || target.exit) return [null, `no such process: ${pid}`];
  if (!k.processes.isDescendant(pid, t.process.pid)) return [null, `permission denied: process ${pid} is not a descendant of ${t.process.pid}`];
  k.kill(pid, `killed by process ${t.process.pid}`);
  return [true];
}

function waitFor(k: Kernel, t: Task, pid: number, timeout: number | null): LuaValue[] {
  const child = k.processes.get(pid);
  if (!child || child.ppid !== t.process.pid) return [true, null, `not a child of this process: ${pid}`];
  if (child.exit) {
    k.processes.reap(pid);
    return [true, ...exitValues(child.exit)];
  }
  t.request = { on: 'wait', pid, timer: timeout === null ? null : k.addTimer(t.process, t.tid, timeout, 'timeout') };
  return [false];
}

function join(t: Task, tid: number): LuaValue[] {
  const other = t.process.tasks.find((x) => x.tid === tid);
  if (!other) return [true, false, `no such task in this process: ${tid}`];
  if (other === t) throw new LuaError('a task cannot join itself');
  if (other.result) {
    other.collected = true;
    return [true, other.result.ok, ...other.result.values];
  }
  other.joiners.push(t);
  t.request = { on: 'join', tid };
  return [false];
}

function pull(k: Kernel, t: Task, c: HostCall): LuaValue[] {
  const filter = c.type(1) === 'nil' ? null : c.type(1) === 'table' ? (c.value(1) as LuaTable) : c.string(1, 'pull');
  const timeout = optionalSeconds(c, 2, 'pull');
  const p = t.process;
  const i = p.events.findIndex((e) => eventMatches(e, filter));
  if (i >= 0) return [true, ...eventValues(p.events.splice(i, 1)[0])];
  if (timeout === 0) return [true, null, 'timeout'];
  t.request = { on: 'pull', filter, timer: timeout === null ? null : k.addTimer(t.process, t.tid, timeout, 'timeout') };
  return [false];
}

function queue(k: Kernel, t: Task, c: HostCall): LuaValue[] {
  const event = c.value(1);
  if (!(event instanceof LuaTable) || typeof event.get('type') !== 'string') {
    throw new LuaError("bad argument #1 to 'queue' (event table with a string 'type' field expected)");
  }
  return k.queueEvent(t.process, event) ? [true] : [null, 'event queue full'];
}

