// The system-call table: every call from Lua into the kernel, by name, in one place. A call describes what
// it wants and the kernel decides: it returns values, or a Block (a wait the task enters when it yields).
import { LuaError, LuaTable, type HostCall, type HostFunction, type LuaValue, type VmState } from '../vm/vm.js';
import { ArgumentError, luaNumberText } from './arguments.js';
import { DateFormatError, DateRangeError, formatDate } from './date.js';
import { eventMatches, exitedWith, exitValues, kickOnPull, MESSAGES, type Process, type Task, type Wait } from './process.js';
import { eventValues, STATUS, STATUS_NAMES, type Filter } from './contexts.js';
import { InteractionError, SHARE_KEY } from './interactions.js';
import { describeProcess, killProcess, runChild, runOptions } from './operations.js';
import { SpawnError, type KernelServices } from './services.js';
import { StreamError, type StandardEnds, type StreamEnd } from './streams.js';
import { LimitError, valuesBytes } from './limits.js';
import { namePreludeFrames } from './preludes.js';
import { PATTERN_STUCK } from './string-library.js';

/** A blocking call that cannot answer now: the task waits for `wait` (the sandbox's stub yields it). */
class Block {
  constructor(readonly wait: Wait) {}
}

interface SystemCall {
  /** Blocking calls are reached through a Lua stub, so their errors blame one level further up. */
  blocking?: boolean;
  /** Lua frames of the sandbox between the program and this call (default: 1 when blocking, else 0); errors
   *  blame the program's line, that many levels further up. */
  depth?: number;
  /** Calls that change what the scheduler sees are recorded in the trace as 'syscall' events. */
  traced?: boolean;
  /** Blocking calls answer `[true, ...values]` now, or a Block. */
  run(k: KernelServices, task: Task, call: HostCall): LuaValue[] | Block;
}

