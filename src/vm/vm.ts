// The one interface the kernel sees over a Lua engine: states, threads, resume, the count hook,
// host functions and values. Backends (wasmoon, fengari) implement it; nothing else touches an engine.

/** A Lua string crosses this interface as a JS "byte string": one char per byte (latin1). */
export type ByteString = string;

/** A Lua float whose value is integral (1.0), kept apart from the integer 1. */
export class LuaFloat {
  constructor(readonly value: number) {}
}

/** A Lua table copied out of a state. Cycles are preserved as the same LuaTable object. */
export class LuaTable {
  readonly entries = new Map<LuaKey, LuaValue>();
  get(key: LuaKey): LuaValue | undefined {
    return this.entries.get(key);
  }
  set(key: LuaKey, value: LuaValue): this {
    this.entries.set(key, value);
    return this;
  }
  /** The values at 1..n, n being the first missing index. */
  array(): LuaValue[] {
    const out: LuaValue[] = [];
    for (let i = 1; this.entries.has(i); i++) out.push(this.entries.get(i)!);
    return out;
  }
  static from(record: Record<string, LuaValue>): LuaTable {
    const t = new LuaTable();
    for (const [k, v] of Object.entries(record)) if (v !== undefined) t.set(k, v);
    return t;
  }
  static list(values: LuaValue[]): LuaTable {
    const t = new LuaTable();
    for (const [i, v] of values.entries()) t.set(i + 1, v);
    return t;
  }
}

export type LuaKey = string | number | boolean | LuaFloat | LuaTable;
/** null stands for nil; integers are numbers (bigint beyond 2^53); floats are numbers or LuaFloat. */
export type LuaValue = null | boolean | number | bigint | LuaFloat | ByteString | LuaTable;

export type LuaType = 'nil' | 'boolean' | 'number' | 'string' | 'table' | 'function' | 'thread' | 'userdata';

/** An error a host function raises in Lua; level 1 blames the Lua code that called it. */
export class LuaError extends Error {
  constructor(
    message: string,
    readonly level = 1,
  ) {
    super(message);
  }
}

/** The arguments of one host-function call, read lazily from the Lua stack. Indices are 1-based. */
export interface HostCall {
  readonly argc: number;
  type(i: number): LuaType;
  /** The argument as a byte string; numbers are converted as Lua does; anything else raises a bad-argument error. */
  string(i: number, fname: string): ByteString;
  /** The argument as a number; raises a bad-argument error otherwise. */
  number(i: number, fname: string): number;
  /** The argument deep-copied; functions, threads and userdata raise a clear error. */
  value(i: number): LuaValue;
  /** Anchors the argument (any type) in the state and returns a handle to it, released with VmState.unref. */
  ref(i: number): VmRef;
  /** Makes a new full userdata (no memory block, no user values, no metatable) the call's first result, before
   *  the values the function returns: an object of the program that `type` calls "userdata" (io's files). */
  newUserdata(): void;
  /** Bytes the calling state may still allocate under its memory limit (Infinity when it has none), so a
   *  host function can refuse a result that could not become a Lua value. */
  memoryRoom(): number;
  /** Ends the calling process as out of memory, as an allocation its limit refused would (for a result that would
   *  not fit memoryRoom()): its owner is told (StateOptions.onOutOfMemory) and the kill is raised now. */
  outOfMemory(): never;
}

export type HostFunction = (call: HostCall) => LuaValue[] | void;

/** A value anchored in a state's registry (a function, a thread...). */
export interface VmRef {
  readonly id: number;
}

/** A Lua thread the kernel runs: a task's root coroutine. */
export interface VmThread {
  readonly id: number;
}

export type ResumeOutcome =
  | { kind: 'yield'; values: LuaValue[]; count: number }
  | { kind: 'return'; values: LuaValue[]; count: number }
  /** `object`, `tostring`: the error object and its metatable's __tostring, when it is a table or userdata with one
   *  (anchored: the caller releases them). */
  | { kind: 'error'; message: string; traceback: string; object?: VmRef; tostring?: VmRef };

