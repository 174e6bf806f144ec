// The wasmoon backend: Lua 5.4 compiled to WebAssembly, driven only through its raw module._lua_* exports
// (never doString or JS proxies). One module instance, one hook and one allocator shared by all states.
import { LuaFactory } from 'wasmoon';
import {
  LuaError, LuaFloat, LuaTable, VmLoadError, VmRunError,
  type HookAction, type HostCall, type HostFunction, type LuaType, type LuaValue, type ResumeOutcome,
  type StateOptions, type Vm, type VmRef, type VmState, type VmThread,
} from './vm.js';
import { describeBadArgument, errorText, LUA_TYPES, MAX_COPY_DEPTH, copyResults } from './common.js';

/* Constants of Lua 5.4 as built by wasmoon (LUAI_MAXSTACK = 1,000,000). */
const REGISTRY = -1001000;
const UPVALUE1 = REGISTRY - 1;
const MULTRET = -1;
const MASKCOUNT = 8;
const OK = 0;
const YIELD = 1;
const T = { nil: 0, boolean: 1, lightuserdata: 2, number: 3, string: 4, table: 5, function: 6, userdata: 7, thread: 8 };

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

  constructor(readonly raw: Raw) {
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
    const id = Number(this.raw._lua_tointegerx(L, UPVALUE1, 0));
    const entry = this.hostFunctions[id]!;
    let results: LuaValue[] | void = undefined;
    let failure: string | null = null;
    try {
      results = entry.fn(new WasmoonCall(this, L, entry.name));
    } catch (e) {
      if (typeof e === 'number') throw e; // an emscripten longjmp (a Lua error or yield) passing through
      failure = this.errorMessage(L, e, entry.name);
    }
    if (failure !== null) {
      this.pushString(L, failure);
      return this.raw._lua_error(L);
    }
    const out = results ?? [];
    this.raw._lua_checkstack(L, out.length + 8);
    for (const v of out) this.pushValue(L, v);
    return out.length;
  }

  private errorMessage(L: Ptr, e: unknown, name: string): string {
    if (e instanceof LuaError) {
      if (e.level <= 0) return e.message;
      this.raw._luaL_where(L, e.level);
      const where = this.toString(L, -1);
      this.raw._lua_settop(L, -2);
      return where + e.message;
    }
    return `internal error in ${name}: ${e instanceof Error ? e.message : String(e)}`;
  }

  /** Pushes a JS value; tables are built fresh, cycles and shared parts preserved. */
  pushValue(L: Ptr, v: LuaValue): void {
    if (!(v instanceof LuaTable)) { this.pushAny(L, v, new Map()); return; }
    const seen = new Map<LuaTable, number>();
    try {
      this.pushAny(L, v, seen);
    } finally {
      for (const ref of seen.values()) this.raw._luaL_unref(L, REGISTRY, ref);
    }
  }

  private pushAny(L: Ptr, v: LuaValue, seen: Map<LuaTable, number>): void {
    const raw = this.raw;
    if (v === null || v === undefined) raw._lua_pushnil(L);
    else if (typeof v === 'boolean') raw._lua_pushboolean(L, v ? 1 : 0);
    else if (typeof v === 'number') {
      // Integral numbers outside the int64 range (1e20) stay floats: BigInt would wrap them modulo 2^64.
      if (Number.isInteger(v) && v >= -(2 ** 63) && v < 2 ** 63) raw._lua_pushinteger(L, BigInt(v));
      else raw._lua_pushnumber(L, v);
    } else if (typeof v === 'bigint') raw._lua_pushinteger(L, BigInt.asIntN(64, v));
    else if (typeof v === 'string') this.pushString(L, v);
    else if (v instanceof LuaFloat) raw._lua_pushnumber(L, v.value);
    else if (v instanceof LuaTable) this.pushTable(L, v, seen);
  }

  /** Pushes a table; `seen` maps tables already built (cycles, shared parts) to registry refs. */
  private pushTable(L: Ptr, t: LuaTable, seen: Map<LuaTable, number>): void {
    const raw = this.raw;
    const known = seen.get(t);
    if (known !== undefined) { raw._lua_rawgeti(L, REGISTRY, BigInt(known)); return; }
    raw._lua_checkstack(L, 4);
    raw._lua_createtable(L, 0, t.entries.size);
    raw._lua_pushvalue(L, -1);
    seen.set(t, raw._luaL_ref(L, REGISTRY));
    const top = raw._lua_gettop(L);
    for (const [k, val] of t.entries) {
      this.pushAny(L, k, seen);
      this.pushAny(L, val, seen);
      raw._lua_rawset(L, top);
    }
  }

  readValue(L: Ptr, i: number, seen: Map<number, LuaTable>, depth: number): LuaValue {
    const raw = this.raw;
    switch (raw._lua_type(L, i)) {
      case T.nil: return null;
      case T.boolean: return raw._lua_toboolean(L, i) !== 0;
      case T.number: {
        if (raw._lua_isinteger(L, i)) {
          const n = raw._lua_tointegerx(L, i, 0);
          return n >= -9007199254740991n && n <= 9007199254740991n ? Number(n) : n;
        }
        const f = raw._lua_tonumberx(L, i, 0);
        return Number.isInteger(f) ? new LuaFloat(f) : f;
      }
      case T.string: return this.toString(L, i);
      case T.table: return this.readTable(L, raw._lua_absindex(L, i), seen, depth);
      default: throw new LuaError(`cannot copy a ${LUA_TYPES[raw._lua_type(L, i)]} value`);
    }
  }

  private readTable(L: Ptr, i: number, seen: Map<number, LuaTable>, depth: number): LuaTable {
    const raw = this.raw;
    const id = raw._lua_topointer(L, i);
    const known = seen.get(id);
    if (known) return known;
    if (depth > MAX_COPY_DEPTH) throw new LuaError('table nested too deeply to copy');
    const t = new LuaTable();
    seen.set(id, t);
    raw._lua_checkstack(L, 4);
    raw._lua_pushnil(L);
    while (raw._lua_next(L, i) !== 0) {
      const key = this.readValue(L, -2, seen, depth + 1);
      const value = this.readValue(L, -1, seen, depth + 1);
      t.set(key as Exclude<LuaValue, null | bigint>, value);
      raw._lua_settop(L, -2);
    }
    return t;
  }
}

