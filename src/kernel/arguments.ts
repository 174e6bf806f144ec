// The typed argument decoder for native calls and system-call options (lauxlib's luaL_check* in spirit):
// every check names the call and the argument in one error style, "bad argument #i to 'call' (why)".
import { floatText } from '../vm/c-float-format.js';
import { LuaFloat, LuaTable, type LuaValue } from '../vm/vm.js';

/** A bad argument: native contexts answer it BAD_ARGUMENT, system calls raise it as a Lua error at the caller. */
export class ArgumentError extends Error {}

/** Lua's type name of a value that crossed the boundary. */
export function luaType(v: LuaValue | undefined): string {
  if (v === undefined) return 'no value';
  if (v === null) return 'nil';
  if (v instanceof LuaTable) return 'table';
  if (v instanceof LuaFloat || typeof v === 'number' || typeof v === 'bigint') return 'number';
  return typeof v;
}

/** A number as Lua's tostring writes it (integers as such, floats with "%.14g", integral floats with ".0"). */
export function luaNumberText(v: number | bigint | LuaFloat): string {
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number' && Number.isInteger(v)) return String(v);
  const text = floatText(v instanceof LuaFloat ? v.value : v);
  return /^-?\d+$/.test(text) ? `${text}.0` : text;
}

/** The arguments of one call, checked one by one: `new Args('proc.kill', args).integer(1)`. */
export class Args {
  constructor(
    readonly call: string,
    private readonly values: readonly LuaValue[],
  ) {}

  fail(i: number, why: string): never {
    throw new ArgumentError(`bad argument #${i} to '${this.call}' (${why})`);
  }

  private expected(i: number, what: string): never {
    return this.fail(i, `${what} expected, got ${luaType(this.values[i - 1])}`);
  }

  value(i: number): LuaValue {
    return this.values[i - 1] ?? null;
  }

  isNil(i: number): boolean {
    return (this.values[i - 1] ?? null) === null;
  }

  string(i: number): string {
    const v = this.values[i - 1];
    return typeof v === 'string' ? v : this.expected(i, 'string');
  }

  /** A string among `choices` (luaL_checkoption), or `fallback` when absent. */
  option<T extends string>(i: number, choices: readonly T[], fallback: T): T {
    if (this.isNil(i)) return fallback;
    const v = this.string(i);
    return choices.find((c) => c === v) ?? this.fail(i, `invalid option '${v}'`);
  }

  /** A whole number >= 0 (a size or a count). */
  count(i: number): number {
    const n = this.integer(i);
    return n >= 0 ? n : this.fail(i, `must be >= 0, got ${n}`);
  }

  /** An integer, or a float with an integral value (as lua_tointeger accepts). */
  integer(i: number): number {
    const v = this.values[i - 1];
    const n = integerOf(v);
    if (n === undefined) return this.expected(i, 'integer');
    if (n === null) {
      const integral = typeof v === 'bigint' || (v instanceof LuaFloat && Number.isInteger(v.value));
      return this.fail(i, integral ? 'integer out of range' : 'number has no integer representation');
    }
    return n;
  }

  optionalInteger(i: number, fallback: number): number {
    return this.isNil(i) ? fallback : this.integer(i);
  }

  /** Seconds: a finite number >= 0. */
  seconds(i: number): number {
    const v = this.values[i - 1];
    const n = v instanceof LuaFloat ? v.value : typeof v === 'bigint' ? Number(v) : v;
    if (typeof n !== 'number') return this.expected(i, 'number');
    if (!(n >= 0) || !Number.isFinite(n)) return this.fail(i, `seconds must be a finite number >= 0, got ${luaNumberText(v instanceof LuaFloat ? v : n)}`);
    return n;
  }

  table(i: number): LuaTable {
    const v = this.values[i - 1];
    return v instanceof LuaTable ? v : this.expected(i, 'table');
  }

  optionalTable(i: number): LuaTable | null {
    return this.isNil(i) ? null : this.table(i);
  }
}

/** An integer from a Lua value: the number; null for a number with no (safe) integer value; undefined for a non-number. */
export function integerOf(v: LuaValue | undefined): number | null | undefined {
  if (typeof v === 'bigint') return null; // beyond 2^53: no exact JavaScript number
  const n = v instanceof LuaFloat ? v.value : v;
  if (typeof n !== 'number') return undefined;
  return Number.isSafeInteger(n) ? n : null;
}
