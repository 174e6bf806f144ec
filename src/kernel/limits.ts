// Resource limits: how many kernel objects (processes, tasks, contexts, calls, events, timers, open files, log lines) and
// how many bytes of kernel-held values a process (or its process tree) may cause, the Lua memory all processes share, the
// refusals, the size walk.
import { LuaTable, type LuaValue } from '../vm/vm.js';

/**
 * The limits, by the name `thox run --limit NAME=N`, `KernelOptions.limits` and `simulate({limits})` use.
 * Each default is far above what an ordinary program holds, and low enough that one process cannot make the
 * kernel hold more than a few hundred MB (see docs/architecture.md, "Resources and limits").
 */
export interface Limits {
  /** Process records (running, or ended and not yet waited for) in one process tree (a process the host started and all it started). */
  processes: number;
  /** Tasks of one process: running ones, and ended ones whose result nobody has joined yet. */
  tasks: number;
  /** Contexts one process owns (os.context, os.restrict). */
  contexts: number;
  /** Calls one process made whose answer it has not pulled yet (in flight, or answered and waiting in its queue). */
  calls: number;
  /** Events waiting in one process's queue (answers to its own calls may exceed it: `calls` bounds those). */
  events: number;
  /** Timers one process set with os.timer or timer.after that have not fired or been cancelled. */
  timers: number;
  /** Bytes of values the kernel holds for one process: payloads of its waiting events and arguments of its calls in flight. */
  bytes: number;
  /** Files one process holds open through the fs context. */
  files: number;
  /** Bytes the Lua states of all processes may hold together (wasmoon: they share one wasm memory of at most 2 GiB). */
  heap: number;
  /** Lines of one process the kernel log keeps: past it, its own oldest line goes (never another process's). */
  log: number;
  /** Events a recording (trace.start) keeps when it turned the trace on: past it the recording takes no more. */
  trace: number;
}

export const DEFAULT_LIMITS: Readonly<Limits> = {
  processes: 1_000,
  tasks: 10_000,
  contexts: 4_096,
  calls: 4_096,
  events: 4_096,
  timers: 10_000,
  bytes: 64 * 1024 * 1024,
  files: 128,
  heap: 1536 * 1024 * 1024,
  log: 100,
  trace: 200_000,
};

export const LIMIT_NAMES = Object.keys(DEFAULT_LIMITS) as ReadonlyArray<keyof Limits>;

/** What each limit counts, as its refusal names it ("too many contexts: process 3 holds 4096"). */
const WHAT: Record<keyof Limits, string> = {
  processes: 'processes',
  tasks: 'tasks',
  contexts: 'contexts',
  calls: 'unanswered calls',
  events: 'waiting events',
  timers: 'timers',
  bytes: 'bytes held by the kernel',
  files: 'open files',
  heap: 'bytes of Lua memory',
  log: 'log lines',
  trace: 'trace events',
};

/** A refusal because a limit is reached: the system calls raise it as a Lua error, native calls answer ERROR. */
export class LimitError extends Error {}

/** The refusal for `holder` (e.g. "process 3", "the tree of process 1") holding `count` of `name`. */
export function limitReached(name: keyof Limits, holder: string, count: number): LimitError {
  return new LimitError(limitMessage(name, holder, count));
}

/** The words of limitReached, without building an error (a refusal that is only counted or dropped stays cheap). */
export function limitMessage(name: keyof Limits, holder: string, count: number): string {
  const what = name === 'bytes' ? `too much data held by the kernel: ${holder} holds ${count} bytes` : `too many ${WHAT[name]}: ${holder} holds ${count}`;
  return `${what} (limit '${name}', see thox run --limit)`;
}

/** Throws when `count` more would go past the limit. */
export function checkLimit(limits: Limits, name: keyof Limits, holder: string, count: number, adding = 1): void {
  if (count + adding > limits[name]) throw limitReached(name, holder, count);
}

/** The defaults with the given ones over them; each must be a whole number of at least 1. */
export function resolveLimits(given: Partial<Limits> = {}): Limits {
  const limits = { ...DEFAULT_LIMITS, ...given };
  for (const name of LIMIT_NAMES) {
    if (!Number.isSafeInteger(limits[name]) || limits[name] < 1)
      throw new RangeError(`limit '${name}' must be a whole number of at least 1, got ${limits[name]}`);
  }
  return limits;
}

/** Estimated bytes of a value's slot (what a number, boolean or nil costs; a string adds its length). */
const SLOT = 16;
/** Estimated bytes of a table before its entries (each entry adds its key's and its value's size). */
const TABLE = 56;

/** The estimated size of values crossing into the kernel (tables walked once each, however often they are reached). */
export function valuesBytes(values: readonly LuaValue[]): number {
  const seen = new Set<LuaTable>();
  const size = (v: LuaValue): number => {
    if (typeof v === 'string') return SLOT + v.length;
    if (!(v instanceof LuaTable)) return SLOT;
    if (seen.has(v)) return SLOT;
    seen.add(v);
    let n = TABLE;
    for (const [k, x] of v.entries) n += size(k) + size(x);
    return n;
  };
  let total = 0;
  for (const v of values) total += size(v);
  return total;
}