/** What the kernel tells the count hook to do when it fires. */
/** `raise`: a catchable error with that message, at the running line (a watchdog's, see os.watchdog). */
export type HookAction = 'continue' | 'yield' | 'kill' | { raise: string };

export interface HookInfo {
  /** false inside a C call (sort comparator, gsub callback, metamethod from C, message handler...) */
  readonly yieldable: boolean;
  /** true when the hook fired in a user coroutine below the task's root thread */
  readonly nested: boolean;
}

export interface StateOptions {
  /** Bytes the state may allocate; exceeding it makes the allocation fail and calls onOutOfMemory.
   *  0 = no limit and no accounting (memoryUsed() then reports 0): the engine's own allocator, fastest. */
  memoryLimit: number;
  /** Count-hook period in VM instructions (the quantum); 0 = no hook. */
  hookCount: number;
  /** Called each time the count hook fires in any thread of the state. */
  onHook: (info: HookInfo) => HookAction;
  /** Called when an allocation is refused because of the memory limit (`shared`: because all states together
   *  reached the engine's memory budget, Vm.setMemoryBudget). */
  onOutOfMemory?: (shared: boolean) => void;
  /** Why the state was killed: the error message a resume or call of a killed state reports. */
  killMessage?: () => string;
  /** Whether the state's owner is ending it (asked by stopIfKilled on a caught error). */
  killed?: () => boolean;
  /** Deterministic mode: every source of host time or chance inside the engine (the string-hash seed, table.sort's
   *  random pivot, the C clock) draws from this seed instead. Absent: the engine's own (host time, Math.random). */
  deterministic?: { seed: number };
}

