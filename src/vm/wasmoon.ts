// The wasmoon backend: Lua 5.4 compiled to WebAssembly, driven only through its raw module._lua_* exports
// (never doString or JS proxies). One module instance, one hook and one allocator shared by all states.
import { LuaFactory } from 'wasmoon';
import {
  LuaError, VmLoadError, VmRunError,
  type HookAction, type HostCall, type HostFunction, type LuaValue, type ResumeOutcome,
  type StateOptions, type Vm, type VmRef, type VmState, type VmThread,
} from './vm.js';
import { errorText } from './common.js';
import { pushValue, readResults, runHostFunction, T, type LuaStack, type StackCall } from './stack.js';

/* Constants of Lua 5.4 as built by wasmoon (LUAI_MAXSTACK = 1,000,000). */
const REGISTRY = -1001000;
const UPVALUE1 = REGISTRY - 1;
const MULTRET = -1;
const MASKCOUNT = 8;
const OK = 0;
const YIELD = 1;

type Ptr = number;
// The raw exports we use; emscripten's typings are not shipped, so we name them here.
interface Raw {
  HEAPU8: Uint8Array; HEAPU32: Uint32Array;
  addFunction(fn: (...a: number[]) => number | void, sig: string): number;
  _malloc(n: number): Ptr; _free(p: Ptr): void; _realloc(p: Ptr, n: number): Ptr;
  _lua_newstate(f: Ptr, ud: number): Ptr; _luaL_newstate(): Ptr; _luaL_openlibs(L: Ptr): void; _lua_close(L: Ptr): void;
  _lua_gettop(L: Ptr): number; _lua_settop(L: Ptr, i: number): void; _lua_checkstack(L: Ptr, n: number): number;
  _lua_pushvalue(L: Ptr, i: number): void; _lua_absindex(L: Ptr, i: number): number;
  _lua_type(L: Ptr, i: number): number; _lua_isinteger(L: Ptr, i: number): number;
  _lua_tointegerx(L: Ptr, i: number, isnum: Ptr): bigint; _lua_tonumberx(L: Ptr, i: number, isnum: Ptr): number;
  _lua_toboolean(L: Ptr, i: number): number; _lua_tolstring(L: Ptr, i: number, len: Ptr): Ptr;
  _lua_tothread(L: Ptr, i: number): Ptr; _lua_topointer(L: Ptr, i: number): Ptr;
  _lua_pushnil(L: Ptr): void; _lua_pushnumber(L: Ptr, n: number): void; _lua_pushinteger(L: Ptr, n: bigint): void;
  _lua_pushlstring(L: Ptr, s: Ptr, n: number): Ptr; _lua_pushboolean(L: Ptr, b: number): void;
  _lua_pushcclosure(L: Ptr, fn: Ptr, n: number): void;
  _lua_createtable(L: Ptr, na: number, nh: number): void; _lua_next(L: Ptr, i: number): number;
  _lua_rawset(L: Ptr, i: number): void; _lua_rawseti(L: Ptr, i: number, n: bigint): void;
  _lua_rawgeti(L: Ptr, i: number, n: bigint): number;
  _lua_getglobal(L: Ptr, k: Ptr): number; _lua_setglobal(L: Ptr, k: Ptr): void;
  _lua_getfield(L: Ptr, i: number, k: Ptr): number; _lua_setfield(L: Ptr, i: number, k: Ptr): void;
  _luaL_ref(L: Ptr, t: number): number; _luaL_unref(L: Ptr, t: number, r: number): void;
  _luaL_loadbufferx(L: Ptr, b: Ptr, n: number, name: Ptr, mode: Ptr): number;
  _lua_pcallk(L: Ptr, na: number, nr: number, ef: number, ctx: number, k: number): number;
  _lua_newthread(L: Ptr): Ptr; _lua_resume(L: Ptr, from: Ptr, na: number, nres: Ptr): number;
  _lua_xmove(from: Ptr, to: Ptr, n: number): void;
  _lua_yieldk(L: Ptr, nr: number, ctx: number, k: number): number; _lua_isyieldable(L: Ptr): number;
  _lua_sethook(L: Ptr, f: Ptr, mask: number, count: number): void;
  _lua_error(L: Ptr): number; _luaL_where(L: Ptr, lvl: number): void; _lua_concat(L: Ptr, n: number): void;
  _luaL_traceback(L: Ptr, L1: Ptr, msg: Ptr, level: number): void;
}

