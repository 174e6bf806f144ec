// The fengari backend: Lua 5.3 written in JS, driven through its C-like API (lua/lauxlib/lualib), mirroring the
// wasmoon backend. Owns byte-exact string crossing, the count hook, host functions, marshalling and the patch check.

// @ts-expect-error -- fengari ships no type declarations; the part of its API used here is typed below.
import fengariModule from 'fengari';
// @ts-expect-error -- likewise: fengari's ldo, for luaD_throw (raising a memory error, which lua_error cannot).
import fengariLdo from 'fengari/src/ldo.js';
// @ts-expect-error -- likewise: fengari's luaconf, where the patched tostring and string.format find the host's printf.
import fengariConf from 'fengari/src/luaconf.js';
import { formatFloatDirective } from './c-float-format.js';
import { LuaError, LuaFloat, VmRunError, type HostFunction, type StateOptions, type Vm, type VmState } from './vm.js';
import { EngineState, hookFired, hostMemory, newRecord, type Engine, type Running, type StateRecord } from './engine-state.js';
import { runHostFunction, T, type HostMemory } from './stack.js';
import { lineEnds } from './lines.js';
import type { Sink } from './sink.js';

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
 * - Language-level gaps are fengari's own: no __gc, and weak tables never collect (docs/native-api.md). Floats print
 *   as Lua 5.3 prints them through C's printf ("%.14g", string.format's %e %f %g: c-float-format.ts), given to the
 *   patched fengari through its luaconf.
 */

/** A fengari lua_State (a thread); opaque here but for its global state, where the patched table.sort looks for
 *  the state's own pivot source (scripts/patch-fengari.js). */
type LState = { l_G: { thox_pivot?: () => number } };
/** A Lua string as fengari holds it: raw bytes. */
type Bytes = Uint8Array;
type JsFunction = (L: LState) => number;
/** The fields of lua_Debug the hook reads. */
interface DebugRecord {
  event: number;
  currentline: number;
}
type Hook = (L: LState, ar: DebugRecord) => void;

interface LuaApi {
  LUA_REGISTRYINDEX: number;
  LUA_MULTRET: number;
  LUA_MASKCOUNT: number;
  LUA_OK: number;
  LUA_YIELD: number;
  LUA_ERRMEM: number;
  lua_gettop(L: LState): number;
  lua_settop(L: LState, i: number): void;
  lua_checkstack(L: LState, n: number): boolean;
  lua_pushvalue(L: LState, i: number): void;
  lua_absindex(L: LState, i: number): number;
  lua_type(L: LState, i: number): number;
  lua_isinteger(L: LState, i: number): boolean;
  lua_tointegerx(L: LState, i: number): number | false;
  lua_tonumberx(L: LState, i: number): number | false;
  lua_toboolean(L: LState, i: number): boolean;
  lua_tolstring(L: LState, i: number): Bytes | null;
  lua_tothread(L: LState, i: number): LState | null;
  lua_topointer(L: LState, i: number): object | null;
  lua_touserdata(L: LState, i: number): unknown;
  lua_pushnil(L: LState): void;
  lua_pushnumber(L: LState, n: number): void;
  lua_pushinteger(L: LState, n: number): void;
  lua_pushlstring(L: LState, s: Bytes, n: number): void;
  lua_pushboolean(L: LState, b: boolean): void;
  lua_pushcfunction(L: LState, fn: JsFunction): void;
  lua_pushcclosure(L: LState, fn: JsFunction, n: number): void;
  lua_upvalueindex(i: number): number;
  lua_rotate(L: LState, i: number, n: number): void;
  lua_callk(L: LState, na: number, nr: number, ctx: number, k: (L: LState, status: number, ctx: number) => number): void;
  lua_createtable(L: LState, na: number, nh: number): void;
  lua_newuserdata(L: LState, size: number): unknown;
  lua_next(L: LState, i: number): number;
  lua_rawset(L: LState, i: number): void;
  lua_rawgeti(L: LState, i: number, n: number): number;
  lua_getglobal(L: LState, k: Bytes): number;
  lua_setglobal(L: LState, k: Bytes): void;
  lua_setfield(L: LState, i: number, k: Bytes): void;
  lua_pcall(L: LState, na: number, nr: number, ef: number): number;
  lua_newthread(L: LState): LState;
  lua_resume(L: LState, from: LState, na: number): number;
  lua_xmove(from: LState, to: LState, n: number): void;
  lua_yield(L: LState, n: number): void;
  lua_isyieldable(L: LState): boolean;
  lua_sethook(L: LState, f: Hook | null, mask: number, count: number): void;
  lua_error(L: LState): never;
  lua_gethookcount(L: LState): number;
  lua_getinfo(L: LState, what: Bytes, ar: DebugRecord): number;
  lua_pushthread(L: LState): number;
  lua_atnativeerror(L: LState, f: JsFunction): void;
  lua_close(L: LState): void;
}
interface LauxApi {
  luaL_newstate(): LState | null;
  luaL_ref(L: LState, t: number): number;
  luaL_unref(L: LState, t: number, r: number): void;
  luaL_loadbufferx(L: LState, b: Bytes, n: number, name: Bytes, mode: Bytes): number;
  luaL_where(L: LState, lvl: number): void;
  luaL_traceback(L: LState, L1: LState, msg: Bytes | null, lvl: number): void;
  luaL_getmetafield(L: LState, obj: number, e: Bytes): number;
}
interface Fengari {
  lua: LuaApi;
  lauxlib: LauxApi;
  lualib: { luaL_openlibs(L: LState): void };
}

