// A Lua state written once over an engine's C-API operations: globals, chunks, calls, threads and
// resumes, and the count hook's decision. The backends (wasmoon.ts, fengari.ts) supply the operations.
import {
  LuaError,
  VmLoadError,
  VmRunError,
  type HookAction,
  type HostCall,
  type HostFunction,
  type LuaValue,
  type ResumeOutcome,
  type StateOptions,
  type VmRef,
  type VmState,
  type VmThread,
} from './vm.js';
import { errorText, LUA_TYPES, SeededDraws } from './common.js';
import { pushValues, readResults, reserve, T, type HostMemory, type LuaStack, type StackCall } from './stack.js';
import { Sink } from './sink.js';
import { armHook, countFiring, HOOK, releaseUserHook, setUserHook, userEvent, type UserHook } from './user-hooks.js';

const OK = 0;
const YIELD = 1;

/** The operations beyond the stack that a state needs from its engine. */
export interface Engine<L> extends LuaStack<L> {
  /** Pushes a closure that runs `fn` as a host function. */
  pushhost(L: L, fn: HostFunction, name: string): void;
  /** Pushes the maker of sink functions, and the function that takes the sink's bytes (VmState.setSink). */
  pushsinkmaker(L: L): void;
  pushsinktake(L: L): void;
  /** Pushes split_lines (VmState.setLineSplitter). */
  pushlinesplitter(L: L): void;
  /** Pushes as_c (VmState.setCFrameMaker). */
  pushcframemaker(L: L): void;
  getglobal(L: L, name: string): number;
  /** luaL_getmetafield: pushes the field of the value's metatable (raw: no metamethod runs) and says whether there
   *  was one (nothing pushed when not). */
  getmetafield(L: L, i: number, name: string): boolean;
  setglobal(L: L, name: string): void;
  setfield(L: L, i: number, name: string): void;
  /** Compiles a chunk: pushes the function and returns OK, or pushes the message and returns a status. */
  load(L: L, code: string, chunkname: string, mode: 't' | 'b'): number;
  /** lua_pcall with all results. */
  pcall(L: L, nargs: number): number;
  /** Pushes a new thread and returns it. */
  newthread(L: L): L;
  xmove(from: L, to: L, n: number): void;
  /** Resumes T; on OK or YIELD, `nres` values are on top of T's stack. */
  resume(T1: L, from: L, nargs: number): { status: number; nres: number };
  /** The traceback of a thread that died. */
  traceback(L: L, T1: L): string;
  tothread(L: L, i: number): L | null;
  isyieldable(L: L): boolean;
  /** lua_yield(L, 0) from inside the count hook. */
  hookyield(L: L): void;
  /** Sets the engine's hook on L: count events with this period, and the events of `mask` (default: count only). */
  sethook(L: L, count: number, mask?: number): void;
  /** The count period of L's hook (lua_gethookcount). */
  hookcount(L: L): number;
  /** Pushes L onto its own stack. */
  pushthread(L: L): void;
  /** lua_error: raises the value on top of L. */
  raise(L: L): void;
  /** Raises the kill: a memory error, the one error Lua raises without calling a message handler (xpcall's
   *  handler would run the killed process's code again, with hooks off when raised from the hook). */
  raisekill(L: L): void;
  /** The tag the kernel wrote in L's extra space (0 in a new thread, which copies the main thread's), and writes
   *  it: it tells a thread from one that died and left its address to it. An engine that never reuses a thread's
   *  identity (fengari) keeps none and always answers `tag`. */
  threadtag(L: L, tag: number): number;
  settag(L: L, tag: number): void;
  /** lua_resetthread: closes the pending to-be-closed variables of a suspended thread (none in Lua 5.3). */
  closethread(L: L): void;
  close(L: L): void;
}

/** Why an allocation was refused: past the state's own limit, or past the budget all states share. */
export type Refusal = 'own' | 'shared' | null;

/** A state's memory account, kept by the engine's allocator. */
export interface MemoryAccount {
  /** Bytes allocated now. */
  used(): number;
  /** Enforces the limit (while Lua code runs) or not (while the host works on the state). */
  enforce(on: boolean): void;
  /** Whether (and why) an allocation was refused since the last call. */
  takeRefusal(): Refusal;
  /** Records a refusal when the state holds more than `limit`, or all states more than their budget: the host's
   *  work on a state (pushing a big event) is never refused, so its excess is found here afterwards. */
  noteExcess(limit: number): void;
}