interface StateRecord {
  L: Ptr;
  options: StateOptions;
  used: number;
  limit: number;
  hookFirings: number;
  roots: Set<Ptr>;
  marks: Set<Ptr>;
  killing: boolean;
}

/** Loads the wasm module once and returns the backend. */
export async function createWasmoonVm(): Promise<Vm> {
  const factory = new LuaFactory();
  const raw = (await factory.getLuaModule()).module as unknown as Raw;
  return new WasmoonVm(raw);
}

class WasmoonVm implements Vm {
  readonly name = 'wasmoon' as const;
  readonly integerBits = 64 as const;
  readonly luaVersion = 'Lua 5.4';
  readonly hasMemoryLimit = true;

  /** State records by id (the allocator's `ud`); an array, since the allocator runs on every allocation. */
  private readonly states: Array<StateRecord | undefined> = [];
  private nextStateId = 1;
  /** The state whose code runs now: only one runs at a time, so the hook needs no lookup. */
  current: StateRecord | null = null;
  readonly hostFunctions: Array<{ fn: HostFunction; name: string }> = [];
  /** Host functions are registered once per module and shared by every state that sets them. */
  private readonly hostFunctionIds = new Map<HostFunction, number>();
  readonly hookPtr: Ptr;
  readonly allocPtr: Ptr;
  readonly dispatchPtr: Ptr;
  readonly scratchLen: Ptr;
  private readonly cstrings = new Map<string, Ptr>();
  private buffer: Ptr = 0;
  private bufferSize = 0;

  readonly stack: LuaStack<Ptr>;

  constructor(readonly raw: Raw) {
    this.stack = this.makeStack();
    this.hookPtr = raw.addFunction((L: Ptr) => this.onHook(L), 'vii');
    this.allocPtr = raw.addFunction((ud, ptr, osize, nsize) => this.alloc(ud, ptr, osize, nsize), 'iiiii');
    this.dispatchPtr = raw.addFunction((L: Ptr) => this.dispatch(L), 'ii');
    this.scratchLen = raw._malloc(8);
  }

  newState(options: StateOptions): VmState {
    const id = this.nextStateId++;
    const rec: StateRecord = {
      L: 0, options, used: 0, limit: options.memoryLimit, hookFirings: 0,
      roots: new Set(), marks: new Set(), killing: false,
    };
    this.states[id] = rec;
    // No limit: Lua's own C allocator, with no JS call per allocation (and no accounting).
    rec.L = options.memoryLimit > 0 ? this.raw._lua_newstate(this.allocPtr, id) : this.raw._luaL_newstate();
    if (rec.L === 0) throw new VmRunError('cannot create a Lua state (out of memory)');
    const previous = this.current;
    this.current = rec;
    try {
      this.raw._luaL_openlibs(rec.L);
    } finally {
      this.current = previous;
    }
    if (options.hookCount > 0) this.raw._lua_sethook(rec.L, this.hookPtr, MASKCOUNT, options.hookCount);
    return new WasmoonState(this, rec, () => { this.states[id] = undefined; });
  }

  hostFunctionId(fn: HostFunction, name: string): number {
    let id = this.hostFunctionIds.get(fn);
    if (id === undefined) {
      id = this.hostFunctions.length;
      this.hostFunctions.push({ fn, name });
      this.hostFunctionIds.set(fn, id);
    }
    return id;
  }

  /** A C string that lives as long as the module (field names, modes). */
  cstr(s: string): Ptr {
    let p = this.cstrings.get(s);
    if (p === undefined) {
      const bytes = Buffer.from(s + '\0', 'latin1');
      p = this.raw._malloc(bytes.length);
      this.raw.HEAPU8.set(bytes, p);
      this.cstrings.set(s, p);
    }
    return p;
  }

