// The wasmoon backend: Lua 5.4 compiled to WebAssembly, driven only through its raw module._lua_* exports
// (never doString or JS proxies). One module instance, one hook and one (wasm) allocator shared by all states.
import { LuaFactory } from 'wasmoon';
import { LuaError, VmRunError, type HostFunction, type StateOptions, type Vm, type VmState } from './vm.js';
import { EngineState, hookFired, hostMemory, newRecord, type Engine, type Running, type StateRecord } from './engine-state.js';
import { runHostFunction, type HostMemory } from './stack.js';
import { lineEnds } from './lines.js';
import type { Sink } from './sink.js';
import { ACCOUNT_SIZE, linkAllocator, SHARED_ACCOUNT_SIZE, SharedAccount, WasmAccount, type WasmHeap } from './wasm-allocator.js';

/* Constants of Lua 5.4 as built by wasmoon (LUAI_MAXSTACK = 1,000,000). */
const REGISTRY = -1001000;
const UPVALUE1 = REGISTRY - 1;
const UPVALUE2 = REGISTRY - 2;
const TNUMBER = 3;
const TSTRING = 4;
/** LUA_EXTRASPACE: the bytes before each lua_State that belong to its host (a pointer's size in wasm32). */
const EXTRASPACE = 4;
const MULTRET = -1;
const MASKCOUNT = 8;
/** Offset of lua_Debug.currentline on wasm32 (after event, four pointers and srclen). */
const DEBUG_CURRENTLINE = 24;
/** Lua's memory-error message (MEMERRMSG). */
const MEMORY_ERROR = 'not enough memory';
/** The most the module's memory can grow to (emscripten's limit for this build: 2 GiB). */
const HEAP_MAXIMUM = 2 ** 31;
/** Room the shared budget must still have for a new state to be created (a fresh state, its libraries and the
 *  kernel's preludes take about a hundred KB; its own limit bounds the rest). */
const NEW_STATE_ROOM = 256 * 1024;