/** The account of an engine that keeps none: nothing used, nothing refused. */
export const NO_ACCOUNT: MemoryAccount = { used: () => 0, enforce: () => {}, takeRefusal: () => null, noteExcess: () => {} };

/** What the engine keeps per state: the hook's counters and marks, the memory account. */
export interface StateRecord<L> {
  L: L;
  options: StateOptions;
  memory: MemoryAccount;
  hookFirings: number;
  /** Task root threads: a hook firing elsewhere is inside a user coroutine. */
  roots: Set<L>;
  /** Coroutines the hook yielded, until the coroutine wrapper takes the mark. */
  marks: Set<L>;
  killing: boolean;
  /** A thread whose hook was set to fire at its next instruction (hookSoon), until it fires. */
  soon: L | null;
  /** The program's own hooks by thread (debug.sethook); null until it sets one. */
  userHooks: Map<L, UserHook> | null;
  /** How many hooks userHooks held after it was last swept of the threads that died. */
  userHooksSwept: number;
  /** Registry reference of the debug library's hook dispatcher (0 until a hook is set). */
  dispatcher: number;
  /** Instructions counted toward the next quantum (count firings can be shorter with a program's count hook). */
  counted: number;
  /** Deterministic mode's source of time and chance (options.deterministic), or null for the host's. */
  draws: SeededDraws | null;
  /** Whether Lua code runs now (inside resume or pcall), where a refused allocation is an ordinary Lua
   *  error. The host's own work on the state (pushing values, refs, tracebacks) runs outside any protected
   *  call, where a refused allocation would abort the engine: the limit is enforced only while this is set,
   *  and the host's excess is reported through onOutOfMemory instead. */
  inLua: boolean;
  /** The bytes its sink functions took (sink.ts). */
  sink: Sink;
}

export function newRecord<L>(L: L, options: StateOptions, memory: MemoryAccount = NO_ACCOUNT): StateRecord<L> {
  const draws = options.deterministic ? new SeededDraws(options.deterministic.seed) : null;
  return {
    L,
    options,
    memory,
    hookFirings: 0,
    roots: new Set(),
    marks: new Set(),
    killing: false,
    soon: null,
    userHooks: null,
    userHooksSwept: 0,
    dispatcher: 0,
    counted: 0,
    draws,
    inLua: false,
    sink: new Sink(),
  };
}

/** Bytes a state may still allocate under its limit; Infinity with none. A state that keeps no account
 *  (fengari) counts as empty, so its limit still bounds what one host call may build. */
export function memoryRoom<L>(rec: StateRecord<L> | null): number {
  const limit = rec?.options.memoryLimit ?? 0;
  return rec === null || limit === 0 ? Infinity : Math.max(0, limit - rec.memory.used());
}

/** The running state's memory for host functions: its room, and ending it as out of memory from thread L. */
export function hostMemory<L>(engine: Engine<L>, running: Running<L>): HostMemory<L> {
  return {
    room: () => memoryRoom(running.current),
    refuse: (L) => {
      const rec = running.current;
      if (rec === null) throw new LuaError('not enough memory', 0);
      rec.options.onOutOfMemory?.(false);
      kill(engine, rec, L);
      throw new VmRunError('the kill of a state out of memory returned'); // raisekill never returns
    },
    stopIfRefused: (L) => {
      const rec = running.current;
      if (rec !== null && reportRefusal(rec) && rec.options.killed?.()) kill(engine, rec, L);
    },
  };
}

/** Tells the state's owner of an allocation the limit refused (it decides what becomes of the process). */
function reportRefusal<L>(rec: StateRecord<L>): boolean {
  const refusal = rec.memory.takeRefusal();
  if (refusal) rec.options.onOutOfMemory?.(refusal === 'shared');
  return refusal !== null;
}

/** Which state runs now: only one runs at a time, so the hook and the allocator need no lookup. */
export interface Running<L> {
  current: StateRecord<L> | null;
}

/** The engine hook: a program's call/return/line event goes to its own hook (user-hooks.ts); a count firing
 *  counts toward the quantum, and at each quantum asks the kernel (options.onHook) and yields, goes on, or raises
 *  a sticky kill. */