const SYSTEM_CALLS: Record<string, SystemCall> = {
  // --- streams (src/kernel/streams.ts): false means "blocked", and the sandbox's stub yields ---
  stream_write: { depth: 1, run: (k, t, c) => streamWrite(k, t, c) },
  stream_read: { depth: 1, run: (k, t, c) => streamRead(k, t, c) },
  stream_close: { run: (k, t, c) => streamCall(() => k.streams.close(t.process, integerArg(c, 1, 'close'))) },
  stream_mode: { run: (k, t, c) => [k.streams.buffering(t.process, integerArg(c, 1, 'stream_mode'))] },
  prelude_frames: { run: (_k, _t, c) => [namePreludeFrames(c.string(1, 'traceback'))] },
  finalizer: {
    run: (_k, t, c) => {
      t.process.finalizer ??= c.ref(1);
      return [];
    },
  },
  flushers: {
    run: (k, t, c) => {
      k.streams.setFlushers(t.process, c.ref(1), c.ref(2));
      return [];
    },
  },
  getenv: { run: (_k, t, c) => [t.process.env.get(c.string(1, 'getenv')) ?? null] },

  // --- identity ---
  pid: { run: (_k, t) => [t.process.pid] },
  ppid: { run: (_k, t) => [t.process.ppid] },
  tid: { run: (_k, t) => [t.tid] },
  args: { run: (_k, t) => [LuaTable.list(t.process.args)] },
  info: { run: (k, t, c) => info(k, t, c.type(1) === 'nil' ? t.process.pid : integerArg(c, 1, 'info')) },

  // --- time ---
  clock: { run: (k, t) => [k.cpuTime(t.process) / 1000] },
  time: { run: (k) => [Math.floor((k.clock.epochMs + k.now()) / 1000)] },
  epoch: { run: (k) => [Math.floor(k.clock.epochMs + k.now())] },
  date: { depth: 1, run: (k, _t, c) => [date(k, c)] },
  seed: { run: (k) => [Math.floor(k.random.next() * 2 ** 31)] },
  timer: { traced: true, run: (k, t, c) => [k.addTimer(t.process, t.tid, secondsArg(c, 1, 'timer'), 'event')] },
  cancel_timer: { traced: true, run: (k, t, c) => [cancelTimer(k, t, integerArg(c, 1, 'cancel'))] },
  watchdog: { run: (k, t, c) => watchdog(k, t, c) },

  // --- processes ---
  run: { traced: true, depth: 1, run: (k, t, c) => run(k, t, 'proc.run', { program: c.string(1, 'run') }, c.value(2)) },
  run_code: { traced: true, depth: 1, run: (k, t, c) => run(k, t, 'proc.run_code', { code: c.string(1, 'run_code') }, c.value(2)) },
  kill: { traced: true, depth: 1, run: (k, t, c) => kill(k, t, integerArg(c, 1, 'kill')) },
  exit: {
    traced: true,
    depth: 1,
    run: (k, t, c) => {
      const code = c.type(1) === 'nil' ? 0 : integerArg(c, 1, 'exit');
      const close = c.type(2) !== 'nil' && !(c.type(2) === 'boolean' && c.value(2) === false);
      if (!t.process.exiting) t.process.exitClose = close ? t.thread : 'skip';
      k.exit(t.process, exitedWith(code));
      return [];
    },
  },
  wait: { blocking: true, traced: true, run: (k, t, c) => waitFor(k, t, integerArg(c, 1, 'wait'), optionalSeconds(c, 2, 'wait')) },

  // --- tasks ---
  spawn: { traced: true, run: (k, t, c) => [k.startTask(t.process, c.ref(1)).tid] },
  join: { blocking: true, traced: true, run: (_k, t, c) => join(t, integerArg(c, 1, 'join')) },
  sleep: {
    blocking: true,
    traced: true,
    run: (k, t, c) => new Block({ on: 'sleep', timer: k.addTimer(t.process, t.tid, secondsArg(c, 1, 'sleep'), 'sleep') }),
  },

  // --- events ---
  pull: { blocking: true, traced: true, depth: 2, run: (k, t, c) => pull(k, t, c) },
  queue: { traced: true, run: (k, t, c) => queue(k, t, c) },

  // --- contexts and interactions ---
  context: { traced: true, run: (k, t) => [k.interactions.create(t.process, null, null).id] },
  close: {
    traced: true,
    run: (k, t, c) =>
      guard(() => {
        k.interactions.close(t.process, integerArg(c, 1, 'close'));
        return [true];
      }),
  },
  restrict: {
    traced: true,
    run: (k, t, c) =>
      guard(() => [k.interactions.create(t.process, k.interactions.resolve(t.process, integerArg(c, 1, 'restrict')), filterArg(c, 2, 'restrict')).id]),
  },
  filter: { traced: true, run: (k, t, c) => guard(() => setFilter(k, t, integerArg(c, 1, 'filter'), filterArg(c, 2, 'filter'))) },
  bind: {
    traced: true,
    run: (k, t, c) =>
      guard(() => {
        k.interactions.bind(t.process, k.interactions.resolve(t.process, integerArg(c, 1, 'bind')), c.string(2, 'bind'));
        return [true];
      }),
  },
  unbind: {
    traced: true,
    run: (k, t, c) => guard(() => [k.interactions.unbind(t.process, k.interactions.resolve(t.process, integerArg(c, 1, 'unbind')), c.string(2, 'unbind'))]),
  },
  call: {
    traced: true,
    depth: 1,
    run: (k, t, c) => {
      const cid = k.interactions.call(t.process, integerArg(c, 1, 'call'), c.string(2, 'call'), valuesFrom(c, 3, 'call'));
      return t.process.exiting ? [cid, true] : [cid];
    },
  },
  answer: {
    traced: true,
    run: (k, t, c) => {
      try {
        k.interactions.answer(t.process, integerArg(c, 1, 'answer'), integerArg(c, 2, 'answer'), valuesFrom(c, 3, 'answer'));
        return [true];
      } catch (e) {
        if (e instanceof InteractionError) return [null, e.message];
        throw e;
      }
    },
  },
  timeout: { run: (k, t, c) => [k.interactions.timeout(t.process, integerArg(c, 1, 'timeout'), secondsArg(c, 2, 'timeout'))] },
  push: {
    run: (k, t, c) =>
      guard(() => [
        k.interactions.push(t.process, k.interactions.resolve(t.process, integerArg(c, 1, 'push')), c.string(2, 'push'), valuesFrom(c, 3, 'push')[0] ?? null),
      ]),
  },
  listen: {
    run: (k, t, c) =>
      guard(() => {
        k.interactions.listen(t.process, integerArg(c, 1, 'listen'), c.string(2, 'listen'), true);
        return [true];
      }),
  },
  unlisten: {
    run: (k, t, c) =>
      guard(() => {
        k.interactions.listen(t.process, integerArg(c, 1, 'unlisten'), c.string(2, 'unlisten'), false);
        return [true];
      }),
  },

  // --- libraries ---
  program_file: {
    run: (_k, t, c) => {
      const path = c.string(1, 'require');
      const folder = t.process.folder;
      if (!folder) return [null, `no file '${path}'`]; // not run from a file: no folder to look in
      const found = folder.read(path);
      return 'missing' in found ? [null, found.missing] : [found.source, found.chunkname];
    },
  },
  library: {
    run: (k, t, c) => {
      const name = c.string(1, 'require');
      const refusal = k.interactions.kernelRefusal(t.process, 'store.get');
      if (refusal) return [null, `\n\tno library '${name}': ${refusal}`];
      const found = k.loader.library(name);
      return 'missing' in found ? [null, found.missing] : [found.source, found.where];
    },
  },

  // --- the sandbox's own plumbing (not part of the native API) ---
  constants: { run: () => [sandboxConstants()] },
  /** After a costly C library call: nothing to do here, the check every system call makes (overdue) does it. */
  checkpoint: { run: () => [] },
  preempted: { run: (_k, t, c) => [t.process.vm.takePreemptMark(c, 1)] },
  is_root: { run: (_k, t, c) => [t.process.vm.isTaskRoot(c, 1)] },
  /** A new empty full userdata (io's file objects are userdata, as Lua's). */
  userdata: {
    run: (_k, _t, c) => {
      c.newUserdata();
      return [];
    },
  },
  /** debug.sethook's engine side: the program's hook on one of its threads, over the kernel's (src/vm/user-hooks.ts). */
  sethook: {
    run: (_k, t, c) => {
      t.process.vm.setUserHook(c);
      return [];
    },
  },
  defer: {
    run: (k, t) => {
      k.noteDeferred(t);
      return [];
    },
  },
  stop_if_killed: {
    run: (_k, t, c) => {
      t.process.vm.stopIfKilled(c);
      return [];
    },
  },
  cancel: { run: (k, t) => [k.withdrawRequest(t)] },
  /** The words of the process's watchdog (os.watchdog), or nil: a runaway pattern match raises them instead. */
  watchdog_message: { run: (_k, t) => [t.process.watchdog?.message ?? null] },
};