class WasmoonCall implements HostCall {
  readonly argc: number;
  constructor(private readonly vm: WasmoonVm, readonly L: Ptr, private readonly fname: string) {
    this.argc = vm.raw._lua_gettop(L);
  }
  type(i: number): LuaType {
    return LUA_TYPES[this.vm.raw._lua_type(this.L, i)] ?? 'nil';
  }
  string(i: number, fname = this.fname): string {
    const t = this.type(i);
    if (t !== 'string' && t !== 'number') throw new LuaError(describeBadArgument(i, fname, 'string', t));
    return this.vm.toString(this.L, i);
  }
  number(i: number, fname = this.fname): number {
    const t = this.type(i);
    if (t === 'number') return this.vm.raw._lua_tonumberx(this.L, i, 0);
    if (t === 'string') {
      const n = Number(this.vm.toString(this.L, i).trim());
      if (!Number.isNaN(n)) return n;
    }
    throw new LuaError(describeBadArgument(i, fname, 'number', t));
  }
  value(i: number): LuaValue {
    if (i > this.argc) return null;
    return this.vm.readValue(this.L, i, new Map(), 0);
  }
  ref(i: number): VmRef {
    this.vm.raw._lua_pushvalue(this.L, i);
    return { id: this.vm.raw._luaL_ref(this.L, REGISTRY) };
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
      this.vm.pushValue(this.rec.L, value);
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
      for (const a of args) this.vm.pushValue(L, a);
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
      for (const a of args) this.vm.pushValue(T1, a);
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
    return copyResults(from, to, (i) => this.raw._lua_type(L, i), (i) => this.vm.readValue(L, i, new Map(), 0));
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
    const L = (call as WasmoonCall).L;
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