export function hookFired<L>(engine: Engine<L>, rec: StateRecord<L> | null, L: L, event: number, line: () => number): void {
  if (!rec) return;
  if (event !== HOOK.count) {
    if (!rec.killing) userEvent(engine, rec, L, event, line);
    return;
  }
  if (rec.soon === L && !rec.killing) {
    // an early firing asked by hookSoon: back to the quantum (this firing counts no quantum of instructions)
    rec.soon = null;
    armHook(engine, rec, L);
  } else if (!rec.killing) {
    rec.counted += countFiring(engine, rec, L);
    if (rec.counted < rec.options.hookCount || rec.options.hookCount === 0) return;
    rec.counted = 0;
    rec.hookFirings++;
  } else {
    rec.hookFirings++;
  }
  reportRefusal(rec);
  const yieldable = engine.isyieldable(L);
  const nested = !rec.roots.has(L);
  const action: HookAction = rec.killing ? 'kill' : rec.options.onHook({ yieldable, nested });
  if (action === 'yield' && yieldable) {
    if (nested) rec.marks.add(L);
    engine.hookyield(L);
  } else if (action === 'kill') {
    kill(engine, rec, L);
  } else if (typeof action === 'object') {
    engine.pushstring(L, engine.where(L, 0) + action.raise);
    engine.raise(L);
  }
}

/** Kills the state from thread L: the hook turns sticky there (it fires at every instruction from now on, so no
 *  pcall can swallow the kill), and the kill is raised. A thread that catches it (a coroutine's resumer) is
 *  stopped the same way through VmState.stopIfKilled; new coroutines inherit the sticky hook. */
function kill<L>(engine: Engine<L>, rec: StateRecord<L>, L: L): void {
  rec.killing = true;
  engine.sethook(L, 1);
  engine.raisekill(L);
}

export class EngineState<L> implements VmState {
  private readonly threads = new Map<number, L>();
  /** Threads not yet resumed that were given leading arguments (newThread): how many wait on their stacks. */
  private readonly leading = new Map<number, number>();
  private closed = false;

  constructor(
    private readonly engine: Engine<L>,
    private readonly rec: StateRecord<L>,
    private readonly running: Running<L>,
    private readonly onClose: () => void = () => {},
  ) {}

  /** Runs `body` with this state marked as the one executing (for the hook and the allocator). */
  private enter<R>(body: () => R): R {
    const previous = this.running.current;
    const wasInLua = this.rec.inLua;
    this.running.current = this.rec;
    this.setInLua(false);
    try {
      return body();
    } finally {
      this.running.current = previous;
      this.setInLua(wasInLua);
      this.noteExcess();
      reportRefusal(this.rec);
    }
  }

  /** After the host's work on the state: what it made the state hold past the limits counts as a refusal. */
  private noteExcess(): void {
    if (this.rec.options.memoryLimit > 0) this.rec.memory.noteExcess(this.rec.options.memoryLimit);
  }

  private setInLua(on: boolean): void {
    this.rec.inLua = on;
    this.rec.memory.enforce(on);
  }

  setHostFunction(table: string | null, name: string, fn: HostFunction): void {
    this.enter(() => {
      this.engine.pushhost(this.rec.L, fn, name);
      this.store(table, name);
    });
  }

  setSink(table: string): void {
    this.enter(() => {
      this.engine.pushsinkmaker(this.rec.L);
      this.store(table, 'sink');
      this.engine.pushsinktake(this.rec.L);
      this.store(table, 'sink_take');
    });
  }

  setCFrameMaker(table: string): void {
    this.enter(() => {
      this.engine.pushcframemaker(this.rec.L);
      this.store(table, 'as_c');
    });
  }

  setLineSplitter(table: string): void {
    this.enter(() => {
      this.engine.pushlinesplitter(this.rec.L);
      this.store(table, 'split_lines');
    });
  }

  setHostFunctions(table: string, fns: ReadonlyArray<readonly [string, HostFunction]>): void {
    this.enter(() => {
      const {
        engine: e,
        rec: { L },
      } = this;
      this.hostSide(() => reserve(e, L, 4, 'too many host functions'));
      if (e.getglobal(L, table) !== T.table) {
        e.settop(L, -2);
        e.createtable(L, 0, fns.length);
        e.pushvalue(L, -1);
        e.setglobal(L, table);
      }
      for (const [name, fn] of fns) {
        e.pushhost(L, fn, name);
        e.setfield(L, -2, name);
      }
      e.settop(L, -2);
    });
  }