const { lua, lauxlib, lualib } = fengariModule as Fengari;
const ldo = fengariLdo as { luaD_throw(L: LState, status: number): never };
const REGISTRY = lua.LUA_REGISTRYINDEX;
const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;
const NOT_PATCHED = 'fengari is not patched: run `node scripts/patch-fengari.js` (npm install does it)';

/** A continuation that returns every value on the stack (what the call it continues returned). */
const allResults = (L: LState): number => lua.lua_gettop(L);

/** A function made by as_c (VmState.setCFrameMaker): calls its Lua function with its arguments, returns all it returns. */
const cFrame: JsFunction = (L) => {
  const n = lua.lua_gettop(L);
  lua.lua_pushvalue(L, lua.lua_upvalueindex(1));
  lua.lua_rotate(L, 1, 1);
  lua.lua_callk(L, n, lua.LUA_MULTRET, 0, allResults);
  return lua.lua_gettop(L);
};
/** as_c(f) (VmState.setCFrameMaker). */
const cFrameMaker: JsFunction = (L) => {
  lua.lua_settop(L, 1);
  lua.lua_pushcclosure(L, cFrame, 1);
  return 1;
};

/** Adds arguments 1..n to the sink when all are strings and they fit: whether it did. */
function sinkAdd(L: LState, n: number, sink: Sink): boolean {
  let total = 0;
  for (let i = 1; i <= n; i++) {
    if (lua.lua_type(L, i) !== T.string) return false;
    total += lua.lua_tolstring(L, i)!.length;
  }
  if (!sink.fits(total)) return false;
  for (let i = 1; i <= n; i++) {
    const bytes = lua.lua_tolstring(L, i)!;
    sink.add(bytes, 0, bytes.length);
  }
  return true;
}

