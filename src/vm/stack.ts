// The Lua C-API stack operations both engines offer, and what is built only on them: copying values
// in and out of a state, reading host-call arguments, running a host function and wording its errors.
import { LuaError, LuaFloat, LuaTable, type HostCall, type HostFunction, type LuaType, type LuaValue, type VmRef } from './vm.js';
import { describeBadArgument, LUA_TYPES, MAX_COPY_DEPTH } from './common.js';

/** C-API type tags. */
export const T = { nil: 0, boolean: 1, lightuserdata: 2, number: 3, string: 4, table: 5, function: 6, userdata: 7, thread: 8 };

/** One engine's stack operations over its thread handle L (a wasm pointer, a JS object). */
export interface LuaStack<L> {
  gettop(L: L): number;
  settop(L: L, i: number): void;
  /** lua_checkstack: whether n more slots could be had (false near Lua's stack limit: nothing may be pushed). */
  checkstack(L: L, n: number): boolean;
  pushvalue(L: L, i: number): void;
  absindex(L: L, i: number): number;
  type(L: L, i: number): number;
  isinteger(L: L, i: number): boolean;
  /** The integer at i (a bigint where the engine's integers are 64-bit). */
  tointeger(L: L, i: number): number | bigint;
  tonumber(L: L, i: number): number;
  toboolean(L: L, i: number): boolean;
  /** The string (or number, converted in place) at i as a byte string. */
  tostring(L: L, i: number): string;
  /** Something equal for the same table and different for different ones. */
  identity(L: L, i: number): unknown;
  pushnil(L: L): void;
  pushboolean(L: L, b: boolean): void;
  /** An integral value: an integer when it fits the engine's integers, else a float. */
  pushinteger(L: L, n: number | bigint): void;
  pushfloat(L: L, n: number): void;
  pushstring(L: L, s: string): void;
  createtable(L: L, narr: number, nrec: number): void;
  next(L: L, i: number): boolean;
  rawset(L: L, i: number): void;
  /** Pushes a new full userdata of no bytes and no user values. */
  newuserdata(L: L): void;
  /** Pushes registry[ref]. */
  getref(L: L, ref: number): void;
  /** Pops the top into the registry and returns its ref. */
  ref(L: L): number;
  unref(L: L, ref: number): void;
  /** luaL_where: "chunk:line: " of the function `level` levels up, or "". */
  where(L: L, level: number): string;
}

/** Refused when a copy in or out goes deeper than MAX_COPY_DEPTH (nor the JS stack nor Lua's may overflow). */
const TOO_DEEP = 'table nested too deeply to copy';

/** Makes room for n more values on L's stack, or raises Lua's own error (luaL_checkstack's words). */
export function reserve<L>(s: LuaStack<L>, L: L, n: number, what: string): void {
  if (!s.checkstack(L, n)) throw new LuaError(`stack overflow (${what})`);
}

// -------------------------------------------------------------------------------------------------
// Values out of a state
// -------------------------------------------------------------------------------------------------

/** Copies the value at i; functions, threads and userdata raise a clear error. */
export function readValue<L>(s: LuaStack<L>, L: L, i: number, seen = new Map<unknown, LuaTable>(), depth = 0): LuaValue {
  const type = s.type(L, i);
  switch (type) {
    case T.nil:
      return null;
    case T.boolean:
      return s.toboolean(L, i);
    case T.number:
      return readNumber(s, L, i);
    case T.string:
      return s.tostring(L, i);
    case T.table:
      return readTable(s, L, s.absindex(L, i), seen, depth);
    default:
      throw new LuaError(`cannot copy a ${LUA_TYPES[type] ?? 'nil'} value`);
  }
}

function readNumber<L>(s: LuaStack<L>, L: L, i: number): LuaValue {
  if (s.isinteger(L, i)) {
    const n = s.tointeger(L, i);
    return typeof n === 'bigint' && n >= -9007199254740991n && n <= 9007199254740991n ? Number(n) : n;
  }
  const f = s.tonumber(L, i);
  return Number.isInteger(f) ? new LuaFloat(f) : f;
}