type Ptr = number;
// The raw exports we use; emscripten's typings are not shipped, so we name them here.
interface Raw {
  HEAPU8: Uint8Array;
  HEAPU32: Uint32Array;
  addFunction(fn: (...a: number[]) => number | void, sig: string): number;
  _malloc(n: number): Ptr;
  _free(p: Ptr): void;
  _realloc(p: Ptr, n: number): Ptr;
  _lua_newstate(f: Ptr, ud: number): Ptr;
  _luaL_newstate(): Ptr;
  _luaL_openlibs(L: Ptr): void;
  _lua_close(L: Ptr): void;
  _lua_resetthread(L: Ptr): number;
  [luaopen: `_luaopen_${string}`]: unknown;
  _lua_gettop(L: Ptr): number;
  _lua_settop(L: Ptr, i: number): void;
  _lua_checkstack(L: Ptr, n: number): number;
  _lua_pushvalue(L: Ptr, i: number): void;
  _lua_absindex(L: Ptr, i: number): number;
  _lua_type(L: Ptr, i: number): number;
  _lua_isinteger(L: Ptr, i: number): number;
  _lua_tointegerx(L: Ptr, i: number, isnum: Ptr): bigint;
  _lua_tonumberx(L: Ptr, i: number, isnum: Ptr): number;
  _lua_toboolean(L: Ptr, i: number): number;
  _lua_tolstring(L: Ptr, i: number, len: Ptr): Ptr;
  _lua_tothread(L: Ptr, i: number): Ptr;
  _lua_topointer(L: Ptr, i: number): Ptr;
  _lua_pushnil(L: Ptr): void;
  _lua_pushnumber(L: Ptr, n: number): void;
  _lua_pushinteger(L: Ptr, n: bigint): void;
  _lua_pushlstring(L: Ptr, s: Ptr, n: number): Ptr;
  _lua_pushboolean(L: Ptr, b: number): void;
  _lua_pushcclosure(L: Ptr, fn: Ptr, n: number): void;
  _lua_createtable(L: Ptr, na: number, nh: number): void;
  _lua_newuserdatauv(L: Ptr, size: number, nuvalue: number): Ptr;
  _lua_next(L: Ptr, i: number): number;
  _lua_rawset(L: Ptr, i: number): void;
  _lua_rawseti(L: Ptr, i: number, n: bigint): void;
  _lua_rawgeti(L: Ptr, i: number, n: bigint): number;
  _lua_getglobal(L: Ptr, k: Ptr): number;
  _lua_setglobal(L: Ptr, k: Ptr): void;
  _lua_getfield(L: Ptr, i: number, k: Ptr): number;
  _lua_setfield(L: Ptr, i: number, k: Ptr): void;
  _luaL_getsubtable(L: Ptr, i: number, name: Ptr): number;
  _luaL_getmetafield(L: Ptr, i: number, e: Ptr): number;
  _luaL_ref(L: Ptr, t: number): number;
  _luaL_unref(L: Ptr, t: number, r: number): void;
  _luaL_loadbufferx(L: Ptr, b: Ptr, n: number, name: Ptr, mode: Ptr): number;
  _lua_pcallk(L: Ptr, na: number, nr: number, ef: number, ctx: number, k: number): number;
  _lua_callk(L: Ptr, na: number, nr: number, ctx: number, k: Ptr): void;
  _lua_rotate(L: Ptr, i: number, n: number): void;
  _lua_newthread(L: Ptr): Ptr;
  _lua_resume(L: Ptr, from: Ptr, na: number, nres: Ptr): number;
  _lua_xmove(from: Ptr, to: Ptr, n: number): void;
  _lua_yieldk(L: Ptr, nr: number, ctx: number, k: number): number;
  _lua_isyieldable(L: Ptr): number;
  _lua_sethook(L: Ptr, f: Ptr, mask: number, count: number): void;
  _lua_error(L: Ptr): number;
  _lua_gethookcount(L: Ptr): number;
  _lua_getinfo(L: Ptr, what: Ptr, ar: Ptr): number;
  _lua_pushthread(L: Ptr): number;
  _luaL_where(L: Ptr, lvl: number): void;
  _lua_concat(L: Ptr, n: number): void;
  _luaL_traceback(L: Ptr, L1: Ptr, msg: Ptr, level: number): void;
}

/** Loads the wasm module once and returns the backend. */
export async function createWasmoonVm(): Promise<Vm> {
  let vm: WasmoonVm | null = null;
  // A state in deterministic mode reads its draws where the C library reads the host's time (time(), clock()).
  const { raw, exports } = await loadModule((hostNow) => {
    const draws = vm?.current?.draws;
    return draws ? draws.next() * 1000 : hostNow();
  });
  if (!exports) throw new VmRunError('wasmoon: the wasm instance could not be reached (is wasmoon 1.16 installed?)');
  bypassExportWrappers(raw, exports);
  vm = new WasmoonVm(raw, exports as unknown as WasmHeap);
  return vm;
}

type Exports = Record<string, unknown>;
type Imports = Record<string, Record<string, unknown> | undefined>;
interface WasmApi {
  instantiate: (...args: unknown[]) => Promise<unknown>;
}
/** The module's clock in milliseconds since the epoch, given the host's. */
type ModuleClock = (hostNow: () => number) => number;

/**
 * Loads wasmoon's module, keeping hold of its wasm instance's exports as it is instantiated, and routing its one
 * source of host time (the `emscripten_date_now` import, behind time() and clock()) through `clock`.
 */