  pushString(L: Ptr, s: string): void {
    const n = s.length;
    if (n > this.bufferSize) {
      if (this.buffer) this.raw._free(this.buffer);
      this.bufferSize = Math.max(n, 256, this.bufferSize * 2);
      this.buffer = this.raw._malloc(this.bufferSize);
      if (!this.buffer) { this.bufferSize = 0; throw new LuaError('not enough memory'); }
    }
    if (n > 0) Buffer.from(this.raw.HEAPU8.buffer, this.buffer, n).write(s, 'latin1');
    this.raw._lua_pushlstring(L, this.buffer, n);
  }

  toString(L: Ptr, i: number): string {
    const p = this.raw._lua_tolstring(L, i, this.scratchLen);
    if (p === 0) return '';
    const len = this.raw.HEAPU32[this.scratchLen >> 2];
    return Buffer.from(this.raw.HEAPU8.buffer, p, len).toString('latin1');
  }

  private alloc(ud: number, ptr: Ptr, osize: number, nsize: number): Ptr {
    const rec = this.states[ud]!;
    const old = ptr === 0 ? 0 : osize;
    if (nsize === 0) {
      this.raw._free(ptr);
      rec.used -= old;
      return 0;
    }
    if (rec.limit > 0 && nsize > old && rec.used + nsize - old > rec.limit) {
      rec.options.onOutOfMemory?.();
      return 0;
    }
    const p = this.raw._realloc(ptr, nsize);
    if (p !== 0) rec.used += nsize - old;
    return p;
  }

  private onHook(L: Ptr): void {
    const rec = this.current;
    if (!rec) return;
    rec.hookFirings++;
    const yieldable = this.raw._lua_isyieldable(L) !== 0;
    const nested = !rec.roots.has(L);
    const action: HookAction = rec.killing ? 'kill' : rec.options.onHook({ yieldable, nested });
    if (action === 'yield' && yieldable) {
      if (nested) rec.marks.add(L);
      this.raw._lua_yieldk(L, 0, 0, 0);
    } else if (action === 'kill') {
      // Sticky: fire at every instruction from now on, so no pcall can swallow the kill for long.
      rec.killing = true;
      this.raw._lua_sethook(L, this.hookPtr, MASKCOUNT, 1);
      this.pushString(L, rec.options.killMessage?.() ?? 'killed');
      this.raw._lua_error(L);
    }
  }

  private dispatch(L: Ptr): number {
    const entry = this.hostFunctions[Number(this.raw._lua_tointegerx(L, UPVALUE1, 0))]!;
    // an emscripten longjmp (a Lua error or yield passing through) is thrown as a number
    const result = runHostFunction(this.stack, L, entry.fn, entry.name, (e) => typeof e === 'number');
    if (typeof result === 'number') return result;
    this.pushString(L, result);
    return this.raw._lua_error(L);
  }