function readTable<L>(s: LuaStack<L>, L: L, i: number, seen: Map<unknown, LuaTable>, depth: number): LuaTable {
  const id = s.identity(L, i);
  const known = seen.get(id);
  if (known) return known;
  if (depth > MAX_COPY_DEPTH) throw new LuaError(TOO_DEEP);
  const t = new LuaTable();
  seen.set(id, t);
  reserve(s, L, 4, 'table too deep to copy');
  s.pushnil(L);
  while (s.next(L, i)) {
    const key = readValue(s, L, -2, seen, depth + 1);
    const value = readValue(s, L, -1, seen, depth + 1);
    t.set(key as Exclude<LuaValue, null | bigint>, value);
    s.settop(L, -2);
  }
  return t;
}

/** Results of a call or resume as JS values; what cannot be copied is described instead (never throws). */
export function readResults<L>(s: LuaStack<L>, L: L, from: number, to: number): LuaValue[] {
  const out: LuaValue[] = [];
  for (let i = from; i <= to; i++) {
    const type = LUA_TYPES[s.type(L, i)] ?? 'userdata';
    if (type === 'function' || type === 'thread' || type === 'userdata') {
      out.push(`<${type}>`);
      continue;
    }
    try {
      out.push(readValue(s, L, i));
    } catch (e) {
      out.push(`<${type}: ${e instanceof Error ? e.message : String(e)}>`);
    }
  }
  return out;
}

// -------------------------------------------------------------------------------------------------
// Values into a state
// -------------------------------------------------------------------------------------------------

/**
 * Pushes JS values (the caller has made room for one slot each); tables are built fresh, cycles and shared parts
 * preserved. Throws a LuaError, with the stack as it was, when a table is nested too deeply or Lua's stack is full.
 */
export function pushValues<L>(s: LuaStack<L>, L: L, values: readonly LuaValue[]): void {
  const top = s.gettop(L);
  try {
    for (const v of values) pushValue(s, L, v);
  } catch (e) {
    s.settop(L, top);
    throw e;
  }
}

function pushValue<L>(s: LuaStack<L>, L: L, v: LuaValue): void {
  if (!(v instanceof LuaTable)) {
    pushAny(s, L, v, null, 0);
    return;
  }
  const shared = sharedTables(v);
  if (shared.size === 0) {
    pushAny(s, L, v, null, 0);
    return;
  }
  const refs = new Map<LuaTable, number>();
  try {
    pushAny(s, L, v, { shared, refs }, 0);
  } finally {
    for (const ref of refs.values()) s.unref(L, ref);
  }
}

/** Tables reached more than once from `root` (cycles, shared parts): only those need a registry ref while pushing. */
function sharedTables(root: LuaTable): Set<LuaTable> {
  const seen = new Set<LuaTable>();
  const shared = new Set<LuaTable>();
  const stack = [root];
  while (stack.length > 0) {
    const t = stack.pop()!;
    if (seen.has(t)) {
      shared.add(t);
      continue;
    }
    seen.add(t);
    for (const [k, v] of t.entries) {
      if (k instanceof LuaTable) stack.push(k);
      if (v instanceof LuaTable) stack.push(v);
    }
  }
  return shared;
}

interface Sharing {
  shared: Set<LuaTable>;
  refs: Map<LuaTable, number>;
}

function pushAny<L>(s: LuaStack<L>, L: L, v: LuaValue, sharing: Sharing | null, depth: number): void {
  if (v === null || v === undefined) s.pushnil(L);
  else if (typeof v === 'boolean') s.pushboolean(L, v);
  else if (typeof v === 'number') {
    if (Number.isInteger(v)) s.pushinteger(L, v);
    else s.pushfloat(L, v);
  } else if (typeof v === 'bigint') s.pushinteger(L, v);
  else if (typeof v === 'string') s.pushstring(L, v);
  else if (v instanceof LuaFloat) s.pushfloat(L, v.value);
  else if (v instanceof LuaTable) pushTable(s, L, v, sharing, depth);
}