/** Host functions are built once per kernel, so every process shares the same registered functions. */
const hostTables = new WeakMap<KernelServices, Array<[string, HostFunction]>>();

/** Puts the system calls (and the sink functions) into a new process's `sys` table (the sandbox prelude takes them from there). */
export function installSystemCalls(k: KernelServices, vm: VmState): void {
  let table = hostTables.get(k);
  if (!table) {
    table = Object.entries(SYSTEM_CALLS).map(([name, sc]) => [name, hostFunction(k, name, sc)]);
    hostTables.set(k, table);
  }
  vm.setHostFunctions('sys', table);
  vm.setSink('sys'); // sys.sink and sys.sink_take: standard output's fast path (sandbox.lua)
  vm.setLineSplitter('sys'); // sys.split_lines: io.lines()'s (io.lua)
  vm.setCFrameMaker('sys'); // sys.as_c: the sandbox's wrappers of C library functions called as C functions
}

function hostFunction(k: KernelServices, name: string, sc: SystemCall): HostFunction {
  const depth = sc.depth ?? (sc.blocking ? 1 : 0);
  return (call) => {
    const task = k.current;
    if (!task) throw new LuaError(`system call '${name}' made outside a slice`);
    if (sc.traced) k.record('syscall', task, { name });
    try {
      const result = sc.run(k, task, call);
      if (!(result instanceof Block)) {
        if (task.tid !== 0 && k.overdue(task)) task.process.vm.hookSoon(call); // time in the call counts
        return result;
      }
      k.request(task, result.wait);
      return [false];
    } catch (e) {
      if (e instanceof ArgumentError || e instanceof LimitError) throw new LuaError(e.message, 1 + depth);
      if (depth > 0 && e instanceof LuaError) throw new LuaError(e.message, e.level + depth);
      throw e;
    }
  };
}

