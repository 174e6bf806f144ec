// The fengari backend: Lua 5.3 written in JS, driven through its C-like API (lua/lauxlib/lualib), mirroring the
// wasmoon backend. Owns byte-exact string crossing, the count hook, host functions, marshalling and the patch check.

// @ts-expect-error -- fengari ships no type declarations; the part of its API used here is typed below.
import fengariModule from 'fengari';
import {
  LuaError, LuaFloat, VmLoadError, VmRunError,
  type HookAction, type HostCall, type HostFunction, type LuaValue, type ResumeOutcome,
  type StateOptions, type Vm, type VmRef, type VmState, type VmThread,
} from './vm.js';
import { errorText } from './common.js';
import { pushValue, readResults, runHostFunction, T, type LuaStack, type StackCall } from './stack.js';

/*
 * Known differences from wasmoon (documented; tested in test/vm-contract.test.ts):
 * - Lua 5.3 with 32-bit integers: math.maxinteger is 2^31-1; JS integers outside 32 bits are pushed as floats.
 * - No memory accounting or limit: memoryUsed() is 0, hasMemoryLimit is false, onOutOfMemory is never called.
 * - fengari's collectgarbage raises "lua_gc not implemented" for every option, so each state gets a stand-in:
 *   "count" -> 0.0, "collect"/"step" and the tuning options -> 0, "isrunning" -> true. Nothing is collected early.
 * - fengari 0.1.5 loses the count hook after a caught error in a coroutine unless scripts/patch-fengari.js is
 *   applied; createFengariVm refuses to start on an unpatched install.
 * - A JS exception thrown inside fengari itself (or by onHook) becomes a Lua error "internal error: ..." through
 *   lua_atnativeerror; host-function exceptions are converted in dispatch exactly as in wasmoon.
 * - Language-level gaps are fengari's own (lua-vms.md §8): float formatting, no __gc, weak tables never collect.
 */

/** A fengari lua_State (a thread); opaque here. */
type LState = object;
/** A Lua string as fengari holds it: raw bytes. */
type Bytes = Uint8Array;
type JsFunction = (L: LState) => number;
type Hook = (L: LState, ar: unknown) => void;

interface LuaApi {
  LUA_REGISTRYINDEX: number; LUA_MULTRET: number; LUA_MASKCOUNT: number; LUA_OK: number; LUA_YIELD: number;
  lua_gettop(L: LState): number; lua_settop(L: LState, i: number): void; lua_checkstack(L: LState, n: number): boolean;
  lua_pushvalue(L: LState, i: number): void; lua_absindex(L: LState, i: number): number;
  lua_type(L: LState, i: number): number; lua_isinteger(L: LState, i: number): boolean;
  lua_tointegerx(L: LState, i: number): number | false; lua_tonumberx(L: LState, i: number): number | false;
  lua_toboolean(L: LState, i: number): boolean; lua_tolstring(L: LState, i: number): Bytes | null;
  lua_tothread(L: LState, i: number): LState | null; lua_topointer(L: LState, i: number): object | null;
  lua_touserdata(L: LState, i: number): unknown;
  lua_pushnil(L: LState): void; lua_pushnumber(L: LState, n: number): void; lua_pushinteger(L: LState, n: number): void;
  lua_pushlstring(L: LState, s: Bytes, n: number): void; lua_pushboolean(L: LState, b: boolean): void;
  lua_pushcfunction(L: LState, fn: JsFunction): void;
  lua_createtable(L: LState, na: number, nh: number): void; lua_next(L: LState, i: number): number;
  lua_rawset(L: LState, i: number): void; lua_rawgeti(L: LState, i: number, n: number): number;
  lua_getglobal(L: LState, k: Bytes): number; lua_setglobal(L: LState, k: Bytes): void;
  lua_setfield(L: LState, i: number, k: Bytes): void;
  lua_pcall(L: LState, na: number, nr: number, ef: number): number;
  lua_newthread(L: LState): LState; lua_resume(L: LState, from: LState, na: number): number;
  lua_xmove(from: LState, to: LState, n: number): void;
  lua_yield(L: LState, n: number): void; lua_isyieldable(L: LState): boolean;
  lua_sethook(L: LState, f: Hook | null, mask: number, count: number): void;
  lua_error(L: LState): never; lua_atnativeerror(L: LState, f: JsFunction): void; lua_close(L: LState): void;
}
interface LauxApi {
  luaL_newstate(): LState | null;
  luaL_ref(L: LState, t: number): number; luaL_unref(L: LState, t: number, r: number): void;
  luaL_loadbufferx(L: LState, b: Bytes, n: number, name: Bytes, mode: Bytes): number;
  luaL_where(L: LState, lvl: number): void; luaL_traceback(L: LState, L1: LState, msg: Bytes | null, lvl: number): void;
}
interface Fengari {
  lua: LuaApi;
  lauxlib: LauxApi;
  lualib: { luaL_openlibs(L: LState): void };
}