async function loadModule(clock: ModuleClock): Promise<{ raw: Raw; exports: Exports | null }> {
  const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
  const original = wasm.instantiate;
  let exports: Exports | null = null;
  wasm.instantiate = (...args: unknown[]) => {
    const env = (args[1] as Imports | undefined)?.env;
    const hostNow = env?.emscripten_date_now;
    if (env && typeof hostNow === 'function') env.emscripten_date_now = () => clock(() => Number(hostNow()));
    return original.apply(wasm, args).then((result) => {
      const r = result as { instance?: { exports: Exports }; exports?: Exports };
      exports = r.instance?.exports ?? r.exports ?? null;
      return result;
    });
  };
  try {
    const raw = (await new LuaFactory().getLuaModule()).module as unknown as Raw;
    return { raw, exports };
  } finally {
    wasm.instantiate = original;
  }
}

/**
 * wasmoon ships a build whose `module._name` functions are checking wrappers (two asserts and an `apply`
 * per call) around the wasm exports; every Lua allocation and every resume goes through them. Calling the
 * exports directly does the same thing, faster (measured in docs/performance.md).
 */
function bypassExportWrappers(raw: Raw, exports: Exports): void {
  const table = raw as unknown as Record<string, unknown>;
  for (const key of Object.keys(table)) {
    const direct = key.startsWith('_') ? exports[key.slice(1)] : undefined;
    if (typeof direct === 'function' && typeof table[key] === 'function') table[key] = direct;
  }
}

class WasmoonVm implements Vm, Running<Ptr> {
  readonly name = 'wasmoon' as const;
  readonly integerBits = 64 as const;
  readonly luaVersion = 'Lua 5.4';
  readonly hasMemoryLimit = true;

  current: StateRecord<Ptr> | null = null;
  /** Host functions are registered once per module and shared by every state that sets them. */
  private readonly hostFunctions: Array<{ fn: HostFunction; name: string }> = [];
  private readonly hostFunctionIds = new Map<HostFunction, number>();
  private readonly hookPtr: Ptr;
  private readonly allocPtr: Ptr;
  private readonly dispatchPtr: Ptr;
  /** The sink functions (VmState.setSink): their maker, their own code, the continuation of their fallback's
   *  call (what the fallback returned is returned), and sink_take. */
  private readonly sinkMakerPtr: Ptr;
  private readonly sinkPtr: Ptr;
  private readonly sinkContinuationPtr: Ptr;
  private readonly sinkTakePtr: Ptr;
  private readonly splitLinesPtr: Ptr;
  private readonly cFramePtr: Ptr;
  private readonly cFrameMakerPtr: Ptr;
  /** An out-parameter word (string lengths, result counts). */
  private readonly outWord: Ptr;
  private readonly cstrings = new Map<string, Ptr>();
  private buffer: Ptr = 0;
  private heapView: Buffer | null = null;
  private bufferSize = 0;
  private readonly engine: Engine<Ptr>;
  /** The running state's memory, for host functions (HostCall.memoryRoom, outOfMemory). */
  private readonly memory: HostMemory<Ptr>;
  /** The module's current u32 view of its memory (emscripten replaces it when the memory grows). */
  private readonly heap32 = (): Uint32Array => this.raw.HEAPU32;
  /** What all limited states hold together, against the budget (Vm.setMemoryBudget; none until set). */
  private readonly shared: SharedAccount;