/** What the sandbox prelude takes from the kernel instead of repeating it: status codes, the share key, messages. */
function sandboxConstants(): LuaTable {
  const names = new LuaTable();
  for (const [code, name] of STATUS_NAMES.entries()) names.set(code, name);
  return LuaTable.from({
    status: LuaTable.from({ ...STATUS }),
    status_names: names,
    share_key: SHARE_KEY,
    cannot_block: MESSAGES.cannotBlock,
    pattern_stuck: PATTERN_STUCK,
  });
}

// -------------------------------------------------------------------------------------------------
// Argument helpers: Lua's wording, errors at the caller.
// -------------------------------------------------------------------------------------------------

function integerArg(c: HostCall, i: number, fname: string): number {
  const n = c.number(i, fname);
  if (!Number.isInteger(n)) throw new LuaError(`bad argument #${i} to '${fname}' (number has no integer representation)`);
  if (!Number.isSafeInteger(n)) throw new LuaError(`bad argument #${i} to '${fname}' (integer out of range)`); // no id is that large
  return n;
}

function secondsArg(c: HostCall, i: number, fname: string): number {
  const s = c.number(i, fname);
  if (!(s >= 0) || !Number.isFinite(s)) throw new LuaError(`bad argument #${i} to '${fname}' (seconds must be a finite number >= 0, got ${luaNumberText(s)})`);
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
  const bad = (): never => {
    throw new LuaError(`bad argument #${i} to '${fname}' (filter expected: {allow = {names...}} or {deny = {names...}})`);
  };
  if (!(spec instanceof LuaTable)) return bad();
  const allow = spec.get('allow');
  const deny = spec.get('deny');
  const list = allow ?? deny;
  if ((allow === undefined) === (deny === undefined) || !(list instanceof LuaTable)) return bad();
  const names = list.array();
  if (!names.every((n) => typeof n === 'string')) return bad();
  return { mode: allow !== undefined ? 'allow' : 'deny', names: names as string[] };
}

function setFilter(k: KernelServices, t: Task, handle: number, filter: Filter): LuaValue[] {
  const ctx = k.interactions.resolve(t.process, handle);
  if (ctx.owner !== t.process.pid) throw new InteractionError(`only the owner of context ${ctx.id} may filter it (use os.restrict for a narrower view)`);
  ctx.filter = filter;
  return [true];
}

// -------------------------------------------------------------------------------------------------
// The calls that need more than a line.
// -------------------------------------------------------------------------------------------------

/** os.info: this process, or (where its context 0 lets it call proc.info) another. */
function info(k: KernelServices, t: Task, pid: number): LuaValue[] {
  if (pid !== t.process.pid) {
    const refusal = k.interactions.kernelRefusal(t.process, 'proc.info');
    if (refusal) return [null, refusal];
  }
  const p = k.processes.get(pid);
  return p ? [describeProcess(k, p)] : [null, `no such process: ${pid}`];
}

/** os.run and os.run_code: proc.run's twin, under the same permission (the process's context 0 must allow it). */
function run(k: KernelServices, t: Task, call: 'proc.run' | 'proc.run_code', what: { program: string } | { code: string }, options: LuaValue): LuaValue[] {
  const fname = call === 'proc.run' ? 'run' : 'run_code';
  const opts = runOptions(fname, options);
  const refusal = k.interactions.kernelRefusal(t.process, call);
  if (refusal) return [null, refusal];
  const io = childStreams(k, t.process, fname, options);
  try {
    const child = runChild(k, t.process, what, opts, { streams: io.ends, env: environment(fname, options) });
    if (io.parentEnds.size === 0) return [child.pid];
    const fds = new LuaTable();
    for (const [name, end] of io.parentEnds) fds.set(name, k.streams.add(t.process, end));
    return [child.pid, fds];
  } catch (e) {
    if (e instanceof SpawnError) return [null, e.message];
    if (e instanceof InteractionError) throw new ArgumentError(`bad argument #2 to '${call.slice(5)}' (${e.message})`);
    throw e;
  }
}