  /** The stack operations the shared marshalling (stack.ts) works with. */
  private makeStack(): LuaStack<Ptr> {
    const raw = this.raw;
    return {
      gettop: (L) => raw._lua_gettop(L),
      settop: (L, i) => raw._lua_settop(L, i),
      checkstack: (L, n) => { raw._lua_checkstack(L, n); },
      pushvalue: (L, i) => raw._lua_pushvalue(L, i),
      absindex: (L, i) => raw._lua_absindex(L, i),
      type: (L, i) => raw._lua_type(L, i),
      isinteger: (L, i) => raw._lua_isinteger(L, i) !== 0,
      tointeger: (L, i) => raw._lua_tointegerx(L, i, 0),
      tonumber: (L, i) => raw._lua_tonumberx(L, i, 0),
      toboolean: (L, i) => raw._lua_toboolean(L, i) !== 0,
      tostring: (L, i) => this.toString(L, i),
      identity: (L, i) => raw._lua_topointer(L, i),
      pushnil: (L) => raw._lua_pushnil(L),
      pushboolean: (L, b) => raw._lua_pushboolean(L, b ? 1 : 0),
      // integral values beyond 64 bits arrive as floats rather than wrapping
      pushinteger: (L, n) => (typeof n === 'bigint' ? raw._lua_pushinteger(L, BigInt.asIntN(64, n))
        : n >= -(2 ** 63) && n < 2 ** 63 ? raw._lua_pushinteger(L, BigInt(n)) : raw._lua_pushnumber(L, n)),
      pushfloat: (L, n) => raw._lua_pushnumber(L, n),
      pushstring: (L, str) => this.pushString(L, str),
      createtable: (L, na, nh) => raw._lua_createtable(L, na, nh),
      next: (L, i) => raw._lua_next(L, i) !== 0,
      rawset: (L, i) => raw._lua_rawset(L, i),
      getref: (L, ref) => { raw._lua_rawgeti(L, REGISTRY, BigInt(ref)); },
      ref: (L) => raw._luaL_ref(L, REGISTRY),
      unref: (L, ref) => raw._luaL_unref(L, REGISTRY, ref),
      where: (L, level) => {
        raw._luaL_where(L, level);
        const where = this.toString(L, -1);
        raw._lua_settop(L, -2);
        return where;
      },
    };
  }
}

class WasmoonState implements VmState {
  private readonly threads = new Map<number, Ptr>();
  private closed = false;

  constructor(private readonly vm: WasmoonVm, private readonly rec: StateRecord, private readonly forget: () => void) {}

  private get raw(): Raw {
    return this.vm.raw;
  }

  /** Runs `body` with this state marked as the one executing (for the hook and the allocator). */
  private enter<R>(body: () => R): R {
    const previous = this.vm.current;
    this.vm.current = this.rec;
    try {
      return body();
    } finally {
      this.vm.current = previous;
    }
  }

  setHostFunction(table: string | null, name: string, fn: HostFunction): void {
    const id = this.vm.hostFunctionId(fn, name);
    this.enter(() => {
      const L = this.rec.L;
      this.raw._lua_pushinteger(L, BigInt(id));
      this.raw._lua_pushcclosure(L, this.vm.dispatchPtr, 1);
      this.store(table, name);
    });
  }

  setGlobal(table: string | null, name: string, value: LuaValue): void {
    this.enter(() => {
      pushValue(this.vm.stack, this.rec.L, value);
      this.store(table, name);
    });
  }

  /** Pops the top value into _G[name] or _G[table][name] (creating the table). */
  private store(table: string | null, name: string): void {
    const L = this.rec.L;
    if (table === null) { this.raw._lua_setglobal(L, this.vm.cstr(name)); return; }
    if (this.raw._lua_getglobal(L, this.vm.cstr(table)) !== T.table) {
      this.raw._lua_settop(L, -2);
      this.raw._lua_createtable(L, 0, 4);
      this.raw._lua_pushvalue(L, -1);
      this.raw._lua_setglobal(L, this.vm.cstr(table));
    }
    this.raw._lua_pushvalue(L, -2);
    this.raw._lua_setfield(L, -2, this.vm.cstr(name));
    this.raw._lua_settop(L, -3);
  }

  load(code: string, chunkname: string): VmRef {
    return this.loadChunk(code, chunkname, 't');
  }

  loadPrecompiled(bytecode: string, chunkname: string): VmRef {
    return this.loadChunk(bytecode, chunkname, 'b');
  }

  private loadChunk(code: string, chunkname: string, mode: 't' | 'b'): VmRef {
    return this.enter(() => {
      const L = this.rec.L;
      const bytes = Buffer.from(code, 'latin1');
      const p = this.raw._malloc(bytes.length + 1);
      if (!p) throw new VmLoadError('not enough memory');
      this.raw.HEAPU8.set(bytes, p);
      const name = Buffer.from(chunkname + '\0', 'latin1');
      const np = this.raw._malloc(name.length);
      this.raw.HEAPU8.set(name, np);
      const status = this.raw._luaL_loadbufferx(L, p, bytes.length, np, this.vm.cstr(mode));
      this.raw._free(p);
      this.raw._free(np);
      if (status !== OK) {
        const msg = this.vm.toString(L, -1);
        this.raw._lua_settop(L, -2);
        throw new VmLoadError(msg);
      }
      return { id: this.raw._luaL_ref(L, REGISTRY) };
    });
  }