/** split_lines(s, p) (VmState.setLineSplitter). */
function splitLines(L: LState): number {
  if (lua.lua_type(L, 1) !== T.string || lua.lua_type(L, 2) !== T.number) return 0; // the kernel's code passes these
  const bytes = lua.lua_tolstring(L, 1)!;
  const from = Number(lua.lua_tointegerx(L, 2)) - 1;
  const ends = lineEnds(bytes, from);
  if (!lua.lua_checkstack(L, ends.length + 1)) ends.length = 0; // no room: io.lines reads on without it
  let start = from;
  lua.lua_pushinteger(L, (ends.length > 0 ? ends[ends.length - 1]! + 1 : from) + 1);
  for (const end of ends) {
    lua.lua_pushlstring(L, bytes.slice(start, end), end - start);
    start = end + 1;
  }
  return ends.length + 1;
}

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
    case 'count':
      return [new LuaFloat(0)];
    case 'isrunning':
      return [true];
    case 'collect':
    case 'step':
    case 'stop':
    case 'restart':
    case 'setpause':
    case 'setstepmul':
      return [0];
    default:
      throw new LuaError(`bad argument #1 to 'collectgarbage' (invalid option '${option}')`);
  }
};

/** JS errors raised inside fengari itself (not in our host functions) become Lua errors instead of escaping. */
const nativeError: JsFunction = (L) => {
  const e = lua.lua_touserdata(L, 1);
  const message = toBytes(`internal error: ${e instanceof Error ? e.message : String(e)}`);
  lua.lua_pushlstring(L, message, message.length);
  return 1;
};

/** Creates the backend after checking that the patches are applied. */
/** Where the patched fengari looks for a printf of floats (scripts/patch-fengari.js). */
const numbers: { format: ((format: string, x: number) => string) | null } = fengariConf.thox_numbers;

/** C's printf of one float conversion, for fengari (its formats are always one well-formed conversion). */
function printFloat(format: string, x: number): string {
  return formatFloatDirective(format, x) ?? String(x);
}

export async function createFengariVm(): Promise<Vm> {
  if (numbers === undefined) throw new Error(NOT_PATCHED);
  numbers.format = printFloat;
  const vm = new FengariVm();
  assertPatched(vm);
  return vm;
}

/**
 * Refuses to run on an unpatched fengari: one that turns a coroutine's count hook off after `pcall(error)`, shares
 * math.random's state between states, or picks table.sort's random pivot from Math.random in deterministic mode.
 */
function assertPatched(vm: Vm): void {
  const newState = (hookCount = 0) => vm.newState({ memoryLimit: 0, hookCount, onHook: () => 'yield' });
  const hooked = newState(100);
  const thread = hooked.newThread(hooked.load("pcall(error, 'x') for _ = 1, 1000 do end return 'not preempted'", '=self-test'));
  const preempted = hooked.resume(thread, []).kind === 'yield';
  hooked.close();

  const [a, b, c] = [newState(), newState(), newState()];
  const run = (state: VmState, code: string) => state.call(state.load(code, '=self-test'), [])[0];
  run(a, 'math.randomseed(1)');
  run(b, 'math.randomseed(2)');
  const own = run(a, 'return math.random(1 << 30)') === run(c, 'math.randomseed(1) return math.random(1 << 30)');
  for (const state of [a, b, c]) state.close();

  if (!preempted || !own || !sortDrawsPivot()) throw new Error(NOT_PATCHED);
}

/** Whether table.sort takes its random pivot from the state's own source (asked for on an uneven partition). */
function sortDrawsPivot(): boolean {
  const L = lauxlib.luaL_newstate();
  if (L === null) return false;
  let draws = 0;
  L.l_G.thox_pivot = () => ++draws;
  lualib.luaL_openlibs(L);
  const code = toBytes(`local t = {} for i = 1, 1000 do t[i] = 1 end t[1], t[500] = 0, 0 table.sort(t)`);
  const ok = lauxlib.luaL_loadbufferx(L, code, code.length, toBytes('=self-test'), toBytes('t')) === lua.LUA_OK && lua.lua_pcall(L, 0, 0, 0) === lua.LUA_OK;
  lua.lua_close(L);
  return ok && draws > 0;
}

class FengariVm implements Vm, Running<LState> {
  readonly name = 'fengari' as const;
  readonly integerBits = 32 as const;
  readonly luaVersion = 'Lua 5.3';
  readonly hasMemoryLimit = false;