const { lua, lauxlib, lualib } = fengariModule as Fengari;
const REGISTRY = lua.LUA_REGISTRYINDEX;
const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;
const NOT_PATCHED = 'fengari is not patched: run `node scripts/patch-fengari.js` (npm install does it)';

/** A JS byte string as Lua bytes (latin1: one char, one byte). */
function toBytes(s: string): Bytes {
  return Buffer.from(s, 'latin1');
}

/** Lua bytes as a JS byte string. */
function fromBytes(b: Bytes): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('latin1');
}

/** fengari's longjmp: the object luaD_throw throws for a Lua error or a yield, which must pass through untouched. */
function isLuaJump(e: unknown): boolean {
  return typeof e === 'object' && e !== null && !(e instanceof Error) && 'status' in e && 'previous' in e;
}

/** Stand-in for fengari's collectgarbage, which raises "lua_gc not implemented" for every option. */
const collectGarbage: HostFunction = (call) => {
  const option = call.type(1) === 'nil' ? 'collect' : call.string(1, 'collectgarbage');
  switch (option) {
    case 'count': return [new LuaFloat(0)];
    case 'isrunning': return [true];
    case 'collect': case 'step': case 'stop': case 'restart': case 'setpause': case 'setstepmul': return [0];
    default: throw new LuaError(`bad argument #1 to 'collectgarbage' (invalid option '${option}')`);
  }
};

/** JS errors raised inside fengari itself (not in our host functions) become Lua errors instead of escaping. */
const nativeError: JsFunction = (L) => {
  const e = lua.lua_touserdata(L, 1);
  const message = toBytes(`internal error: ${e instanceof Error ? e.message : String(e)}`);
  lua.lua_pushlstring(L, message, message.length);
  return 1;
};

interface StateRecord {
  L: LState;
  options: StateOptions;
  hookFirings: number;
  roots: Set<LState>;
  marks: Set<LState>;
  killing: boolean;
}

/** Creates the backend after checking that the hook patch is applied. */
export async function createFengariVm(): Promise<Vm> {
  const vm = new FengariVm();
  assertPatched(vm);
  return vm;
}

/** An unpatched fengari turns a coroutine's count hook off after `pcall(error)`: refuse to run on it. */
function assertPatched(vm: Vm): void {
  const state = vm.newState({ memoryLimit: 0, hookCount: 100, onHook: () => 'yield' });
  try {
    const fn = state.load("pcall(error, 'x') for _ = 1, 1000 do end return 'not preempted'", '=fengari-self-test');
    const thread = state.newThread(fn);
    const outcome = state.resume(thread, []);
    state.releaseThread(thread);
    if (outcome.kind !== 'yield') throw new Error(NOT_PATCHED);
  } finally {
    state.close();
  }
}

class FengariVm implements Vm {
  readonly name = 'fengari' as const;
  readonly integerBits = 32 as const;
  readonly luaVersion = 'Lua 5.3';
  readonly hasMemoryLimit = false;

  /** The state whose code runs now: only one runs at a time, so the hook needs no lookup. */
  current: StateRecord | null = null;
  /** One closure per host function, shared by every state that registers it. */
  private readonly closures = new WeakMap<HostFunction, JsFunction>();
  private readonly names = new Map<string, Bytes>();
  readonly hook: Hook = (L) => this.onHook(L);

  newState(options: StateOptions): VmState {
    const L = lauxlib.luaL_newstate();
    if (L === null) throw new VmRunError('cannot create a Lua state');
    const rec: StateRecord = { L, options, hookFirings: 0, roots: new Set(), marks: new Set(), killing: false };
    lualib.luaL_openlibs(L);
    lua.lua_atnativeerror(L, nativeError);
    const state = new FengariState(this, rec);
    state.setHostFunction(null, 'collectgarbage', collectGarbage);
    if (options.hookCount > 0) lua.lua_sethook(L, this.hook, lua.LUA_MASKCOUNT, options.hookCount);
    return state;
  }

  closureFor(fn: HostFunction, name: string): JsFunction {
    let closure = this.closures.get(fn);
    if (closure === undefined) {
      closure = (L) => this.dispatch(L, fn, name);
      this.closures.set(fn, closure);
    }
    return closure;
  }

  /** A name (global, field, mode) as Lua bytes, cached for the life of the backend. */
  name8(s: string): Bytes {
    let b = this.names.get(s);
    if (b === undefined) {
      b = toBytes(s);
      this.names.set(s, b);
    }
    return b;
  }