  setGlobal(table: string | null, name: string, value: LuaValue): void {
    this.enter(() => {
      this.hostSide(() => this.pushAll(this.rec.L, [value], 'global'));
      this.store(table, name);
    });
  }

  /** Pushes values (with room for a few more), or throws Lua's error: stack overflow (`what`), a table too deep. */
  private pushAll(L: L, values: LuaValue[], what: string): void {
    reserve(this.engine, L, values.length + 4, what);
    pushValues(this.engine, L, values);
  }

  /** Runs host-side work on the state, where Lua's errors (a full stack, a table too deep) are VmRunErrors. */
  private hostSide<R>(work: () => R): R {
    try {
      return work();
    } catch (e) {
      if (e instanceof LuaError) throw new VmRunError(e.message);
      throw e;
    }
  }

  /** Runs Lua code (a resume or a pcall) with the memory limit enforced: see StateRecord.inLua. */
  private inLua<R>(run: () => R): R {
    this.setInLua(true);
    try {
      return run();
    } finally {
      this.setInLua(false);
      reportRefusal(this.rec);
    }
  }

  /** Pops the top value into _G[name] or _G[table][name] (creating the table). */
  private store(table: string | null, name: string): void {
    const {
      engine: e,
      rec: { L },
    } = this;
    if (table === null) {
      e.setglobal(L, name);
      return;
    }
    if (e.getglobal(L, table) !== T.table) {
      e.settop(L, -2);
      e.createtable(L, 0, 4);
      e.pushvalue(L, -1);
      e.setglobal(L, table);
    }
    e.pushvalue(L, -2);
    e.setfield(L, -2, name);
    e.settop(L, -3);
  }

  load(code: string, chunkname: string): VmRef {
    return this.loadChunk(code, chunkname, 't');
  }

  loadPrecompiled(bytecode: string, chunkname: string): VmRef {
    return this.loadChunk(bytecode, chunkname, 'b');
  }

  private loadChunk(code: string, chunkname: string, mode: 't' | 'b'): VmRef {
    return this.enter(() => {
      const {
        engine: e,
        rec: { L },
      } = this;
      if (e.load(L, code, chunkname, mode) !== OK) {
        const msg = e.tostring(L, -1);
        e.settop(L, -2);
        throw new VmLoadError(msg);
      }
      return { id: e.ref(L) };
    });
  }

  call(fn: VmRef, args: LuaValue[]): LuaValue[] {
    return this.enter(() => {
      const {
        engine: e,
        rec: { L },
      } = this;
      const base = e.gettop(L);
      try {
        this.hostSide(() => reserve(e, L, args.length + 5, 'too many arguments'));
        e.getref(L, fn.id);
        this.hostSide(() => pushValues(e, L, args));
        if (this.inLua(() => e.pcall(L, args.length)) !== OK) throw new VmRunError(this.errorMessage(L));
        return readResults(e, L, base + 1, e.gettop(L));
      } finally {
        e.settop(L, base);
      }
    });
  }

  newThread(fn: VmRef, leading: readonly VmRef[] = []): VmThread {
    return this.enter(() => {
      const {
        engine: e,
        rec: { L },
      } = this;
      const T1 = e.newthread(L);
      const ref = e.ref(L);
      e.getref(L, fn.id);
      for (const arg of leading) e.getref(L, arg.id);
      e.xmove(L, T1, 1 + leading.length);
      e.unref(L, fn.id);
      if (leading.length > 0) this.leading.set(ref, leading.length);
      this.threads.set(ref, T1);
      this.rec.roots.add(T1);
      return { id: ref };
    });
  }