  constructor(
    private readonly raw: Raw,
    heap: WasmHeap,
  ) {
    this.hookPtr = raw.addFunction((L: Ptr, ar: Ptr) => hookFired(this.engine, this.current, L, raw.HEAPU32[ar >> 2], () => this.currentLine(L, ar)), 'vii');
    this.shared = new SharedAccount(this.heap32, raw._malloc(SHARED_ACCOUNT_SIZE), HEAP_MAXIMUM);
    this.allocPtr = raw.addFunction(linkAllocator(heap, this.shared), 'iiiii');
    this.dispatchPtr = raw.addFunction((L: Ptr) => this.dispatch(L), 'ii');
    this.outWord = raw._malloc(8);
    this.sinkPtr = raw.addFunction(this.sinkFunction(), 'ii');
    this.sinkMakerPtr = raw.addFunction((L: Ptr) => {
      raw._lua_settop(L, 2);
      raw._lua_pushcclosure(L, this.sinkPtr, 2);
      return 1;
    }, 'ii');
    this.sinkContinuationPtr = raw.addFunction((L: Ptr) => raw._lua_gettop(L), 'iiii');
    this.sinkTakePtr = raw.addFunction((L: Ptr) => this.sinkTake(L), 'ii');
    this.splitLinesPtr = raw.addFunction((L: Ptr) => this.splitLines(L), 'ii');
    this.cFramePtr = raw.addFunction((L: Ptr) => {
      const n = raw._lua_gettop(L);
      raw._lua_pushvalue(L, UPVALUE1);
      raw._lua_rotate(L, 1, 1);
      raw._lua_callk(L, n, MULTRET, 0, this.sinkContinuationPtr); // its continuation returns every result
      return raw._lua_gettop(L);
    }, 'ii');
    this.cFrameMakerPtr = raw.addFunction((L: Ptr) => {
      raw._lua_settop(L, 1);
      raw._lua_pushcclosure(L, this.cFramePtr, 1);
      return 1;
    }, 'ii');
    this.engine = this.makeEngine();
    this.memory = hostMemory(this.engine, this);
  }

  setMemoryBudget(bytes: number): void {
    this.shared.setBudget(bytes);
  }

  memoryTotal(): number {
    return this.shared.total();
  }

  /** The current line of a line-hook firing, from its lua_Debug record. */
  private currentLine(L: Ptr, ar: Ptr): number {
    this.raw._lua_getinfo(L, this.cstr('l'), ar);
    return this.raw.HEAPU32[(ar + DEBUG_CURRENTLINE) >> 2] | 0;
  }

  newState(options: StateOptions): VmState {
    // Its libraries are opened outside any protected call, where a refused allocation would abort the engine:
    // a state is created only with room for them under the shared budget.
    if (options.memoryLimit > 0 && this.shared.total() + NEW_STATE_ROOM > this.shared.budget()) {
      throw new VmRunError(`not enough memory: all processes together hold ${this.shared.total()} of the ${this.shared.budget()} bytes they may`);
    }
    // No limit: Lua's own C allocator, and no accounting.
    const account = options.memoryLimit > 0 ? this.newAccount(options.memoryLimit) : undefined;
    const rec = newRecord(0, options, account);
    const previous = this.current;
    this.current = rec; // lua_newstate already reads the clock (the string-hash seed)
    try {
      const L = account ? this.raw._lua_newstate(this.allocPtr, account.at) : this.raw._luaL_newstate();
      if (L === 0) {
        if (account) this.raw._free(account.at);
        throw new VmRunError('cannot create a Lua state (out of memory)');
      }
      rec.L = L;
      this.openLibraries(L);
    } finally {
      this.current = previous;
    }
    const state = new EngineState(this.engine, rec, this, () => {
      if (account) this.raw._free(account.at);
    });
    if (options.hookCount > 0) this.engine.sethook(rec.L, options.hookCount);
    return state;
  }

  /**
   * Opens the standard libraries a process can use: not `io` and `package`, which the sandbox removes
   * anyway (opening them was a sixth of a spawn's allocations).
   */
  private openLibraries(L: Ptr): void {
    const raw = this.raw;
    raw._luaL_getsubtable(L, REGISTRY, this.cstr('_LOADED'));
    for (const name of ['base', 'coroutine', 'table', 'string', 'math', 'utf8', 'os', 'debug']) {
      const open = raw[`_luaopen_${name}`] as (L: Ptr) => number;
      open(L);
      // in the loaded table, as luaL_requiref leaves it: Lua names a C function called from C ('string.rep') from there
      raw._lua_pushvalue(L, -1);
      raw._lua_setfield(L, -3, this.cstr(name === 'base' ? '_G' : name));
      if (name === 'base') raw._lua_settop(L, -2);
      else raw._lua_setglobal(L, this.cstr(name));
    }
    raw._lua_settop(L, -2);
  }