  pushString(L: LState, s: string): void {
    const b = toBytes(s);
    lua.lua_pushlstring(L, b, b.length);
  }

  toString(L: LState, i: number): string {
    const b = lua.lua_tolstring(L, i);
    return b === null ? '' : fromBytes(b);
  }

  private onHook(L: LState): void {
    const rec = this.current;
    if (!rec) return;
    rec.hookFirings++;
    const yieldable = lua.lua_isyieldable(L);
    const nested = !rec.roots.has(L);
    const action: HookAction = rec.killing ? 'kill' : rec.options.onHook({ yieldable, nested });
    if (action === 'yield' && yieldable) {
      if (nested) rec.marks.add(L);
      lua.lua_yield(L, 0);
    } else if (action === 'kill') {
      // Sticky: fire at every instruction from now on, so no pcall can swallow the kill for long.
      rec.killing = true;
      lua.lua_sethook(L, this.hook, lua.LUA_MASKCOUNT, 1);
      this.pushString(L, rec.options.killMessage?.() ?? 'killed');
      lua.lua_error(L);
    }
  }

  private dispatch(L: LState, fn: HostFunction, name: string): number {
    const result = runHostFunction(STACK, L, fn, name, isLuaJump);
    if (typeof result === 'number') return result;
    this.pushString(L, result);
    return lua.lua_error(L);
  }
}

/** The stack operations the shared marshalling (stack.ts) works with. */
const STACK: LuaStack<LState> = {
  gettop: (L) => lua.lua_gettop(L),
  settop: (L, i) => lua.lua_settop(L, i),
  checkstack: (L, n) => { lua.lua_checkstack(L, n); },
  pushvalue: (L, i) => lua.lua_pushvalue(L, i),
  absindex: (L, i) => lua.lua_absindex(L, i),
  type: (L, i) => lua.lua_type(L, i),
  isinteger: (L, i) => lua.lua_isinteger(L, i),
  tointeger: (L, i) => lua.lua_tointegerx(L, i) || 0,
  tonumber: (L, i) => lua.lua_tonumberx(L, i) || 0,
  toboolean: (L, i) => lua.lua_toboolean(L, i),
  tostring: (L, i) => {
    const b = lua.lua_tolstring(L, i);
    return b === null ? '' : fromBytes(b);
  },
  identity: (L, i) => lua.lua_topointer(L, i),
  pushnil: (L) => lua.lua_pushnil(L),
  pushboolean: (L, b) => lua.lua_pushboolean(L, b),
  // integers that fit fengari's 32-bit integers stay integers; larger ones become floats (value kept)
  pushinteger: (L, n) => {
    const v = Number(n);
    if (v >= INT32_MIN && v <= INT32_MAX) lua.lua_pushinteger(L, v | 0);
    else lua.lua_pushnumber(L, v);
  },
  pushfloat: (L, n) => lua.lua_pushnumber(L, n),
  pushstring: (L, str) => {
    const b = toBytes(str);
    lua.lua_pushlstring(L, b, b.length);
  },
  createtable: (L, na, nh) => lua.lua_createtable(L, na, nh),
  next: (L, i) => lua.lua_next(L, i) !== 0,
  rawset: (L, i) => lua.lua_rawset(L, i),
  getref: (L, ref) => { lua.lua_rawgeti(L, REGISTRY, ref); },
  ref: (L) => lauxlib.luaL_ref(L, REGISTRY),
  unref: (L, ref) => lauxlib.luaL_unref(L, REGISTRY, ref),
  where: (L, level) => {
    lauxlib.luaL_where(L, level);
    const b = lua.lua_tolstring(L, -1);
    lua.lua_settop(L, -2);
    return b === null ? '' : fromBytes(b);
  },
};


class FengariState implements VmState {
  private readonly threads = new Map<number, LState>();
  private closed = false;

  constructor(private readonly vm: FengariVm, private readonly rec: StateRecord) {}