/** os.date: Lua's formats over UTC, at the kernel clock's time unless given one. */
function date(k: KernelServices, c: HostCall): LuaValue {
  const format = c.type(1) === 'nil' ? '%c' : c.string(1, 'date');
  const seconds = c.type(2) === 'nil' ? Math.floor((k.clock.epochMs + k.now()) / 1000) : c.number(2, 'date');
  if (!Number.isInteger(seconds)) throw new LuaError("bad argument #2 to 'date' (number has no integer representation)");
  try {
    return formatDate(format, seconds);
  } catch (e) {
    if (e instanceof DateFormatError) throw new LuaError(`bad argument #1 to 'date' (${e.message})`);
    if (e instanceof DateRangeError) throw new LuaError(e.message);
    throw e;
  }
}

/** Cancels one of the process's own os.timer timers (never a sleep or timeout the kernel set). */
function cancelTimer(k: KernelServices, t: Task, id: number): boolean {
  const timer = k.timers.find(id);
  return timer !== undefined && timer.pid === t.process.pid && timer.purpose === 'event' && k.cancelTimer(id);
}

/** os.kill: proc.kill's twin, under the same permission. */
function kill(k: KernelServices, t: Task, pid: number): LuaValue[] {
  const refusal = k.interactions.kernelRefusal(t.process, 'proc.kill') ?? killProcess(k, t.process, pid)?.message;
  return refusal ? [null, refusal] : [true];
}

function waitFor(k: KernelServices, t: Task, pid: number, timeout: number | null): LuaValue[] | Block {
  const child = k.processes.get(pid);
  if (!child || child.ppid !== t.process.pid) return [true, null, `not a child of this process: ${pid}`];
  if (child.exit) {
    k.processes.reap(pid);
    return [true, ...exitValues(child.exit)];
  }
  return new Block({ on: 'wait', pid, timer: timeout === null ? null : k.addTimer(t.process, t.tid, timeout, 'timeout') });
}

/**
 * os.join: waits for a task of this process. What an ended task left (an error, or that its values wait in the
 * sandbox) is taken by the first join; a task that ended with nothing left to take joins as `true` at once.
 */
function join(t: Task, tid: number): LuaValue[] | Block {
  const p = t.process;
  if (tid === t.tid) throw new LuaError('a task cannot join itself');
  const other = p.tasks.get(tid);
  if (other) {
    other.joiners.push(t);
    return new Block({ on: 'join', tid });
  }
  const result = p.results.get(tid);
  p.results.delete(tid);
  if (result) return result.ok ? [true, true] : [true, false, result.error ?? null];
  if (Number.isInteger(tid) && tid >= 1 && tid < p.nextTid) return [true, true];
  return [true, false, `no such task in this process: ${tid}`];
}

/** os.watchdog(seconds [, message [, on_pull]]): sets (or, with 0, stops) the process's watchdog and restarts its
 *  count; with on_pull true, each event an unfiltered os.pull() takes restarts it too. */
function watchdog(k: KernelServices, t: Task, c: HostCall): LuaValue[] {
  const seconds = secondsArg(c, 1, 'watchdog');
  const message = c.type(2) === 'nil' ? MESSAGES.stuck : c.string(2, 'watchdog');
  const onPull = c.type(3) === 'boolean' && c.value(3) === true;
  t.process.watchdog = seconds === 0 ? null : { limitMs: seconds * 1000, kickedAt: k.cpuTime(t.process), message, onPull };
  return [];
}

function pull(k: KernelServices, t: Task, c: HostCall): LuaValue[] | Block {
  const filter = c.type(1) === 'nil' ? null : c.type(1) === 'table' ? (c.value(1) as LuaTable) : c.string(1, 'pull');
  const timeout = optionalSeconds(c, 2, 'pull');
  const p = t.process;
  const i = p.events.findIndex((e) => eventMatches(e, filter));
  if (i >= 0) {
    kickOnPull(p, filter, k.cpuTime(p));
    return [true, ...eventValues(k.takeEvent(p, i))];
  }
  if (timeout === 0) return [true, null, 'timeout'];
  return new Block({ on: 'pull', filter, timer: timeout === null ? null : k.addTimer(t.process, t.tid, timeout, 'timeout') });
}