  current: StateRecord<LState> | null = null;
  /** One closure per host function, shared by every state that registers it. */
  private readonly closures = new WeakMap<HostFunction, JsFunction>();
  private readonly names = new Map<string, Bytes>();
  private readonly hook: Hook = (L, ar) =>
    hookFired(this.engine, this.current, L, ar.event, () => {
      lua.lua_getinfo(L, this.name8('l'), ar);
      return ar.currentline;
    });
  private readonly engine: Engine<LState> = this.makeEngine();
  /** The running state's memory, for host functions (HostCall.memoryRoom, outOfMemory). */
  private readonly memory: HostMemory<LState> = hostMemory(this.engine, this);

  /** A sink function (VmState.setSink): its arguments into the running state's sink and its result back, or its
   *  fallback's call, whose results are returned (after a yield too: the continuation returns them). */
  private readonly sinkWrite: JsFunction = (L) => {
    const n = lua.lua_gettop(L);
    if (n > 0 && sinkAdd(L, n, this.current!.sink)) {
      lua.lua_pushvalue(L, lua.lua_upvalueindex(1));
      return 1;
    }
    lua.lua_pushvalue(L, lua.lua_upvalueindex(2));
    lua.lua_rotate(L, 1, 1);
    lua.lua_callk(L, n, lua.LUA_MULTRET, 0, allResults);
    return lua.lua_gettop(L);
  };
  private readonly sinkMaker: JsFunction = (L) => {
    lua.lua_settop(L, 2);
    lua.lua_pushcclosure(L, this.sinkWrite, 2);
    return 1;
  };
  /** sink_take(limit?): the bytes the running state's sink holds (it is emptied); a limit given is set. */
  private readonly sinkTake: JsFunction = (L) => {
    const sink = this.current!.sink;
    if (lua.lua_type(L, 1) === T.number) sink.setLimit(Number(lua.lua_tointegerx(L, 1)));
    const held = sink.held().slice();
    lua.lua_pushlstring(L, held, held.length);
    sink.clear();
    return 1;
  };

  /** fengari's states are JS objects in the host's heap, which the worker's heap cap bounds (src/cli/contained.ts). */
  setMemoryBudget(_bytes: number): void {}

  memoryTotal(): number {
    return 0;
  }

  newState(options: StateOptions): VmState {
    const L = lauxlib.luaL_newstate();
    if (L === null) throw new VmRunError('cannot create a Lua state');
    const rec = newRecord(L, options);
    const draws = rec.draws;
    if (draws) L.l_G.thox_pivot = () => draws.next();
    const state = new EngineState(this.engine, rec, this);
    lualib.luaL_openlibs(L);
    lua.lua_atnativeerror(L, nativeError);
    state.setHostFunction(null, 'collectgarbage', collectGarbage);
    if (options.hookCount > 0) this.engine.sethook(L, options.hookCount);
    return state;
  }

  private closureFor(fn: HostFunction, name: string): JsFunction {
    let closure = this.closures.get(fn);
    if (closure === undefined) {
      closure = (L) => this.dispatch(L, fn, name);
      this.closures.set(fn, closure);
    }
    return closure;
  }

  private dispatch(L: LState, fn: HostFunction, name: string): number {
    const result = runHostFunction(this.engine, L, fn, name, isLuaJump, this.memory);
    if (typeof result === 'number') return result;
    this.engine.pushstring(L, result);
    return lua.lua_error(L);
  }

  /** A name (global, field, mode) as Lua bytes, cached for the life of the backend. */
  private name8(s: string): Bytes {
    let b = this.names.get(s);
    if (b === undefined) {
      b = toBytes(s);
      this.names.set(s, b);
    }
    return b;
  }