/** Pushes a table; a shared one is kept in the registry while pushing, so later references reuse it. */
function pushTable<L>(s: LuaStack<L>, L: L, t: LuaTable, sharing: Sharing | null, depth: number): void {
  const known = sharing?.refs.get(t);
  if (known !== undefined) {
    s.getref(L, known);
    return;
  }
  if (depth > MAX_COPY_DEPTH) throw new LuaError(TOO_DEEP);
  reserve(s, L, 4, 'table too deep to copy');
  s.createtable(L, 0, t.entries.size);
  if (sharing?.shared.has(t)) {
    s.pushvalue(L, -1);
    sharing.refs.set(t, s.ref(L));
  }
  const top = s.gettop(L);
  for (const [k, val] of t.entries) {
    pushAny(s, L, k, sharing, depth + 1);
    pushAny(s, L, val, sharing, depth + 1);
    s.rawset(L, top);
  }
}

// -------------------------------------------------------------------------------------------------
// Host functions
// -------------------------------------------------------------------------------------------------

/** The arguments of one host-function call, read from the stack on demand. */
export class StackCall<L> implements HostCall {
  readonly argc: number;
  /** Results pushed during the call (newUserdata), returned before the function's own. */
  pushed = 0;
  constructor(
    private readonly s: LuaStack<L>,
    readonly L: L,
    private readonly fname: string,
    private readonly memory: HostMemory<L>,
  ) {
    this.argc = s.gettop(L);
  }
  type(i: number): LuaType {
    return LUA_TYPES[this.s.type(this.L, i)] ?? 'nil';
  }
  /** The type an argument error names: Lua's 'no value' past the last argument. */
  private given(i: number): LuaType | 'no value' {
    return i > this.argc ? 'no value' : this.type(i);
  }
  string(i: number, fname = this.fname): string {
    const t = this.type(i);
    if (t !== 'string' && t !== 'number') throw new LuaError(describeBadArgument(i, fname, 'string', this.given(i)));
    return this.s.tostring(this.L, i);
  }
  number(i: number, fname = this.fname): number {
    const t = this.type(i);
    if (t === 'number') return this.s.tonumber(this.L, i);
    if (t === 'string') {
      const n = Number(this.s.tostring(this.L, i).trim());
      if (!Number.isNaN(n)) return n;
    }
    throw new LuaError(describeBadArgument(i, fname, 'number', this.given(i)));
  }
  value(i: number): LuaValue {
    return i > this.argc ? null : readValue(this.s, this.L, i);
  }
  ref(i: number): VmRef {
    this.s.pushvalue(this.L, i);
    return { id: this.s.ref(this.L) };
  }
  newUserdata(): void {
    reserve(this.s, this.L, 1, 'too many results');
    this.s.newuserdata(this.L);
    this.pushed++;
  }
  memoryRoom(): number {
    return this.memory.room();
  }
  outOfMemory(): never {
    return this.memory.refuse(this.L);
  }
}

/** The running state's memory, as host functions see it (HostCall.memoryRoom, outOfMemory). */
export interface HostMemory<L> {
  room(): number;
  refuse(L: L): never;
  /** Before a host function runs: a state whose allocation was refused is killed now, from thread L. */
  stopIfRefused(L: L): void;
}

/**
 * Runs a host function for a call from Lua: pushes its results and returns their count, or returns the
 * error message the backend must raise. `isEngineJump` recognises the engine's own unwinding (a Lua
 * error or yield passing through), which must never be caught here.
 */
export function runHostFunction<L>(
  s: LuaStack<L>,
  L: L,
  fn: HostFunction,
  name: string,
  isEngineJump: (e: unknown) => boolean,
  memory: HostMemory<L>,
): number | string {
  let results: LuaValue[] | void;
  memory.stopIfRefused(L); // its Lua code may have caught the memory error, but it reaches nothing more
  const call = new StackCall(s, L, name, memory);
  try {
    results = fn(call);
  } catch (e) {
    if (isEngineJump(e)) throw e;
    return errorMessage(s, L, e, name);
  }
  const out = results ?? [];
  try {
    reserve(s, L, out.length + 8, 'too many results');
    pushValues(s, L, out);
  } catch (e) {
    return errorMessage(s, L, e, name);
  }
  return call.pushed + out.length;
}

function errorMessage<L>(s: LuaStack<L>, L: L, e: unknown, name: string): string {
  if (e instanceof LuaError) return e.level <= 0 ? e.message : s.where(L, e.level) + e.message;
  return `internal error in ${name}: ${e instanceof Error ? e.message : String(e)}`;
}
