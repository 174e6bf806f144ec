// The sandbox's pattern functions (string.find, match, gmatch, gsub) as host functions over the
// step-budgeted matcher, so no single call can run unboundedly (a blown budget is a Lua error), and the string-size check of fengari.
import { constants } from 'node:buffer';
import { MESSAGES } from './process.js';
import { LuaError, type HostCall, type HostFunction, type LuaValue, type VmState } from '../vm/vm.js';
import { findMatch, findPlain, isPlainPattern, matchAt, PatternBudgetError, PatternError, type Budget, type PatternMatch } from './lua-pattern.js';

/** Matching steps one call may take (about 50-70 ms of pathological backtracking). */
export const PATTERN_STEP_BUDGET = 10_000_000;
/** The error of a call that ran out of steps (a process with a watchdog gets the watchdog's words: sandbox.lua). */
export const PATTERN_STUCK = `${MESSAGES.stuck} (pattern matching)`;

type Bytes = Uint8Array;

function bytesArg(c: HostCall, i: number, fname: string): { bytes: Bytes; text: string } {
  const text = c.string(i, fname);
  return { bytes: Buffer.from(text, 'latin1'), text };
}

function optInteger(c: HostCall, i: number, fname: string, fallback: number): number {
  if (c.type(i) === 'nil') return fallback;
  const n = c.number(i, fname);
  if (!Number.isInteger(n)) throw new LuaError(`bad argument #${i} to '${fname}' (number has no integer representation)`);
  return n;
}

/** Lua's posrelatI: a 1-based start position, negative counting from the end, clamped at 1. */
function startPosition(pos: number, len: number): number {
  if (pos > 0) return pos;
  if (pos === 0 || pos < -len) return 1;
  return len + pos + 1;
}

/** Runs a matcher call, turning its errors into Lua errors at the caller. */
function guarded<T>(run: (budget: Budget) => T): T {
  try {
    return run({ steps: PATTERN_STEP_BUDGET });
  } catch (e) {
    if (e instanceof PatternBudgetError) throw new LuaError(PATTERN_STUCK);
    if (e instanceof PatternError) throw new LuaError(e.message);
    throw e;
  }
}

/** The captures of a match as Lua values; with none, the whole match when `whole` is set. */
function captures(text: string, m: PatternMatch, whole: boolean): LuaValue[] {
  if (m.captures.length === 0) return whole ? [text.slice(m.start, m.end)] : [];
  return m.captures.map((c) => {
    if (c.kind === 'unfinished') throw new LuaError('unfinished capture');
    return c.kind === 'position' ? c.position : text.slice(c.start, c.end);
  });
}

/** string.find and string.match (Lua 5.4's str_find_aux). */
function findOrMatch(find: boolean, fname: string): HostFunction {
  return (c) => {
    const s = bytesArg(c, 1, fname);
    const p = bytesArg(c, 2, fname);
    const init = startPosition(optInteger(c, 3, fname, 1), s.bytes.length);
    if (init > s.bytes.length + 1) return [null];
    if (find && (isPlainPattern(p.bytes) || (c.argc >= 4 && c.type(4) !== 'nil' && !(c.type(4) === 'boolean' && c.value(4) === false)))) {
      const at = findPlain(s.bytes, p.bytes, init - 1);
      return at < 0 ? [null] : [at + 1, at + p.bytes.length];
    }
    const m = guarded((budget) => findMatch(s.bytes, p.bytes, init - 1, budget));
    if (!m) return [null];
    return find ? [m.start + 1, m.end, ...captures(s.text, m, false)] : captures(s.text, m, true);
  };
}

/** One gmatch step: from `pos` (0-based), the next match not ending at `lastEnd`; returns newPos, captures. */
const gmatchNext: HostFunction = (c) => {
  const s = bytesArg(c, 1, 'gmatch');
  const p = bytesArg(c, 2, 'gmatch');
  let pos = c.number(3, 'gmatch');
  const lastEnd = c.number(4, 'gmatch');
  return guarded((budget) => {
    for (; pos <= s.bytes.length; pos++) {
      const m = matchAt(s.bytes, p.bytes, pos, budget);
      if (m && m.end !== lastEnd) return [m.end, ...captures(s.text, m, true)];
    }
    return [null];
  });
};

/** One gsub step for function/table replacements: start, end, the whole match and the captures, or nil. */
const gsubNext: HostFunction = (c) => {
  const s = bytesArg(c, 1, 'gsub');
  const p = bytesArg(c, 2, 'gsub');
  const pos = c.number(3, 'gsub');
  const lastEnd = c.number(4, 'gsub');
  const m = guarded((budget) => findMatch(s.bytes, p.bytes, pos, budget, lastEnd));
  if (!m) return [null];
  return [m.start, m.end, s.text.slice(m.start, m.end), ...captures(s.text, m, true)];
};