  /** The C-API operations the shared layers (stack.ts, engine-state.ts) work with. */
  private makeEngine(): Engine<LState> {
    const tostring = (L: LState, i: number): string => {
      const b = lua.lua_tolstring(L, i);
      return b === null ? '' : fromBytes(b);
    };
    return {
      gettop: (L) => lua.lua_gettop(L),
      settop: (L, i) => lua.lua_settop(L, i),
      checkstack: (L, n) => lua.lua_checkstack(L, n),
      pushvalue: (L, i) => lua.lua_pushvalue(L, i),
      absindex: (L, i) => lua.lua_absindex(L, i),
      type: (L, i) => lua.lua_type(L, i),
      isinteger: (L, i) => lua.lua_isinteger(L, i),
      tointeger: (L, i) => lua.lua_tointegerx(L, i) || 0,
      tonumber: (L, i) => {
        const n = lua.lua_tonumberx(L, i);
        return n === false ? 0 : n; // NaN stays NaN (`|| 0` made it 0)
      },
      toboolean: (L, i) => lua.lua_toboolean(L, i),
      tostring,
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
      newuserdata: (L) => lua.lua_newuserdata(L, 0),
      next: (L, i) => lua.lua_next(L, i) !== 0,
      rawset: (L, i) => lua.lua_rawset(L, i),
      getref: (L, ref) => {
        lua.lua_rawgeti(L, REGISTRY, ref);
      },
      ref: (L) => lauxlib.luaL_ref(L, REGISTRY),
      unref: (L, ref) => lauxlib.luaL_unref(L, REGISTRY, ref),
      where: (L, level) => {
        lauxlib.luaL_where(L, level);
        const where = tostring(L, -1);
        lua.lua_settop(L, -2);
        return where;
      },
      pushhost: (L, fn, name) => lua.lua_pushcfunction(L, this.closureFor(fn, name)),
      pushsinkmaker: (L) => lua.lua_pushcfunction(L, this.sinkMaker),
      pushsinktake: (L) => lua.lua_pushcfunction(L, this.sinkTake),
      pushlinesplitter: (L) => lua.lua_pushcfunction(L, splitLines),
      pushcframemaker: (L) => lua.lua_pushcfunction(L, cFrameMaker),
      getglobal: (L, name) => lua.lua_getglobal(L, this.name8(name)),
      getmetafield: (L, i, name) => lauxlib.luaL_getmetafield(L, i, this.name8(name)) !== 0,
      setglobal: (L, name) => lua.lua_setglobal(L, this.name8(name)),
      setfield: (L, i, name) => lua.lua_setfield(L, i, this.name8(name)),
      load: (L, code, chunkname, mode) => {
        const bytes = toBytes(code);
        return lauxlib.luaL_loadbufferx(L, bytes, bytes.length, toBytes(chunkname), this.name8(mode));
      },
      pcall: (L, nargs) => lua.lua_pcall(L, nargs, lua.LUA_MULTRET, 0),
      newthread: (L) => lua.lua_newthread(L),
      xmove: (from, to, n) => lua.lua_xmove(from, to, n),
      // Lua 5.3: after a yield or return the thread's stack holds exactly those values
      resume: (T1, from, nargs) => {
        const status = lua.lua_resume(T1, from, nargs);
        return { status, nres: lua.lua_gettop(T1) };
      },
      traceback: (L, T1) => {
        lauxlib.luaL_traceback(L, T1, null, 0);
        const text = tostring(L, -1);
        lua.lua_settop(L, -2);
        return text;
      },
      tothread: (L, i) => lua.lua_tothread(L, i),
      isyieldable: (L) => lua.lua_isyieldable(L),
      hookyield: (L) => lua.lua_yield(L, 0),
      sethook: (L, count, mask = lua.LUA_MASKCOUNT) => lua.lua_sethook(L, this.hook, mask, count),
      hookcount: (L) => lua.lua_gethookcount(L),
      pushthread: (L) => void lua.lua_pushthread(L),
      raise: (L) => void lua.lua_error(L),
      raisekill: (L) => ldo.luaD_throw(L, lua.LUA_ERRMEM), // a memory error: no message handler runs
      threadtag: (_L, tag) => tag, // a thread is a JS object: never another's
      settag: () => {},
      closethread: () => {}, // Lua 5.3 has no to-be-closed variables
      close: (L) => lua.lua_close(L),
    };
  }
}