  resume(thread: VmThread, args: LuaValue[], values = true): ResumeOutcome {
    const T1 = this.threads.get(thread.id);
    if (T1 === undefined) throw new VmRunError('resume of a released thread');
    return this.enter(() => {
      const e = this.engine;
      try {
        this.pushAll(T1, args, 'too many arguments to resume');
      } catch (error) {
        // the values cannot reach the thread: it fails where it waits, as Lua's resume would
        if (!(error instanceof LuaError)) throw error;
        return { kind: 'error', message: error.message, traceback: e.traceback(this.rec.L, T1) };
      }
      this.noteExcess(); // so its Lua code reaches nothing (stopIfRefused) before the kill
      const nargs = args.length + (this.leading.get(thread.id) ?? 0);
      this.leading.delete(thread.id);
      const { status, nres } = this.inLua(() => e.resume(T1, this.rec.L, nargs));
      if (status !== OK && status !== YIELD) {
        const message = this.errorMessage(T1);
        return { kind: 'error', message, traceback: e.traceback(this.rec.L, T1), ...this.errorObject(T1) };
      }
      const top = e.gettop(T1);
      try {
        const kind = status === OK ? 'return' : 'yield';
        return { kind, values: values ? readResults(e, T1, top - nres + 1, top) : [], count: nres };
      } finally {
        e.settop(T1, top - nres);
      }
    });
  }

  /** The error object on top of L as text; a kill is reported by its reason. */
  private errorMessage(L: L): string {
    if (this.rec.killing) return this.rec.options.killMessage?.() ?? 'killed';
    return errorText(this.engine.type(L, -1), () => this.engine.tostring(L, -1));
  }

  /** The error object on top of a dead T1 and its metatable's __tostring (raw), anchored, when it is a table or
   *  userdata that has one. The thread is dead and its message and traceback were read: the object is taken off. */
  private errorObject(T1: L): { object?: VmRef; tostring?: VmRef } {
    const { engine: e, rec } = this;
    const type = LUA_TYPES[e.type(T1, -1)];
    if (rec.killing || (type !== 'table' && type !== 'userdata')) return {};
    e.xmove(T1, rec.L, 1);
    if (!e.getmetafield(rec.L, -1, '__tostring')) {
      e.settop(rec.L, -2);
      return {};
    }
    const tostring = { id: e.ref(rec.L) };
    return { object: { id: e.ref(rec.L) }, tostring };
  }

  hookSoon(call: HostCall): void {
    if (this.rec.killing || this.rec.options.hookCount === 0) return;
    const L = (call as StackCall<L>).L;
    if (this.rec.soon !== null && this.rec.soon !== L) armHook(this.engine, this.rec, this.rec.soon);
    this.rec.soon = L;
    this.engine.sethook(L, 1);
  }

  setUserHook(call: HostCall): void {
    setUserHook(this.engine, this.rec, call);
  }

  stopIfKilled(call: HostCall): void {
    reportRefusal(this.rec);
    if (this.rec.killing || this.rec.options.killed?.()) kill(this.engine, this.rec, (call as StackCall<L>).L);
  }

  releaseThread(thread: VmThread): void {
    const T1 = this.threads.get(thread.id);
    if (T1 === undefined || this.closed) return;
    this.threads.delete(thread.id);
    this.leading.delete(thread.id);
    this.rec.roots.delete(T1);
    this.rec.marks.delete(T1);
    releaseUserHook(this.engine, this.rec, T1);
    if (this.rec.soon === T1) this.rec.soon = null;
    this.engine.unref(this.rec.L, thread.id);
  }

  unref(ref: VmRef): void {
    if (!this.closed) this.engine.unref(this.rec.L, ref.id);
  }

  memoryUsed(): number {
    return this.closed ? 0 : this.rec.memory.used();
  }

  instructions(): number {
    return this.rec.hookFirings * this.rec.options.hookCount;
  }

  takePreemptMark(call: HostCall, i: number): boolean {
    const co = this.engine.tothread((call as StackCall<L>).L, i);
    return co !== null && this.rec.marks.delete(co);
  }

  isTaskRoot(call: HostCall, i: number): boolean {
    const co = this.engine.tothread((call as StackCall<L>).L, i);
    return co !== null && this.rec.roots.has(co);
  }

  hookedThreads(): number {
    return this.rec.userHooks?.size ?? 0;
  }

  closeThread(thread: VmThread): void {
    const T1 = this.threads.get(thread.id);
    if (T1 === undefined || this.closed) return;
    this.enter(() => this.inLua(() => this.engine.closethread(T1)));
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.threads.clear();
    this.rec.roots.clear();
    this.rec.marks.clear();
    this.enter(() => this.engine.close(this.rec.L));
    this.onClose();
  }
}