export interface VmState {
  /** Sets global table `table` (created when missing) field `name`, or a global when table is null, to a host function.
   *  Pass the same function object to every state: backends register each distinct function once. */
  setHostFunction(table: string | null, name: string, fn: HostFunction): void;
  /** Sets many host functions in one global table at once (a new process's system calls). */
  setHostFunctions(table: string, fns: ReadonlyArray<readonly [string, HostFunction]>): void;
  /**
   * Sets `table.sink` and `table.sink_take`, the state's fast output path (io.write's), which makes no host call.
   * `sink(result, fallback)` makes a sink function: called with string arguments only, whose bytes fit under the
   * sink's limit, it adds them to the state's sink and returns `result`; any other call is a tail call of the Lua
   * function `fallback` (whose results it returns, after a yield too). `sink_take(limit?)`
   * returns the bytes held (emptying the sink) and, given a limit, sets it: a write that would bring what the sink
   * holds to `limit` bytes goes to the fallback (0 at first: every write does).
   */
  setSink(table: string): void;
  /**
   * Sets `table.split_lines`, io.lines()'s fast path: `split_lines(s, p)` returns the position after the last of
   * the whole lines of `s` from position `p` (at most MAX_SPLIT_LINES of them, each ending with '\n'), then those
   * lines without their '\n': one call where a Lua find and sub would take two a line.
   */
  setLineSplitter(table: string): void;
  /**
   * Sets `table.as_c`: `as_c(f)` makes a C function that calls the Lua function `f` with its arguments and returns
   * all it returns (after a yield too). A wrapper that stands for a C library function is given to the program
   * this way, so that calling it, even as a tail call, keeps the caller's frame as calling Lua's C function does.
   */
  setCFrameMaker(table: string): void;
  /** Sets a global (or a field of a global table) to a value. */
  setGlobal(table: string | null, name: string, value: LuaValue): void;
  /** Compiles a text chunk; binary chunks are refused. Throws VmLoadError with Lua's message. */
  load(code: ByteString, chunkname: string): VmRef;
  /** Loads bytecode the kernel itself produced (string.dump of its own preludes in a private state).
   *  Never for anything a program supplies: malformed bytecode can corrupt the engine. */
  loadPrecompiled(bytecode: ByteString, chunkname: string): VmRef;
  /** Runs a function to completion with no preemption (preludes): returns its results or throws VmRunError. */
  call(fn: VmRef, args: LuaValue[]): LuaValue[];
  /** A new thread that will run `fn` (consumed: the ref is released), called with the `leading` values (refs kept)
   *  before the arguments of its first resume. */
  newThread(fn: VmRef, leading?: readonly VmRef[]): VmThread;
  /** Resumes a thread with the given values (the first resume passes the function's arguments).
   *  With `values` false, what the thread yields or returns is not copied out (outcome values are []). */
  resume(thread: VmThread, args: LuaValue[], values?: boolean): ResumeOutcome;
  /** Drops a thread (dead or not); its memory is reclaimed by the GC. */
  releaseThread(thread: VmThread): void;
  unref(ref: VmRef): void;
  /** Bytes currently allocated by the state (0 when the backend cannot tell). */
  memoryUsed(): number;
  /** Count-hook firings so far, times the hook count: instructions executed, to the quantum. */
  instructions(): number;
  /** Whether a hook-yield of a nested coroutine is waiting to be collected by the coroutine wrapper. */
  takePreemptMark(call: HostCall, i: number): boolean;
  /** For a host call that took long: the count hook fires at the calling thread's next instruction (once, then
   *  every hookCount again), so the kernel can preempt right after the call instead of a quantum later. */
  hookSoon(call: HostCall): void;
  /** For a host call on a caught error (a coroutine that failed): when the state is being killed (its hook raised
   *  the kill, or options.killed() says so), kills it from the calling thread too, so no Lua code that catches
   *  the kill runs on. Returns otherwise. */
  stopIfKilled(call: HostCall): void;
  /** debug.sethook for a host call sys.sethook(thread, fn|nil, mask, count, dispatcher): the program's own hook on one
   *  of its threads, run by calling dispatcher(thread, fn, event, line), layered over the count hook (user-hooks.ts). */
  setUserHook(call: HostCall): void;
  /** Threads with a program's hook (debug.sethook) that the state keeps (for leak checks). */
  hookedThreads(): number;
  /** Whether argument i of a host call is a task's root thread (what the program sees as its main thread). */
  isTaskRoot(call: HostCall, i: number): boolean;
  /** Closes the pending `<close>` variables of a suspended thread, as lua_close does for the main thread's (their
   *  handlers run as Lua code that cannot yield, under the count hook). */
  closeThread(thread: VmThread): void;
  close(): void;
}

/** The most lines one split_lines call returns (each is a value on Lua's stack). */
export const MAX_SPLIT_LINES = 4096;

export class VmLoadError extends Error {}
export class VmRunError extends Error {}

/** A Lua engine: one module instance that creates states. */
export interface Vm {
  readonly name: 'wasmoon' | 'fengari';
  /** 64 for wasmoon (Lua 5.4); 32 for fengari (Lua 5.3 with 32-bit integers). */
  readonly integerBits: 32 | 64;
  readonly luaVersion: string;
  /** Whether StateOptions.memoryLimit is enforced per state. */
  readonly hasMemoryLimit: boolean;
  /** Bytes all memory-limited states may hold together: past it, an allocation of Lua code is refused (as past a
   *  state's own limit) and newState fails. Engines whose states share no bounded heap ignore it (fengari). */
  setMemoryBudget(bytes: number): void;
  /** Bytes all memory-limited states hold together now (what the budget counts; 0 for an engine that keeps none). */
  memoryTotal(): number;
  newState(options: StateOptions): VmState;
}

export type VmName = Vm['name'];
export const VM_NAMES: readonly VmName[] = ['wasmoon', 'fengari'];