  /** A new state's memory account in wasm memory (the allocator's `ud`; it counts the state's own creation). */
  private newAccount(limit: number): WasmAccount {
    const at = this.raw._malloc(ACCOUNT_SIZE);
    if (!at) throw new VmRunError('cannot create a Lua state (out of memory)');
    return new WasmAccount(this.heap32, at, limit, this.shared);
  }

  private dispatch(L: Ptr): number {
    const entry = this.hostFunctions[Number(this.raw._lua_tointegerx(L, UPVALUE1, 0))]!;
    // an emscripten longjmp (a Lua error or yield passing through) is thrown as a number
    const result = runHostFunction(this.engine, L, entry.fn, entry.name, (e) => typeof e === 'number', this.memory);
    if (typeof result === 'number') return result;
    this.pushString(L, result);
    return this.raw._lua_error(L);
  }

  /** A sink function: its arguments into the running state's sink and its result back, or its fallback's call
   *  (the continuation returns what the fallback returned, after a yield too). One string is the hot case. */
  private sinkFunction(): (L: Ptr) => number {
    const raw = this.raw;
    const { _lua_gettop: gettop, _lua_type: type, _lua_tolstring: tolstring, _lua_pushvalue: pushvalue } = raw;
    const lengthAt = this.outWord >> 2;
    return (L) => {
      const n = gettop(L);
      if (n === 1 && type(L, 1) === TSTRING) {
        const p = tolstring(L, 1, this.outWord);
        const length = raw.HEAPU32[lengthAt]!;
        const sink = this.current!.sink;
        if (sink.fits(length)) {
          sink.add(raw.HEAPU8, p, length);
          pushvalue(L, UPVALUE1);
          return 1;
        }
      } else if (n > 1 && this.sinkAdd(L, n, this.current!.sink)) {
        pushvalue(L, UPVALUE1);
        return 1;
      }
      pushvalue(L, UPVALUE2);
      raw._lua_rotate(L, 1, 1);
      raw._lua_callk(L, n, MULTRET, 0, this.sinkContinuationPtr);
      return gettop(L);
    };
  }

  /** Adds arguments 1..n to the sink when all are strings and they fit: whether it did. */
  private sinkAdd(L: Ptr, n: number, sink: Sink): boolean {
    const raw = this.raw;
    let total = 0;
    for (let i = 1; i <= n; i++) {
      if (raw._lua_type(L, i) !== TSTRING) return false;
      raw._lua_tolstring(L, i, this.outWord);
      total += raw.HEAPU32[this.outWord >> 2]!;
    }
    if (!sink.fits(total)) return false;
    for (let i = 1; i <= n; i++) {
      const p = raw._lua_tolstring(L, i, this.outWord);
      sink.add(raw.HEAPU8, p, raw.HEAPU32[this.outWord >> 2]!);
    }
    return true;
  }

  /** sink_take(limit?): the bytes the running state's sink holds (it is emptied); a limit given is set. */
  private sinkTake(L: Ptr): number {
    const raw = this.raw;
    const sink = this.current!.sink;
    if (raw._lua_type(L, 1) === TNUMBER) sink.setLimit(Number(raw._lua_tointegerx(L, 1, 0)));
    const held = sink.held();
    this.reserveBuffer(held.length);
    raw.HEAPU8.set(held, this.buffer);
    raw._lua_pushlstring(L, this.buffer, held.length);
    sink.clear();
    return 1;
  }

