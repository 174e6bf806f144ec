// A program's own debug hooks (debug.sethook), layered over the kernel's count hook on the same engine hook:
// the kernel's quantum is counted as before whatever the program sets, and the program's hook function runs in a
// helper thread where the kernel's hook still fires (non-yieldable there, so a hook that runs too long is killed).
import type { HostCall } from './vm.js';
import type { Engine, StateRecord } from './engine-state.js';
import type { StackCall } from './stack.js';

/** Lua's hook events (lua_Debug.event) and masks, the same in 5.3 and 5.4. */
export const HOOK = { call: 0, return: 1, line: 2, count: 3, tailcall: 4 } as const;
export const MASK = { call: 1, return: 2, line: 4, count: 8 } as const;
const EVENT_NAMES = ['call', 'return', 'line', 'count', 'tail call'];
const EVENT_MASKS = [MASK.call, MASK.return, MASK.line, MASK.count, MASK.call];

/** One thread's hook as the program set it. */
export interface UserHook {
  /** The tag written in the thread (Engine.settag) when the hook was set. */
  tag: number;
  /** Registry reference of the hook function. */
  fn: number;
  /** MASK bits of call, return and line events (count is `count`). */
  mask: number;
  /** Instructions between count events (0 = none). */
  count: number;
  /** Instructions left until the next count event. */
  left: number;
}

/** The last tag given to a hooked thread (unique in the process: a tag is never given twice). */
let lastTag = 0;

/** The program's hook on L; a hook left by a thread that died at L's address is dropped. */
function hookOf<L>(engine: Engine<L>, rec: StateRecord<L>, L: L): UserHook | undefined {
  const user = rec.userHooks?.get(L);
  if (user === undefined || engine.threadtag(L, user.tag) === user.tag) return user;
  releaseUserHook(engine, rec, L);
  return undefined;
}

/** Drops the hooks of threads that were collected (their addresses no longer hold their tags): always, or when their
 *  number has doubled since the last sweep, so a program that hooks many coroutines does not make the state keep
 *  all their hooks. */
function sweepUserHooks<L>(engine: Engine<L>, rec: StateRecord<L>, always: boolean): void {
  const hooks = rec.userHooks;
  if (hooks === null || (!always && hooks.size <= 2 * rec.userHooksSwept + 16)) return;
  for (const L of [...hooks.keys()]) hookOf(engine, rec, L);
  rec.userHooksSwept = hooks.size;
}

/** Sets the engine hook of L to what the kernel and the program's hook on L need together. The count is the
 *  kernel's quantum, or the program's count when smaller: never larger, so preemption comes as often as before. */
export function armHook<L>(engine: Engine<L>, rec: StateRecord<L>, L: L): void {
  const quantum = rec.options.hookCount;
  const user = hookOf(engine, rec, L);
  const userCount = user?.count ?? 0;
  const count = userCount > 0 && (quantum === 0 || userCount < quantum) ? userCount : quantum;
  engine.sethook(L, count, (count > 0 ? MASK.count : 0) | (user?.mask ?? 0));
}

/** A count firing on L: counts toward the program's count hook (running it when due). Returns the instructions
 *  the firing stands for, which the kernel adds to its quantum. */
export function countFiring<L>(engine: Engine<L>, rec: StateRecord<L>, L: L): number {
  if (rec.userHooks === null) return rec.options.hookCount;
  const step = engine.hookcount(L);
  const user = hookOf(engine, rec, L);
  if (user !== undefined && user.count > 0) {
    user.left -= step;
    if (user.left <= 0) {
      user.left = user.count;
      runUserHook(engine, rec, L, user, HOOK.count, null);
    }
  }
  return step;
}

/** A call, return or line event on L: runs the program's hook when it asked for this event. A thread that only
 *  inherited the mask from its creator (Lua copies hooks into new threads) has it reset to the kernel's alone. */
export function userEvent<L>(engine: Engine<L>, rec: StateRecord<L>, L: L, event: number, line: () => number): void {
  const user = hookOf(engine, rec, L);
  if (user === undefined) {
    armHook(engine, rec, L);
    return;
  }
  if ((user.mask & EVENT_MASKS[event]) === 0) return;
  runUserHook(engine, rec, L, user, event, event === HOOK.line ? line() : null);
}

/** Calls dispatcher(L, fn, event, line) in a new helper thread, with a protected call (so it cannot yield);
 *  its error is raised in L, where the hooked code runs, as Lua does with an error in a hook. */
function runUserHook<L>(engine: Engine<L>, rec: StateRecord<L>, L: L, user: UserHook, event: number, line: number | null): void {
  if (rec.dispatcher === 0 || rec.killing || !engine.checkstack(L, 4)) return;
  const top = engine.gettop(L);
  const H = engine.newthread(L); // anchored on L's stack while it runs
  if (!engine.checkstack(H, 6)) {
    engine.settop(L, top);
    return;
  }
  engine.getref(H, rec.dispatcher);
  engine.pushthread(L);
  engine.xmove(L, H, 1);
  engine.getref(H, user.fn);
  engine.pushstring(H, EVENT_NAMES[event]);
  if (line === null) engine.pushnil(H);
  else engine.pushinteger(H, line);
  const status = engine.pcall(H, 4);
  if (status !== 0 && !rec.killing) {
    engine.xmove(H, L, 1);
    engine.raise(L);
  }
  engine.settop(L, top);
}

/** Forgets the program's hook on L (a task's thread that ended): its entry and its function's reference. */
export function releaseUserHook<L>(engine: Engine<L>, rec: StateRecord<L>, L: L): void {
  const old = rec.userHooks?.get(L);
  if (old === undefined) return;
  engine.unref(rec.L, old.fn);
  rec.userHooks?.delete(L);
}

/** sys.sethook(thread, fn|nil, mask, count, dispatcher): sets (or with no mask and count, removes) the program's
 *  hook on a thread of its own. */
export function setUserHook<L>(engine: Engine<L>, rec: StateRecord<L>, call: HostCall): void {
  const { L: caller } = call as StackCall<L>;
  const L = engine.tothread(caller, 1);
  if (L === null || rec.killing) return;
  const mask = call.number(3, 'sethook') & (MASK.call | MASK.return | MASK.line);
  const count = Math.max(0, Math.floor(call.number(4, 'sethook')));
  releaseUserHook(engine, rec, L);
  if (call.type(2) === 'function' && (mask !== 0 || count > 0)) {
    if (rec.dispatcher === 0) rec.dispatcher = call.ref(5).id;
    rec.userHooks ??= new Map();
    lastTag++;
    engine.settag(L, lastTag);
    rec.userHooks.set(L, { tag: lastTag, fn: call.ref(2).id, mask, count, left: count });
    sweepUserHooks(engine, rec, false);
  } else {
    sweepUserHooks(engine, rec, true); // a hook turned off (debug.sethook()): seldom, and a time to tidy up
  }
  if (rec.soon !== L) armHook(engine, rec, L);
}
