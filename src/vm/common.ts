// Small pieces both backends share: Lua type names, argument-error text, error-object text.
// Kept engine-free so the backends stay the only files that touch an engine.
import type { LuaType } from './vm.js';

/** Lua type names by the C API's type tags (LUA_TNIL = 0 ... LUA_TTHREAD = 8). */
export const LUA_TYPES: LuaType[] = ['nil', 'boolean', 'userdata', 'number', 'string', 'table', 'function', 'userdata', 'thread'];

/** Tables nested deeper than this are refused when copied out of a state. */
export const MAX_COPY_DEPTH = 200;

/** Lua's wording: "bad argument #1 to 'sleep' (number expected, got nil)". */
export function describeBadArgument(i: number, fname: string, expected: string, got: LuaType | 'no value'): string {
  return `bad argument #${i} to '${fname}' (${expected} expected, got ${got})`;
}

/** The text of an error object without running user code (__tostring is never called). */
export function errorText(typeTag: number, readString: () => string): string {
  const type = LUA_TYPES[typeTag] ?? 'unknown';
  if (type === 'string' || type === 'number') return readString();
  if (type === 'nil') return 'nil';
  return `(error object is a ${type} value)`;
}