function queue(k: KernelServices, t: Task, c: HostCall): LuaValue[] {
  const event = c.value(1);
  if (!(event instanceof LuaTable) || typeof event.get('type') !== 'string') {
    throw new LuaError("bad argument #1 to 'queue' (event table with a string 'type' field expected)");
  }
  const refusal = k.queueEvent(t.process, event, { bytes: valuesBytes([event]) });
  return refusal === null ? [true] : [null, refusal];
}

// -------------------------------------------------------------------------------------------------
// Streams: descriptors, pipes for children, the environment.
// -------------------------------------------------------------------------------------------------

/** Runs a stream operation: a StreamError is Lua's `nil, message`. */
function streamCall(run: () => void): LuaValue[] {
  try {
    run();
    return [true];
  } catch (e) {
    if (e instanceof StreamError) return [null, e.message];
    throw e;
  }
}

/** stream_write(fd, ...): true, false (blocked: the rest is written when the pipe has room), or nil and why. */
function streamWrite(k: KernelServices, t: Task, c: HostCall): LuaValue[] | Block {
  const fd = integerArg(c, 1, 'write');
  let bytes = '';
  for (let i = 2; i <= c.argc; i++) bytes += c.string(i, 'write');
  try {
    return k.streams.write(t, fd, bytes) ? [true] : new Block({ on: 'stream', fd });
  } catch (e) {
    if (e instanceof StreamError) return [null, e.message];
    throw e;
  }
}

/** stream_read(fd, max): up to max bytes (what waits, at least one), nil at the end, false (blocked), or nil and why. */
function streamRead(k: KernelServices, t: Task, c: HostCall): LuaValue[] | Block {
  const fd = integerArg(c, 1, 'read');
  const max = integerArg(c, 2, 'read');
  try {
    return k.streams.read(t, fd, Math.max(1, max)) ?? new Block({ on: 'stream', fd });
  } catch (e) {
    if (e instanceof StreamError) return [null, e.message];
    throw e;
  }
}

const STANDARD = [
  ['stdin', 0, 'r'],
  ['stdout', 1, 'w'],
  ['stderr', 2, 'w'],
] as const;

/**
 * os.run's `stdin`/`stdout`/`stderr` options: "pipe" (a new pipe: the child gets one end, the caller the other, as a
 * descriptor in os.run's second result), a descriptor of the caller (its own end is shared), or absent (inherited).
 */
function childStreams(k: KernelServices, p: Process, fname: string, options: LuaValue): { ends: StandardEnds; parentEnds: Map<string, StreamEnd> } {
  const ends: StandardEnds = {};
  const parentEnds = new Map<string, StreamEnd>();
  if (!(options instanceof LuaTable)) return { ends, parentEnds };
  for (const [name, fd, mode] of STANDARD) {
    const v = options.get(name);
    if (v === undefined) continue;
    if (v === 'pipe') {
      const pipe = k.streams.pipe(p);
      ends[fd] = mode === 'r' ? pipe.r : pipe.w;
      parentEnds.set(name, mode === 'r' ? pipe.w : pipe.r);
      continue;
    }
    const given = typeof v === 'number' && Number.isInteger(v) ? safeEnd(k, p, v) : null;
    if (!given || given.mode !== mode) {
      throw new ArgumentError(`bad argument #2 to '${fname}' (field '${name}' must be "pipe" or a file open for ${mode === 'r' ? 'reading' : 'writing'})`);
    }
    ends[fd] = given;
  }
  return { ends, parentEnds };
}

function safeEnd(k: KernelServices, p: Process, fd: number): StreamEnd | null {
  try {
    return k.streams.end(p, fd);
  } catch (e) {
    if (e instanceof StreamError) return null;
    throw e;
  }
}

/** os.run's `env` option: a table of string names to string values (the child's whole environment). */
function environment(fname: string, options: LuaValue): Map<string, string> | undefined {
  const env = options instanceof LuaTable ? options.get('env') : undefined;
  if (env === undefined) return undefined;
  if (!(env instanceof LuaTable)) throw new ArgumentError(`bad argument #2 to '${fname}' (field 'env' must be a table of strings)`);
  const out = new Map<string, string>();
  for (const [name, value] of env.entries) {
    if (typeof name !== 'string' || typeof value !== 'string')
      throw new ArgumentError(`bad argument #2 to '${fname}' (field 'env' must map strings to strings)`);
    out.set(name, value);
  }
  return out;
}