  /** split_lines(s, p) (VmState.setLineSplitter): the lines are found first, as the pushes may move the heap's view. */
  private splitLines(L: Ptr): number {
    const raw = this.raw;
    if (raw._lua_type(L, 1) !== TSTRING || raw._lua_type(L, 2) !== TNUMBER) return 0; // the kernel's code passes these
    const at = raw._lua_tolstring(L, 1, this.outWord);
    const bytes = raw.HEAPU8.subarray(at, at + raw.HEAPU32[this.outWord >> 2]!);
    const from = Number(raw._lua_tointegerx(L, 2, 0)) - 1;
    const ends = lineEnds(bytes, from);
    if (raw._lua_checkstack(L, ends.length + 1) === 0) ends.length = 0; // no room: io.lines reads on without it
    let start = from;
    raw._lua_pushinteger(L, BigInt((ends.length > 0 ? ends[ends.length - 1]! + 1 : from) + 1));
    for (const end of ends) {
      raw._lua_pushlstring(L, at + start, end - start);
      start = end + 1;
    }
    return ends.length + 1;
  }

  private hostFunctionId(fn: HostFunction, name: string): number {
    let id = this.hostFunctionIds.get(fn);
    if (id === undefined) {
      id = this.hostFunctions.length;
      this.hostFunctions.push({ fn, name });
      this.hostFunctionIds.set(fn, id);
    }
    return id;
  }

  /** A C string that lives as long as the module (field names, modes). */
  private cstr(s: string): Ptr {
    let p = this.cstrings.get(s);
    if (p === undefined) {
      p = this.copyIn(`${s}\0`);
      this.cstrings.set(s, p);
    }
    return p;
  }

  /** A fresh malloc'd copy of a byte string (the caller frees it). */
  private copyIn(s: string): Ptr {
    const p = this.raw._malloc(Math.max(1, s.length));
    if (!p) throw new LuaError('not enough memory');
    this.heap().write(s, p, s.length, 'latin1');
    return p;
  }

  /** A Buffer over the whole wasm memory (made again when the memory grows), so strings cross without a new view each time. */
  private heap(): Buffer {
    const memory = this.raw.HEAPU8.buffer;
    if (this.heapView?.buffer !== memory) this.heapView = Buffer.from(memory);
    return this.heapView;
  }

  /** Makes the scratch buffer (where strings are put to be pushed) at least n bytes. */
  private reserveBuffer(n: number): void {
    if (n <= this.bufferSize) return;
    if (this.buffer) this.raw._free(this.buffer);
    this.bufferSize = Math.max(n, 256, this.bufferSize * 2);
    this.buffer = this.raw._malloc(this.bufferSize);
    if (!this.buffer) {
      this.bufferSize = 0;
      throw new LuaError('not enough memory');
    }
  }

  private pushString(L: Ptr, s: string): void {
    const n = s.length;
    this.reserveBuffer(n);
    if (n > 16) this.heap().write(s, this.buffer, n, 'latin1');
    else for (let i = 0, heap = this.raw.HEAPU8; i < n; i++) heap[this.buffer + i] = s.charCodeAt(i); // short: no call
    this.raw._lua_pushlstring(L, this.buffer, n);
  }

  private toString(L: Ptr, i: number): string {
    const p = this.raw._lua_tolstring(L, i, this.outWord);
    if (p === 0) return '';
    const len = this.raw.HEAPU32[this.outWord >> 2];
    return this.heap().toString('latin1', p, p + len);
  }

