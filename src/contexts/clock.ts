// The `clock` native context: CraftOS time on the kernel clock — timers and alarms rounded to 50 ms ticks, an
// in-game clock (a day is 24,000 ticks, 20 minutes; day 1 starts at 06:00) and epochs — virtual in --deterministic.
import { STATUS } from '../kernel/contexts.js';
import { Args } from '../kernel/arguments.js';
import type { NativeCall } from '../kernel/interactions.js';
import type { Process } from '../kernel/process.js';
import type { KernelServices } from '../kernel/services.js';
import { LuaFloat, LuaTable, type LuaValue } from '../vm/vm.js';

/** Milliseconds in a tick (CraftOS runs at 20 ticks a second). */
export const TICK_MS = 50;
/** Ticks in an in-game day, and in an in-game hour. */
export const DAY_TICKS = 24_000;
const HOUR_TICKS = DAY_TICKS / 24;
/** In-game ticks at kernel time 0: day 1 (days count from 1), 06:00. */
const START_TICKS = DAY_TICKS + 6 * HOUR_TICKS;

/** Whole ticks since kernel time 0. */
export function ticksAt(ms: number): number {
  return Math.floor(ms / TICK_MS);
}

/** In-game ticks at kernel time `ms`. */
function gameTicks(ms: number): number {
  return START_TICKS + ticksAt(ms);
}

function float(n: number): LuaValue {
  return Number.isInteger(n) ? new LuaFloat(n) : n;
}

/** The clock's timers: id → what fires (a 'timer' or an 'alarm' event for a process). */
interface Pending {
  pid: number;
  type: 'timer' | 'alarm';
}

export function clockCalls(kernel: KernelServices): Record<string, NativeCall> {
  const pending = new Map<number, Pending>();
  kernel.onTimer((id) => {
    const t = pending.get(id);
    if (!t) return;
    pending.delete(id);
    const p = kernel.processes.get(t.pid);
    if (p && !p.exit) kernel.queueEvent(p, LuaTable.from({ type: t.type, id }).set(1, id));
  });
  kernel.onExit((p) => {
    for (const [id, t] of pending) if (t.pid === p.pid) pending.delete(id);
  });

  /** A timer firing at the first tick boundary at or after `ms` of kernel time. */
  const start = (p: Process, ms: number, type: Pending['type']): number => {
    const at = Math.ceil(ms / TICK_MS) * TICK_MS;
    const id = kernel.addTimer(p, 0, Math.max(0, at - kernel.now()) / 1000, 'native');
    pending.set(id, { pid: p.pid, type });
    return id;
  };

  return {
    ticks: (k, _caller, _args, reply) => reply(STATUS.OK, [ticksAt(k.now())]),
    /** A `timer` event after `seconds`, rounded up to whole ticks (0 fires at the next tick). */
    startTimer: (k, caller, args, reply) => {
      const seconds = new Args('clock.startTimer', args).seconds(1);
      reply(STATUS.OK, [start(caller, k.now() + Math.max(TICK_MS, seconds * 1000), 'timer')]);
    },
    /** An `alarm` event when the in-game time next reaches `hour` (0 to 24). */
    setAlarm: (k, caller, args, reply) => {
      const a = new Args('clock.setAlarm', args);
      const hour = a.seconds(1);
      if (hour >= 24) a.fail(1, 'number out of range');
      const now = gameTicks(k.now());
      const target = Math.floor(now / DAY_TICKS) * DAY_TICKS + Math.round(hour * HOUR_TICKS);
      const ahead = target > now ? target - now : target + DAY_TICKS - now;
      reply(STATUS.OK, [start(caller, (ticksAt(k.now()) + ahead) * TICK_MS, 'alarm')]);
    },
    /** Cancels a timer or alarm of the caller's; whether one was cancelled. */
    cancel: (k, caller, args, reply) => {
      const id = new Args('clock.cancel', args).integer(1);
      const t = pending.get(id);
      const mine = t !== undefined && t.pid === caller.pid;
      if (mine) pending.delete(id);
      reply(STATUS.OK, [mine && k.cancelTimer(id)]);
    },
    /** The in-game time of day in hours, 0 <= h < 24 (to the in-game minute's 1/1000 hour). */
    time: (k, _caller, _args, reply) => reply(STATUS.OK, [float((gameTicks(k.now()) % DAY_TICKS) / HOUR_TICKS)]),
    /** The in-game day, from 1. */
    day: (k, _caller, _args, reply) => reply(STATUS.OK, [Math.floor(gameTicks(k.now()) / DAY_TICKS)]),
    /** Milliseconds: 'utc' and 'local' since the Unix epoch (on the kernel clock), 'ingame' since in-game day 0. */
    epoch: (k, _caller, args, reply) => {
      const a = new Args('clock.epoch', args);
      const kind = a.isNil(1) ? 'ingame' : a.string(1);
      if (kind === 'utc' || kind === 'local') reply(STATUS.OK, [Math.floor(k.clock.epochMs + k.now())]);
      else if (kind === 'ingame') reply(STATUS.OK, [Math.floor((gameTicks(k.now()) * 3_600_000) / HOUR_TICKS)]);
      else a.fail(1, `unsupported operation '${kind}' (utc, local or ingame)`);
    },
  };
}
