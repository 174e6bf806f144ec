// Small pieces both backends share: Lua type names, argument-error text, error-object text.
// Kept engine-free so the backends stay the only files that touch an engine.
import type { LuaType } from './vm.js';

/** Lua type names by the C API's type tags (LUA_TNIL = 0 ... LUA_TTHREAD = 8). */
export const LUA_TYPES: LuaType[] = ['nil', 'boolean', 'userdata', 'number', 'string', 'table', 'function', 'userdata', 'thread'];

/** Tables nested deeper than this are refused when copied into or out of a state. */
export const MAX_COPY_DEPTH = 200;

/** Lua's wording: "bad argument #1 to 'sleep' (number expected, got nil)". */
export function describeBadArgument(i: number, fname: string, expected: string, got: LuaType | 'no value'): string {
  return `bad argument #${i} to '${fname}' (${expected} expected, got ${got})`;
}

/** The text of an error object without running user code (__tostring is never called), in lua.c's words. */
export function errorText(typeTag: number, readString: () => string): string {
  const type = LUA_TYPES[typeTag] ?? 'unknown';
  if (type === 'string' || type === 'number') return readString();
  return `(error object is a ${type} value)`;
}

/**
 * What a state in deterministic mode draws instead of the host's time and chance (string-hash seed, sort pivot,
 * the C clock): a counter mixed with the seed (splitmix32), so the same seed gives the same draws in the same order.
 */
export class SeededDraws {
  private count = 0;
  constructor(private readonly seed: number) {}

  /** The next draw, an unsigned 32-bit integer. */
  next(): number {
    let z = (this.seed + Math.imul(++this.count, 0x9e3779b9)) | 0;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  }

  /** How many draws were taken. */
  get taken(): number {
    return this.count;
  }
}
