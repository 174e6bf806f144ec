// Contexts and interactions: numbered security objects in which RPC calls, answers and queue messages
// take place — who holds which context, who handles which call name, filters, and the calls in flight.
import { getOrInsertComputed } from '../maps.js';
import { LuaTable, type LuaValue } from '../vm/vm.js';

/** Every answer carries one of these. */
export const STATUS = { OK: 0, NO_SUCH_CALL: 1, DENIED: 2, BAD_ARGUMENT: 3, CALLEE_DIED: 4, TIMEOUT: 5, ERROR: 6 } as const;
export const STATUS_NAMES = ['ok', 'no such call', 'denied', 'bad argument', 'callee died', 'timeout', 'error'];
export type Status = (typeof STATUS)[keyof typeof STATUS];

/** The kernel, as an owner or a callee. */
export const KERNEL = 0;

/** Which call names pass a context: an allow list or a deny list; `prefix.*` matches a whole family. */
export interface Filter {
  mode: 'allow' | 'deny';
  names: string[];
}

export interface Context {
  readonly id: number;
  readonly owner: number;
  /** Call name → the pid handling it. */
  readonly bindings: Map<string, number>;
  /** A restricted view routes the calls that pass its filter on to this context. */
  readonly target: Context | null;
  filter: Filter | null;
  /** pid → number of references it holds. */
  readonly holders: Map<number, number>;
  /** Queue name → the pids listening, each with the handle it listened through (its messages carry it). */
  readonly listeners: Map<string, Map<number, number>>;
}

export interface Call {
  readonly cid: number;
  readonly caller: number;
  readonly ctx: number;
  readonly name: string;
  /** The pid that received the call, or KERNEL for a native context. */
  readonly callee: number;
  timer: number | null;
  /** Bytes of its arguments the kernel holds for the caller while it is in flight (see limits.ts). */
  bytes: number;
}

export function filterPasses(filter: Filter | null, name: string): boolean {
  if (!filter) return true;
  const matches = filter.names.some((n) => n === name || (n.endsWith('.*') && name.startsWith(n.slice(0, -1))));
  return filter.mode === 'allow' ? matches : !matches;
}

/** The result of routing a call through a context and its views. */
export type Route =
  | { kind: 'process'; pid: number; context: Context }
  | { kind: 'kernel'; context: Context }
  | { kind: 'refused'; status: Status; reason: string };

export class ContextTable {
  private readonly contexts = new Map<number, Context>();
  private readonly calls = new Map<number, Call>();
  /** pid → the contexts it owns, holds, binds on or listens on: what its end has to clean (no full scan). */
  private readonly touched = new Map<number, Set<Context>>();
  /** pid → the calls in flight it made or serves, in creation order. */
  private readonly callsOf = new Map<number, Set<Call>>();
  private nextId = 1;
  private nextCid = 1;
  /** The root context: owned by the kernel, which serves the native contexts on it. */
  readonly root: Context;

  constructor() {
    this.root = this.create(KERNEL, null, null);
  }

  create(owner: number, target: Context | null, filter: Filter | null): Context {
    const ctx: Context = {
      id: this.nextId++,
      owner,
      bindings: new Map(),
      target,
      filter,
      holders: new Map(),
      listeners: new Map(),
    };
    this.contexts.set(ctx.id, ctx);
    this.touch(owner, ctx);
    return ctx;
  }

  private touch(pid: number, ctx: Context): void {
    if (pid === KERNEL) return;
    getOrInsertComputed(this.touched, pid, () => new Set()).add(ctx);
  }

  get(id: number): Context | undefined {
    return this.contexts.get(id);
  }

  /** Adds a reference; returns true when the holder did not hold it before (an 'open'). */
  hold(ctx: Context, pid: number): boolean {
    const n = ctx.holders.get(pid) ?? 0;
    ctx.holders.set(pid, n + 1);
    this.touch(pid, ctx);
    return n === 0;
  }

  /** Routes calls named `name` on a base context to `pid`. */
  bind(base: Context, name: string, pid: number): void {
    base.bindings.set(name, pid);
    this.touch(pid, base);
  }

  /** Subscribes `pid` to a queue of a base context through `handle` (null unsubscribes). */
  listen(base: Context, name: string, pid: number, handle: number | null): void {
    const listening = getOrInsertComputed(base.listeners, name, () => new Map());
    if (handle === null) listening.delete(pid);
    else {
      listening.set(pid, handle);
      this.touch(pid, base);
    }
    if (listening.size === 0) base.listeners.delete(name);
  }

  holds(ctx: Context, pid: number): boolean {
    return ctx.holders.has(pid) || ctx.owner === pid;
  }