  call(fn: VmRef, args: LuaValue[]): LuaValue[] {
    return this.enter(() => {
      const L = this.rec.L;
      const base = this.raw._lua_gettop(L);
      this.raw._lua_checkstack(L, args.length + 4);
      this.raw._lua_rawgeti(L, REGISTRY, BigInt(fn.id));
      for (const a of args) pushValue(this.vm.stack, L, a);
      const status = this.raw._lua_pcallk(L, args.length, MULTRET, 0, 0, 0);
      if (status !== OK) {
        const msg = errorText(this.raw._lua_type(L, -1), () => this.vm.toString(L, -1));
        this.raw._lua_settop(L, base);
        throw new VmRunError(msg);
      }
      const out = this.readResults(L, base + 1, this.raw._lua_gettop(L));
      this.raw._lua_settop(L, base);
      return out;
    });
  }

  newThread(fn: VmRef): VmThread {
    return this.enter(() => {
      const L = this.rec.L;
      const T1 = this.raw._lua_newthread(L);
      const ref = this.raw._luaL_ref(L, REGISTRY);
      this.raw._lua_rawgeti(L, REGISTRY, BigInt(fn.id));
      this.raw._lua_xmove(L, T1, 1);
      this.raw._luaL_unref(L, REGISTRY, fn.id);
      this.threads.set(ref, T1);
      this.rec.roots.add(T1);
      return { id: ref };
    });
  }

  resume(thread: VmThread, args: LuaValue[]): ResumeOutcome {
    const T1 = this.threads.get(thread.id);
    if (T1 === undefined) throw new VmRunError('resume of a released thread');
    return this.enter(() => {
      const raw = this.raw;
      raw._lua_checkstack(T1, args.length + 4);
      for (const a of args) pushValue(this.vm.stack, T1, a);
      const status = raw._lua_resume(T1, this.rec.L, args.length, this.vm.scratchLen);
      const nres = raw.HEAPU32[this.vm.scratchLen >> 2];
      if (status === OK || status === YIELD) {
        const top = raw._lua_gettop(T1);
        const values = this.readResults(T1, top - nres + 1, top);
        raw._lua_settop(T1, top - nres);
        return { kind: status === OK ? 'return' : 'yield', values };
      }
      const message = errorText(raw._lua_type(T1, -1), () => this.vm.toString(T1, -1));
      raw._luaL_traceback(this.rec.L, T1, 0, 0);
      const traceback = this.vm.toString(this.rec.L, -1);
      raw._lua_settop(this.rec.L, -2);
      return { kind: 'error', message, traceback };
    });
  }

  /** Reads results; values that cannot be copied (functions...) are described instead. */
  private readResults(L: Ptr, from: number, to: number): LuaValue[] {
    return readResults(this.vm.stack, L, from, to);
  }


  releaseThread(thread: VmThread): void {
    const T1 = this.threads.get(thread.id);
    if (T1 === undefined || this.closed) return;
    this.threads.delete(thread.id);
    this.rec.roots.delete(T1);
    this.rec.marks.delete(T1);
    this.raw._luaL_unref(this.rec.L, REGISTRY, thread.id);
  }

  unref(ref: VmRef): void {
    if (!this.closed) this.raw._luaL_unref(this.rec.L, REGISTRY, ref.id);
  }

  memoryUsed(): number {
    return this.rec.used;
  }

  instructions(): number {
    return this.rec.hookFirings * this.rec.options.hookCount;
  }

  takePreemptMark(call: HostCall, i: number): boolean {
    const L = (call as StackCall<Ptr>).L;
    const co = this.raw._lua_tothread(L, i);
    return this.rec.marks.delete(co);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.enter(() => this.raw._lua_close(this.rec.L));
    this.forget();
  }
}