/** gsub with a string replacement, entirely on the host, into a result bounded in memory and steps. */
const gsubString: HostFunction = (c) => {
  const s = bytesArg(c, 1, 'gsub');
  const p = bytesArg(c, 2, 'gsub');
  const repl = bytesArg(c, 3, 'gsub');
  const max = optInteger(c, 4, 'gsub', s.bytes.length + 1);
  const anchored = p.bytes[0] === 0x5e; // '^'
  let count = 0;
  let pos = 0;
  let lastEnd = -1;
  return guarded((budget) => {
    const out = new ResultBuffer(c, budget);
    while (count < max) {
      const m = findMatch(s.bytes, p.bytes, pos, budget, lastEnd);
      if (!m) break;
      out.add(s.bytes, pos, m.start);
      expand(out, repl, s.bytes, m);
      count++;
      pos = lastEnd = m.end;
      if (anchored) break;
    }
    out.add(s.bytes, pos, s.bytes.length);
    return [out.text(), count];
  });
};

/**
 * The result of one gsub, built in a byte buffer that grows by doubling: never past what the process may
 * still allocate (past it, the process is out of memory) or the host's longest string (past it, Lua's
 * "resulting string too large"), and every piece charged to the step budget, so a huge
 * replacement repeated at many matches is bounded in memory and in time. It starts in a scratch buffer
 * shared by all calls (host calls do not nest), so a small gsub allocates only its result.
 */
class ResultBuffer {
  private bytes = scratch;
  private length = 0;
  private readonly limit: number;

  constructor(
    private readonly call: HostCall,
    private readonly budget: Budget,
  ) {
    this.limit = Math.min(call.memoryRoom(), MAX_STRING_LENGTH);
  }

  /** Appends src[start, end). */
  add(src: Bytes, start: number, end: number): void {
    const n = end - start;
    this.budget.steps -= STEPS_PER_PIECE + (n >>> BYTES_PER_STEP_LOG2);
    if (this.budget.steps < 0) throw new PatternBudgetError();
    if (n <= 0) return;
    this.reserve(n);
    if (n < 16) for (let i = start; i < end; i++) this.bytes[this.length++] = src[i];
    else {
      this.bytes.set(src.subarray(start, end), this.length);
      this.length += n;
    }
  }

  text(): string {
    return this.bytes.toString('latin1', 0, this.length);
  }

  private reserve(n: number): void {
    const needed = this.length + n;
    if (needed <= this.bytes.length) return;
    if (needed > this.limit && this.limit < MAX_STRING_LENGTH) this.call.outOfMemory();
    if (needed > this.limit) throw new LuaError('resulting string too large');
    const grown = Buffer.allocUnsafe(Math.min(Math.max(needed, 2 * this.bytes.length), this.limit));
    grown.set(this.bytes.subarray(0, this.length));
    this.bytes = grown;
  }
}

/** The scratch buffer every gsub result starts in (results longer than it get their own). */
const scratch = Buffer.allocUnsafe(64 * 1024);

/** The longest string the host can build (V8's limit, about 512 MiB). */
const MAX_STRING_LENGTH = constants.MAX_STRING_LENGTH;

/** What a piece of the result costs in matching steps: about two steps' time each, plus one per 64 bytes copied. */
const STEPS_PER_PIECE = 2;
const BYTES_PER_STEP_LOG2 = 6;

/** Appends the replacement for one match, with %0-%9 and %% expanded (Lua's add_s). */
function expand(out: ResultBuffer, repl: { bytes: Bytes; text: string }, text: Bytes, m: PatternMatch): void {
  const bytes = repl.bytes;
  let from = 0;
  for (let at = repl.text.indexOf('%'); at >= 0; at = repl.text.indexOf('%', from)) {
    out.add(bytes, from, at);
    const next = bytes[at + 1];
    if (next === 0x25) out.add(bytes, at + 1, at + 2);
    else if (next !== undefined && next >= 0x30 && next <= 0x39) addCapture(out, text, m, next - 0x30);
    else throw new LuaError("invalid use of '%' in replacement string");
    from = at + 2;
  }
  out.add(bytes, from, bytes.length);
}

/** Appends capture n (0: the whole match, as is 1 when the pattern has no captures); a position as its number. */
function addCapture(out: ResultBuffer, text: Bytes, m: PatternMatch, n: number): void {
  if (n === 0 || (n === 1 && m.captures.length === 0)) return out.add(text, m.start, m.end);
  const c = m.captures[n - 1];
  if (!c) throw new LuaError(`invalid capture index %${n}`);
  if (c.kind === 'unfinished') throw new LuaError('unfinished capture');
  if (c.kind === 'position') {
    const digits = Buffer.from(String(c.position), 'latin1');
    out.add(digits, 0, digits.length);
  } else out.add(text, c.start, c.end);
}