  /** The C-API operations the shared layers (stack.ts, engine-state.ts) work with. */
  private makeEngine(): Engine<Ptr> {
    const raw = this.raw;
    return {
      gettop: (L) => raw._lua_gettop(L),
      settop: (L, i) => raw._lua_settop(L, i),
      checkstack: (L, n) => raw._lua_checkstack(L, n) !== 0,
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
      pushinteger: (L, n) =>
        typeof n === 'bigint'
          ? raw._lua_pushinteger(L, BigInt.asIntN(64, n))
          : n >= -(2 ** 63) && n < 2 ** 63
            ? raw._lua_pushinteger(L, BigInt(n))
            : raw._lua_pushnumber(L, n),
      pushfloat: (L, n) => raw._lua_pushnumber(L, n),
      pushstring: (L, str) => this.pushString(L, str),
      createtable: (L, na, nh) => raw._lua_createtable(L, na, nh),
      newuserdata: (L) => raw._lua_newuserdatauv(L, 0, 0),
      next: (L, i) => raw._lua_next(L, i) !== 0,
      rawset: (L, i) => raw._lua_rawset(L, i),
      getref: (L, ref) => {
        raw._lua_rawgeti(L, REGISTRY, BigInt(ref));
      },
      ref: (L) => raw._luaL_ref(L, REGISTRY),
      unref: (L, ref) => raw._luaL_unref(L, REGISTRY, ref),
      where: (L, level) => {
        raw._luaL_where(L, level);
        const where = this.toString(L, -1);
        raw._lua_settop(L, -2);
        return where;
      },
      pushhost: (L, fn, name) => {
        raw._lua_pushinteger(L, BigInt(this.hostFunctionId(fn, name)));
        raw._lua_pushcclosure(L, this.dispatchPtr, 1);
      },
      pushsinkmaker: (L) => raw._lua_pushcclosure(L, this.sinkMakerPtr, 0),
      pushsinktake: (L) => raw._lua_pushcclosure(L, this.sinkTakePtr, 0),
      pushlinesplitter: (L) => raw._lua_pushcclosure(L, this.splitLinesPtr, 0),
      pushcframemaker: (L) => raw._lua_pushcclosure(L, this.cFrameMakerPtr, 0),
      getglobal: (L, name) => raw._lua_getglobal(L, this.cstr(name)),
      getmetafield: (L, i, name) => raw._luaL_getmetafield(L, i, this.cstr(name)) !== 0,
      setglobal: (L, name) => raw._lua_setglobal(L, this.cstr(name)),
      setfield: (L, i, name) => raw._lua_setfield(L, i, this.cstr(name)),
      load: (L, code, chunkname, mode) => {
        const buffer = this.copyIn(code);
        const name = this.copyIn(`${chunkname}\0`);
        try {
          return raw._luaL_loadbufferx(L, buffer, code.length, name, this.cstr(mode));
        } finally {
          raw._free(buffer);
          raw._free(name);
        }
      },
      pcall: (L, nargs) => raw._lua_pcallk(L, nargs, MULTRET, 0, 0, 0),
      newthread: (L) => raw._lua_newthread(L),
      xmove: (from, to, n) => raw._lua_xmove(from, to, n),
      resume: (T1, from, nargs) => {
        const status = raw._lua_resume(T1, from, nargs, this.outWord);
        return { status, nres: raw.HEAPU32[this.outWord >> 2] };
      },
      traceback: (L, T1) => {
        raw._luaL_traceback(L, T1, 0, 0);
        const text = this.toString(L, -1);
        raw._lua_settop(L, -2);
        return text;
      },
      tothread: (L, i) => raw._lua_tothread(L, i) || null,
      isyieldable: (L) => raw._lua_isyieldable(L) !== 0,
      hookyield: (L) => {
        raw._lua_yieldk(L, 0, 0, 0);
      },
      sethook: (L, count, mask = MASKCOUNT) => raw._lua_sethook(L, this.hookPtr, mask, count),
      hookcount: (L) => raw._lua_gethookcount(L),
      pushthread: (L) => void raw._lua_pushthread(L),
      raise: (L) => void raw._lua_error(L),
      // lua_error raises Lua's own memory-error message as a memory error (LUA_ERRMEM), past any message handler
      raisekill: (L) => {
        this.pushString(L, MEMORY_ERROR);
        raw._lua_error(L);
      },
      threadtag: (L) => raw.HEAPU32[(L - EXTRASPACE) >> 2],
      settag: (L, tag) => {
        raw.HEAPU32[(L - EXTRASPACE) >> 2] = tag;
      },
      closethread: (L) => void raw._lua_resetthread(L),
      close: (L) => raw._lua_close(L),
    };
  }
}
