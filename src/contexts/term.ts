// The `term` native context: terminals served over RPC. Each terminal is a kernel-owned context of its own
// (calls on it draw on it); `term.*` on the root context draws on the caller's current terminal.
import { Args } from '../kernel/arguments.js';
import { type Context, KERNEL, STATUS } from '../kernel/contexts.js';
import type { NativeCall } from '../kernel/interactions.js';
import { InteractionError } from '../kernel/interactions.js';
import type { Process } from '../kernel/process.js';
import type { KernelServices } from '../kernel/services.js';
import { checkLimit } from '../kernel/limits.js';
import { sizeRefusal, Terminal } from '../devices/terminal.js';
import { booleanArg, TERMINAL_METHODS, type TerminalMethod } from '../devices/terminal-methods.js';
import type { LuaValue } from '../vm/vm.js';
import { answer, Refusal } from './store.js';
import type { Focus, Seat } from './input.js';
import { getOrInsertComputed } from '../maps.js';

/** Terminals one process may own at once (each is kernel memory). */
export const MAX_TERMINALS = 16;
/** Bytes a terminal of `cells` cells is charged to its owner's 'bytes' (three strings of a byte per cell). */
const bytesOf = (cells: number): number => 3 * cells;
/** A terminal's context passes only the terminal's calls. */
const TERMINAL_FILTER = { mode: 'allow' as const, names: ['term.*'] };

interface Entry {
  readonly terminal: Terminal;
  /** The process that made it with term.open (it goes when that process ends), or KERNEL for the session's. */
  readonly owner: number;
  /** Its context, made when first needed (the session terminal's only when a process asks for it by context). */
  context: Context | null;
  closed: boolean;
}

/**
 * The calls. `session` is the terminal of the run (`thox run`'s screen); a process started by the host
 * draws on it, and every child starts on its parent's current terminal. `focus` hears who draws on the session
 * terminal (input goes to the newest of them).
 */