  /** Runs `body` with this state marked as the one executing (for the hook). */
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
    const closure = this.vm.closureFor(fn, name);
    this.enter(() => {
      lua.lua_pushcfunction(this.rec.L, closure);
      this.store(table, name);
    });
  }

  setGlobal(table: string | null, name: string, value: LuaValue): void {
    this.enter(() => {
      pushValue(STACK, this.rec.L, value);
      this.store(table, name);
    });
  }

  /** Pops the top value into _G[name] or _G[table][name] (creating the table). */
  private store(table: string | null, name: string): void {
    const L = this.rec.L;
    if (table === null) { lua.lua_setglobal(L, this.vm.name8(name)); return; }
    if (lua.lua_getglobal(L, this.vm.name8(table)) !== T.table) {
      lua.lua_settop(L, -2);
      lua.lua_createtable(L, 0, 4);
      lua.lua_pushvalue(L, -1);
      lua.lua_setglobal(L, this.vm.name8(table));
    }
    lua.lua_pushvalue(L, -2);
    lua.lua_setfield(L, -2, this.vm.name8(name));
    lua.lua_settop(L, -3);
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
      const bytes = toBytes(code);
      const status = lauxlib.luaL_loadbufferx(L, bytes, bytes.length, toBytes(chunkname), this.vm.name8(mode));
      if (status !== lua.LUA_OK) {
        const msg = this.vm.toString(L, -1);
        lua.lua_settop(L, -2);
        throw new VmLoadError(msg);
      }
      return { id: lauxlib.luaL_ref(L, REGISTRY) };
    });
  }

  call(fn: VmRef, args: LuaValue[]): LuaValue[] {
    return this.enter(() => {
      const L = this.rec.L;
      const base = lua.lua_gettop(L);
      lua.lua_checkstack(L, args.length + 4);
      lua.lua_rawgeti(L, REGISTRY, fn.id);
      for (const a of args) pushValue(STACK, L, a);
      const status = lua.lua_pcall(L, args.length, lua.LUA_MULTRET, 0);
      if (status !== lua.LUA_OK) {
        const msg = errorText(lua.lua_type(L, -1), () => this.vm.toString(L, -1));
        lua.lua_settop(L, base);
        throw new VmRunError(msg);
      }
      try {
        return this.readResults(L, base + 1, lua.lua_gettop(L));
      } finally {
        lua.lua_settop(L, base);
      }
    });
  }

  newThread(fn: VmRef): VmThread {
    return this.enter(() => {
      const L = this.rec.L;
      const T1 = lua.lua_newthread(L);
      const ref = lauxlib.luaL_ref(L, REGISTRY);
      lua.lua_rawgeti(L, REGISTRY, fn.id);
      lua.lua_xmove(L, T1, 1);
      lauxlib.luaL_unref(L, REGISTRY, fn.id);
      this.threads.set(ref, T1);
      this.rec.roots.add(T1);
      return { id: ref };
    });
  }

  resume(thread: VmThread, args: LuaValue[]): ResumeOutcome {
    const T1 = this.threads.get(thread.id);
    if (T1 === undefined) throw new VmRunError('resume of a released thread');
    return this.enter(() => {
      lua.lua_checkstack(T1, args.length + 4);
      for (const a of args) pushValue(STACK, T1, a);
      const status = lua.lua_resume(T1, this.rec.L, args.length);
      if (status === lua.LUA_OK || status === lua.LUA_YIELD) {
        // Lua 5.3: the thread's stack holds exactly the yielded or returned values.
        try {
          const values = this.readResults(T1, 1, lua.lua_gettop(T1));
          return { kind: status === lua.LUA_OK ? 'return' : 'yield', values };
        } finally {
          lua.lua_settop(T1, 0);
        }
      }
      return this.failure(T1);
    });
  }

  /** The outcome of a thread that died: its error object (never __tostring'ed) and its traceback. */
  private failure(T1: LState): ResumeOutcome {
    const L = this.rec.L;
    const message = errorText(lua.lua_type(T1, -1), () => this.vm.toString(T1, -1));
    lauxlib.luaL_traceback(L, T1, null, 0);
    const traceback = this.vm.toString(L, -1);
    lua.lua_settop(L, -2);
    return { kind: 'error', message, traceback };
  }

  /** Reads results; values that cannot be copied (functions...) are described instead. */
  private readResults(L: LState, from: number, to: number): LuaValue[] {
    return readResults(STACK, L, from, to);
  }


  releaseThread(thread: VmThread): void {
    const T1 = this.threads.get(thread.id);
    if (T1 === undefined || this.closed) return;
    this.threads.delete(thread.id);
    this.rec.roots.delete(T1);
    this.rec.marks.delete(T1);
    lauxlib.luaL_unref(this.rec.L, REGISTRY, thread.id);
  }

  unref(ref: VmRef): void {
    if (!this.closed) lauxlib.luaL_unref(this.rec.L, REGISTRY, ref.id);
  }

  memoryUsed(): number {
    return 0;
  }

  instructions(): number {
    return this.rec.hookFirings * this.rec.options.hookCount;
  }

  takePreemptMark(call: HostCall, i: number): boolean {
    const co = lua.lua_tothread((call as StackCall<LState>).L, i);
    return co !== null && this.rec.marks.delete(co);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.threads.clear();
    this.rec.roots.clear();
    this.rec.marks.clear();
    lua.lua_close(this.rec.L);
  }
}