  /** Routes a call named `name` made on `ctx`: through views (their filters), to a binding or the kernel. */
  route(ctx: Context, name: string): Route {
    for (let c: Context | null = ctx; c; c = c.target) {
      if (!filterPasses(c.filter, name)) return { kind: 'refused', status: STATUS.DENIED, reason: `call '${name}' is not allowed on context ${ctx.id}` };
      if (c.target) continue;
      const pid = c.bindings.get(name);
      if (pid !== undefined) return { kind: 'process', pid, context: c };
      if (c.owner === KERNEL) return { kind: 'kernel', context: c };
      return { kind: 'refused', status: STATUS.NO_SUCH_CALL, reason: `nothing handles '${name}' on context ${ctx.id}` };
    }
    return { kind: 'refused', status: STATUS.NO_SUCH_CALL, reason: `nothing handles '${name}'` };
  }

  /** The context calls and bindings on `ctx` really land on (a view's target, followed to the end). */
  base(ctx: Context): Context {
    let c = ctx;
    while (c.target) c = c.target;
    return c;
  }

  newCall(caller: number, ctx: number, name: string, callee: number): Call {
    const call: Call = { cid: this.nextCid++, caller, ctx, name, callee, timer: null, bytes: 0 };
    this.calls.set(call.cid, call);
    for (const pid of [caller, callee]) {
      if (pid === KERNEL) continue;
      getOrInsertComputed(this.callsOf, pid, () => new Set()).add(call);
    }
    return call;
  }

  call(cid: number): Call | undefined {
    return this.calls.get(cid);
  }

  /** Removes a call that has its answer. */
  finish(cid: number): Call | undefined {
    const call = this.calls.get(cid);
    if (!call) return undefined;
    this.calls.delete(cid);
    this.callsOf.get(call.caller)?.delete(call);
    this.callsOf.get(call.callee)?.delete(call);
    return call;
  }

  /** The calls in flight a process made or serves, in creation order. */
  pendingOf(pid: number): Call[] {
    return [...(this.callsOf.get(pid) ?? [])];
  }

  /**
   * Everything a process leaves behind when it ends: references, bindings, listeners; and contexts nobody
   * holds any more whose owner has ended (`alive` tells which owners still run).
   */
  release(pid: number, alive: (pid: number) => boolean): { closed: Context[] } {
    const closed: Context[] = [];
    const touched = [...(this.touched.get(pid) ?? [])].sort((a, b) => a.id - b.id);
    this.touched.delete(pid);
    this.callsOf.delete(pid);
    for (const ctx of touched) {
      if (ctx.holders.delete(pid)) closed.push(ctx);
      for (const [name, holder] of ctx.bindings) if (holder === pid) ctx.bindings.delete(name);
      for (const [name, set] of ctx.listeners) if (set.delete(pid) && set.size === 0) ctx.listeners.delete(name);
    }
    for (const ctx of touched) {
      if (ctx.owner !== KERNEL && ctx.holders.size === 0 && (ctx.owner === pid || !alive(ctx.owner))) this.forget(ctx);
    }
    return { closed };
  }

  /** Drops one holder's references to a context; returns whether it held any. */
  drop(ctx: Context, pid: number): boolean {
    return ctx.holders.delete(pid);
  }

  /** Closes a context for everyone (its owner's os.close): no holders, bindings or listeners are left. */
  destroy(ctx: Context): void {
    ctx.holders.clear();
    ctx.bindings.clear();
    ctx.listeners.clear();
    this.forget(ctx);
  }

  /** Drops a context nobody can reach any more (nor its owner's note of it). */
  private forget(ctx: Context): void {
    this.contexts.delete(ctx.id);
    this.touched.get(ctx.owner)?.delete(ctx);
  }

  /** How many calls are in flight (made and not yet answered). */
  get inFlight(): number {
    return this.calls.size;
  }

  /** How many contexts exist (the root included). */
  get size(): number {
    return this.contexts.size;
  }
}

/**
 * A call or answer event. Its fields serve pull filters; it reaches Lua as flat values (`flat`) that the
 * sandbox's os.pull builds into the event table, which is much cheaper than building it from the host.
 */
export class FlatEvent extends LuaTable {
  constructor(readonly flat: LuaValue[]) {
    super();
  }
}

/** The event a callee receives for a call: {type='call', cid, ctx, name, pid, args}. */
export function callEvent(call: Call, args: LuaValue[]): LuaTable {
  return new FlatEvent(['@call', call.cid, call.ctx, call.name, call.caller, ...args])
    .set('type', 'call')
    .set('cid', call.cid)
    .set('ctx', call.ctx)
    .set('name', call.name)
    .set('pid', call.caller);
}

/** The event a caller receives for an answer: {type='answer', cid, status, args}. */
export function answerEvent(cid: number, status: Status, args: LuaValue[]): LuaTable {
  return new FlatEvent(['@answer', cid, status, ...args]).set('type', 'answer').set('cid', cid).set('status', status);
}

/** Whether an event is the answer to a call (what the caller collects). */
export function isAnswer(event: LuaValue): boolean {
  return event instanceof FlatEvent && event.flat[0] === '@answer';
}

/** What a task pulling an event receives: the flat values of a call or answer, else the event itself. */
export function eventValues(event: LuaValue): LuaValue[] {
  return event instanceof FlatEvent ? event.flat : [event];
}