export function termCalls(kernel: KernelServices, session: Terminal, focus?: Focus): Record<string, NativeCall> {
  /** Context id → the terminal served on it. */
  const byContext = new Map<number, Entry>();
  /** pid → its current terminal (none yet: the session's). */
  const current = new Map<number, Entry>();
  const contextOf = (entry: Entry): Context => {
    if (entry.context) return entry.context;
    const ctx = kernel.interactions.contexts.create(KERNEL, null, TERMINAL_FILTER);
    entry.context = ctx;
    byContext.set(ctx.id, entry);
    return ctx;
  };
  const sessionEntry: Entry = { terminal: session, owner: KERNEL, context: null, closed: false };
  /** The entries of the terminals the host put processes on (`Focus.place`). */
  const seats = new WeakMap<Terminal, Entry>(); // weak: a closed session's terminal goes with it
  const seatEntry = (terminal: Terminal): Entry => getOrInsertComputed(seats, terminal, () => ({ terminal, owner: KERNEL, context: null, closed: false }));
  /** A process's current terminal: its own choice, else the seat the host put it on, else the session's. */
  const currentOf = (pid: number): Entry => {
    const placed = focus?.placement(pid);
    return current.get(pid) ?? (placed ? seatEntry(placed) : sessionEntry);
  };
  /** The seat an entry is (null: the session terminal), or undefined for a terminal a process opened. */
  const seatOf = (entry: Entry): Seat | undefined => (entry === sessionEntry ? null : entry.owner === KERNEL ? entry.terminal : undefined);

  kernel.onSpawn((p) => {
    // a process the host started has no entry of its own until it redirects: the host may place it after spawning
    const parent = p.ppid === 0 ? undefined : currentOf(p.ppid);
    if (parent) current.set(p.pid, parent);
    focus?.note(p.pid, seatOf(currentOf(p.pid)));
  });
  kernel.onExit((p) => {
    current.delete(p.pid);
    for (const [id, e] of byContext) {
      if (e.owner !== p.pid) continue;
      e.closed = true;
      byContext.delete(id);
      kernel.interactions.contexts.destroy(contextOf(e));
    }
  });

  /** The terminal a call acts on: the one whose context it came through, else the caller's current one. */
  const target = (p: Process, on: Context): Entry => {
    const entry = byContext.get(on.id) ?? currentOf(p.pid);
    if (entry.closed) throw new Refusal(STATUS.DENIED, `terminal ${entry.context?.id} is closed: the process that opened it has ended`);
    return entry;
  };
  /** A terminal context the caller holds itself (not a restricted view: its filter would be bypassed). */
  const held = (p: Process, a: Args, i: number): Entry => {
    const handle = a.integer(i);
    let ctx: Context;
    try {
      ctx = kernel.interactions.resolve(p, handle);
    } catch (e) {
      if (e instanceof InteractionError) throw new Refusal(STATUS.DENIED, e.message);
      throw e;
    }
    const entry = byContext.get(ctx.id);
    if (!entry) return a.fail(i, `context ${handle} is not a terminal (a restricted view of one is used by calling through it)`);
    return entry;
  };
  /** Answers with the caller now holding `entry`'s context. */
  const share = (p: Process, entry: Entry): LuaValue[] => {
    const ctx = contextOf(entry);
    kernel.interactions.grant(p, ctx);
    return [ctx.id];
  };

  /** A drawing call: its answer's values, none when it returns nothing. */
  const on = (name: string, draw: TerminalMethod): NativeCall => {
    return (_k, p, args, reply, ctx) => answer(reply, () => draw(target(p, ctx).terminal, new Args(`term.${name}`, args)) ?? []);
  };
  const served: Record<string, NativeCall> = {};
  for (const [name, draw] of Object.entries(TERMINAL_METHODS)) served[name] = on(name, draw);

  served.resize = (_k, p, args, reply, ctx) =>
    answer(reply, () => {
      const entry = target(p, ctx);
      const a = new Args('term.resize', args);
      const [w, h] = [a.integer(1), a.integer(2)];
      if (entry.owner !== p.pid) throw new Refusal(STATUS.DENIED, `terminal ${contextOf(entry).id} can only be resized by the process that opened it`);
      const refusal = sizeRefusal(w, h);
      if (refusal) a.fail(1, refusal);
      const growth = bytesOf(w * h) - bytesOf(entry.terminal.width * entry.terminal.height);
      checkLimit(kernel.limits, 'bytes', `process ${p.pid}`, p.usage.bytes, growth);
      p.usage.bytes += growth;
      entry.terminal.resize(w, h);
      return [];
    });
  served.open = (_k, p, args, reply) =>
    answer(reply, () => {
      const a = new Args('term.open', args);
      const [w, h] = [a.optionalInteger(1, session.width), a.optionalInteger(2, session.height)];
      const colour = a.isNil(3) || booleanArg(a, 3);
      const refusal = sizeRefusal(w, h);
      if (refusal) a.fail(1, refusal);
      const owned = [...byContext.values()].filter((e) => e.owner === p.pid).length;
      if (owned >= MAX_TERMINALS) throw new Refusal(STATUS.ERROR, `too many terminals: process ${p.pid} has opened ${MAX_TERMINALS}`);
      checkLimit(kernel.limits, 'bytes', `process ${p.pid}`, p.usage.bytes, bytesOf(w * h));
      p.usage.bytes += bytesOf(w * h);
      return share(p, { terminal: new Terminal(w, h, colour), owner: p.pid, context: null, closed: false });
    });
  served.current = (_k, p, _args, reply, ctx) => answer(reply, () => share(p, target(p, ctx)));
  served.redirect = (_k, p, args, reply) =>
    answer(reply, () => {
      const next = held(p, new Args('term.redirect', args), 1);
      const previous = currentOf(p.pid);
      current.set(p.pid, next);
      focus?.note(p.pid, seatOf(next));
      return previous.closed ? [null] : share(p, previous);
    });
  return served;
}