/** For functions the sandbox calls from a Lua stub: errors blame the stub's caller. */
function viaStub(fn: HostFunction): HostFunction {
  return (c) => {
    try {
      return fn(c);
    } catch (e) {
      if (e instanceof LuaError && e.level === 1) throw new LuaError(e.message, 2);
      throw e;
    }
  };
}

/** Worst-case steps Lua's own matcher may take on one call before the budgeted one is used instead. */
export const NATIVE_MATCH_BOUND = 1e8;

/**
 * The pattern's shape for the cost bound: its variable-length items (x*, x+, x-, %b, back-references)
 * and its optional ones (x?). Malformed parts are passed over: whichever matcher runs reports them.
 */
export function patternShape(p: Uint8Array): { variable: number; optional: number } {
  let variable = 0;
  let optional = 0;
  let i = p[0] === 0x5e ? 1 : 0; // '^'
  while (i < p.length) {
    const c = p[i];
    if (c === 0x28 || c === 0x29) {
      i++;
      continue;
    } // captures cost nothing by themselves
    if (c === 0x25 && p[i + 1] === 0x62) {
      variable++;
      i += 4;
      continue;
    } // %bxy
    if (c === 0x25 && p[i + 1] === 0x66) {
      i = skipSet(p, i + 2);
      continue;
    } // %f[set]
    if (c === 0x25 && p[i + 1] >= 0x31 && p[i + 1] <= 0x39) {
      variable++;
      i += 2;
      continue;
    } // %1-%9
    const end = c === 0x25 ? i + 2 : c === 0x5b ? skipSet(p, i) : i + 1;
    const q = p[end];
    if (q === 0x2a || q === 0x2b || q === 0x2d) {
      variable++;
      i = end + 1;
    } // * + -
    else if (q === 0x3f) {
      optional++;
      i = end + 1;
    } // ?
    else i = end;
  }
  return { variable, optional };
}

/** The index after a set `[...]` starting at i (past the end when unclosed). */
function skipSet(p: Uint8Array, i: number): number {
  let j = i + 1;
  if (p[j] === 0x5e) j++; // '^'
  do {
    if (p[j] === 0x25) j++; // '%x'
    j++;
  } while (j < p.length && p[j] !== 0x5d); // ']'
  return j + 1;
}

/**
 * The longest subjects Lua's own matcher may take for a pattern, anchored as written and not: its worst
 * case, pattern length x (subject length + 1) ^ (variable items, + 1 when unanchored) x 2 per optional item,
 * must stay within NATIVE_MATCH_BOUND.
 */
export function safeSubjectLengths(p: Uint8Array): [anchored: number, free: number] {
  const { variable, optional } = patternShape(p);
  const budget = NATIVE_MATCH_BOUND / (Math.max(1, p.length) * 2 ** optional);
  const longest = (power: number): number => (power === 0 ? (budget >= 1 ? 2 ** 53 : -1) : Math.floor(budget ** (1 / power)) - 1);
  const free = longest(variable + 1);
  return [p[0] === 0x5e ? longest(variable) : free, free];
}

const limits: HostFunction = (c) => safeSubjectLengths(Buffer.from(c.string(1, 'limits'), 'latin1'));

const HOST_FUNCTIONS: Array<[string, HostFunction]> = [
  ['limits', limits],
  ['find', findOrMatch(true, 'find')],
  ['match', findOrMatch(false, 'match')],
  ['gmatch_next', viaStub(gmatchNext)],
  ['gsub_next', viaStub(gsubNext)],
  ['gsub_string', viaStub(gsubString)],
];

/**
 * For an engine whose strings no memory account sees (fengari): the sandbox asks before building a string of n
 * bytes (string.rep, table.concat, string.format), and a process without room for it is out of memory.
 */
const reserve: HostFunction = (c) => {
  if (c.number(1, 'reserve') > c.memoryRoom()) c.outOfMemory();
};

const PREFIXED = HOST_FUNCTIONS.map(([name, fn]) => [`str_${name}`, fn] as const);
const PREFIXED_WITH_RESERVE = [...PREFIXED, ['str_reserve', reserve] as const];

/** Puts the matcher's host functions into the new process's `sys` table (and `str_reserve` when the engine's
 *  allocator does not count the process's strings); sandbox.lua installs them. */
export function installStringLibrary(vm: VmState, countsMemory: boolean): void {
  vm.setHostFunctions('sys', countsMemory ? PREFIXED : PREFIXED_WITH_RESERVE);
}
