// Interactions between processes through contexts: calls routed to bindings or native contexts,
// answers (never lost: a dead callee or a timeout answers too), sharing, open/close, queue messages.
import { LuaTable, type LuaValue } from '../vm/vm.js';
import { ArgumentError } from './arguments.js';
import {
  answerEvent,
  callEvent,
  ContextTable,
  filterPasses,
  KERNEL,
  STATUS,
  STATUS_NAMES,
  type Call,
  type Context,
  type Filter,
  type Status,
} from './contexts.js';
import type { KernelServices } from './services.js';
import type { Process } from './process.js';
import { checkLimit, LimitError, limitReached, valuesBytes } from './limits.js';

/** The key of the marker table `os.share(ctx)` makes: a context passed in an answer or a message. */
export const SHARE_KEY = '\u0000thox.context';
/** Messages of one queue a listener may have waiting; past it the oldest is dropped. */
export const QUEUE_BOUND = 256;

/**
 * How a native call answers: now or later, once. It returns false when nobody waits any more (the call
 * timed out, or the caller ended): undo what the call did. `pending()` tells that before answering.
 */
export interface NativeReply {
  (status: Status, values?: LuaValue[]): boolean;
  pending(): boolean;
}

/** A call served by the kernel: on the root context, or on a kernel-owned device context (`on`, e.g. a terminal's). */
export type NativeCall = (k: KernelServices, caller: Process, args: LuaValue[], reply: NativeReply, on: Context) => void;

export class InteractionError extends Error {}

export class Interactions {
  readonly contexts = new ContextTable();
  private readonly natives = new Map<string, NativeCall>();
  private readonly bindListeners: Array<(ctx: Context, name: string) => void> = [];

  constructor(private readonly kernel: KernelServices) {}

  /** Registers the calls of a native context (`name.call`) on the root context. */
  registerNative(context: string, calls: Record<string, NativeCall>): void {
    for (const [call, fn] of Object.entries(calls)) this.natives.set(`${context}.${call}`, fn);
  }

  // ---------------------------------------------------------------------------------------------
  // Contexts a process holds
  // ---------------------------------------------------------------------------------------------

  /** The context a handle names for a process (0 is its context 0); throws when it does not hold it. */
  resolve(p: Process, handle: number): Context {
    const ctx = this.contexts.get(handle === 0 ? p.context0 : handle);
    if (!ctx || !this.contexts.holds(ctx, p.pid)) throw new InteractionError(`context ${handle} is not held by this process`);
    return ctx;
  }

  /**
   * Why `p` may not make the native call `name` as a system call (os.run is proc.run's twin, os.kill proc.kill's,
   * require's library lookup store.get's...): its context 0 must route `name` to the kernel, so a restricted
   * view, or a context 0 served by another process, holds for the system call as for the RPC call. null: it may.
   */
  kernelRefusal(p: Process, name: string): string | null {
    const ctx = this.contexts.get(p.context0);
    if (!ctx) return `denied: context 0 of process ${p.pid} is closed`;
    const route = this.contexts.route(ctx, name);
    if (route.kind === 'kernel') return null;
    if (route.kind === 'refused') return `denied: ${route.reason}`;
    return `denied: '${name}' on context 0 of process ${p.pid} is served by process ${route.pid}, not the kernel`;
  }

  /** Gives a process a reference to a context; the owner hears of a new holder ('open'). */
  grant(p: Process, ctx: Context): void {
    if (this.contexts.hold(ctx, p.pid)) this.notifyOwner(ctx, 'open', p.pid);
  }

  /** A new context (a view of `target` when given) owned by `p`, charged to it until it closes it or ends. */
  create(p: Process, target: Context | null, filter: Filter | null): Context {
    checkLimit(this.kernel.limits, 'contexts', `process ${p.pid}`, p.usage.contexts);
    const ctx = this.contexts.create(p.pid, target, filter);
    this.contexts.hold(ctx, p.pid);
    p.usage.contexts++;
    return ctx;
  }

  /**
   * os.close: the owner closes the context for everyone (it goes, and its count with it); another holder only
   * drops its reference (the owner hears 'close').
   */
  close(p: Process, handle: number): void {
    const ctx = this.resolve(p, handle);
    if (ctx.owner === p.pid) {
      this.contexts.destroy(ctx);
      p.usage.contexts--;
    } else if (this.contexts.drop(ctx, p.pid)) {
      this.notifyOwner(ctx, 'close', p.pid);
    }
  }

  /** Hears every new binding (init learns that a 'bind' service has bound its names). */
  onBind(listener: (ctx: Context, name: string) => void): void {
    this.bindListeners.push(listener);
  }

  bind(p: Process, ctx: Context, name: string): void {
    const base = this.contexts.base(ctx);
    if (base.owner === KERNEL) throw new InteractionError('the root context is served by the kernel: nothing can be bound on it');
    if (ctx.target) throw new InteractionError(`context ${ctx.id} is a restricted view: calls can be made through it, not served`);
    this.checkFilter(ctx, name);
    const holder = base.bindings.get(name);
    if (holder !== undefined && holder !== p.pid && base.owner !== p.pid) {
      throw new InteractionError(`'${name}' is already bound on context ${ctx.id} by process ${holder}`);
    }
    this.contexts.bind(base, name, p.pid);
    for (const listener of this.bindListeners) listener(base, name);
  }

  unbind(p: Process, ctx: Context, name: string): boolean {
    const base = this.contexts.base(ctx);
    const holder = base.bindings.get(name);
    if (holder === undefined) return false;
    if (holder !== p.pid && base.owner !== p.pid) throw new InteractionError(`'${name}' on context ${ctx.id} is bound by process ${holder}`);
    return base.bindings.delete(name);
  }

  /** Names a view filters out cannot be bound, pushed or listened to through it either. */
  private checkFilter(ctx: Context, name: string): void {
    for (let c: Context | null = ctx; c; c = c.target) {
      if (!filterPasses(c.filter, name)) throw new InteractionError(`'${name}' is not allowed on context ${ctx.id}`);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Calls and answers
  // ---------------------------------------------------------------------------------------------

  /**
   * Sends a call; returns its id at once. Every call gets exactly one answer event. Throws LimitError when the
   * caller has `calls` answers still to pull, or its arguments would put it past `bytes` (answers of native
   * contexts may take it past: its next call is refused then).
   */
  call(p: Process, handle: number, name: string, args: LuaValue[]): number {
    checkLimit(this.kernel.limits, 'calls', `process ${p.pid}`, p.usage.calls);
    const bytes = valuesBytes(args);
    checkLimit(this.kernel.limits, 'bytes', `process ${p.pid}`, p.usage.bytes, bytes);
    let ctx: Context;
    try {
      ctx = this.resolve(p, handle);
    } catch (e) {
      return this.refuse(p, handle, name, STATUS.DENIED, (e as Error).message);
    }
    const route = this.contexts.route(ctx, name);
    if (route.kind === 'refused') return this.refuse(p, handle, name, route.status, route.reason);
    if (route.kind === 'process') {
      const callee = this.kernel.processes.get(route.pid);
      if (!callee) return this.refuse(p, handle, name, STATUS.CALLEE_DIED, `process ${route.pid} has ended`);
      if (callee.events.length >= this.kernel.limits.events) {
        return this.refuse(p, handle, name, STATUS.ERROR, `process ${route.pid} is not keeping up: its event queue is full`);
      }
      const call = this.newCall(p, handle, name, route.pid);
      call.bytes = bytes;
      p.usage.bytes += bytes;
      // checked above; forced so that a callee over its 'bytes' (answers from native contexts) still gets the call
      this.kernel.queueEvent(callee, callEvent(call, this.granting(p, callee, args)), { force: true });
      return call.cid;
    }
    const native = this.natives.get(name);
    if (!native) return this.refuse(p, handle, name, STATUS.NO_SUCH_CALL, `the kernel has no call '${name}'`);
    const call = this.newCall(p, handle, name, KERNEL);
    const reply = ((status: Status, values: LuaValue[] = []) => this.deliver(call, status, values, null)) as NativeReply;
    reply.pending = () => this.contexts.call(call.cid) !== undefined;
    this.kernel.streams.flush(); // what processes wrote reaches the host before a device acts (a terminal's row, a log)
    try {
      native(this.kernel, p, args, reply, route.context);
    } catch (e) {
      if (e instanceof ArgumentError) reply(STATUS.BAD_ARGUMENT, [e.message]);
      else if (e instanceof LimitError) reply(STATUS.ERROR, [e.message]);
      else throw e;
    }
    return call.cid;
  }

  /** A call made by `p`: it counts against its 'calls' until it pulls the answer. */
  private newCall(p: Process, handle: number, name: string, callee: number): Call {
    p.usage.calls++;
    return this.contexts.newCall(p.pid, handle, name, callee);
  }

  /** A call that cannot go anywhere is answered at once, so no caller ever waits for nothing. */
  private refuse(p: Process, handle: number, name: string, status: Status, reason: string): number {
    const call = this.newCall(p, handle, name, KERNEL);
    this.deliver(call, status, [reason], null);
    return call.cid;
  }

  /** Answers a call the process received; refused (InteractionError) when the values would put the caller past `bytes`. */
  answer(p: Process, cid: number, status: number, values: LuaValue[]): void {
    const call = this.contexts.call(cid);
    if (!call || call.callee !== p.pid) throw new InteractionError(`no call ${cid} waits for an answer from this process`);
    if (!Number.isInteger(status) || status < 0 || status >= STATUS_NAMES.length) {
      throw new InteractionError(`bad status ${status} (use os.status: OK, NO_SUCH_CALL, DENIED, BAD_ARGUMENT, CALLEE_DIED, TIMEOUT, ERROR)`);
    }
    const caller = this.kernel.processes.get(call.caller);
    const held = caller ? caller.usage.bytes - call.bytes : 0;
    if (caller && held + valuesBytes(values) > this.kernel.limits.bytes) {
      throw new InteractionError(`answer refused: ${limitReached('bytes', `process ${caller.pid}`, held).message}`);
    }
    this.deliver(call, status as Status, values, p);
  }

  /** Sets a timeout on a call the process made: unanswered by then, it is answered TIMEOUT. Returns false
   *  when no answer is pending (it came already, perhaps at once, or there was no such call). */
  timeout(p: Process, cid: number, seconds: number): boolean {
    const call = this.contexts.call(cid);
    if (!call || call.caller !== p.pid) return false;
    if (call.timer !== null) this.kernel.cancelTimer(call.timer);
    call.timer = this.kernel.addTimer(p, 0, seconds, 'call', cid);
    return true;
  }

  timedOut(cid: number): void {
    const call = this.contexts.call(cid);
    if (!call) return;
    call.timer = null;
    this.deliver(call, STATUS.TIMEOUT, [`no answer to '${call.name}' in time`], null);
  }

  /**
   * Ends a call: the answer event goes to the caller (with any contexts `sender` shares in it). Answers are
   * never dropped, even past the event-queue bound (each one answers a call its caller chose to make).
   * Returns false when nobody waits for it any more.
   */
  private deliver(call: Call, status: Status, values: LuaValue[], sender: Process | null): boolean {
    if (!this.contexts.finish(call.cid)) return false;
    if (call.timer !== null) this.kernel.cancelTimer(call.timer);
    const caller = this.kernel.processes.get(call.caller);
    if (!caller || caller.exit) return false;
    caller.usage.bytes -= call.bytes;
    const answer = sender ? this.granting(sender, caller, values) : values;
    this.kernel.queueEvent(caller, answerEvent(call.cid, status, answer), { force: true, bytes: valuesBytes(answer) });
    return true;
  }

  /**
   * Values crossing from `sender` to `receiver`: a shared-context marker, at any depth, grants the receiver
   * the context — only one the sender holds itself (0 is its context 0) — and becomes the context's id.
   * Any other marker becomes nil.
   */
  private granting(sender: Process, receiver: Process, values: LuaValue[]): LuaValue[] {
    const done = new Map<LuaTable, LuaValue>();
    const visit = (v: LuaValue): LuaValue => {
      if (!(v instanceof LuaTable)) return v;
      const known = done.get(v);
      if (known !== undefined) return known;
      const shared = v.get(SHARE_KEY);
      if (shared !== undefined) {
        const ctx = typeof shared === 'number' ? this.held(sender, shared) : undefined;
        if (ctx) this.grant(receiver, ctx);
        done.set(v, ctx ? ctx.id : null);
        return ctx ? ctx.id : null;
      }
      // the value may go to several receivers: a table with a marker inside is copied, never changed
      let out = v;
      done.set(v, v);
      for (const [k, value] of v.entries) {
        const seen = value instanceof LuaTable ? visit(value) : value;
        if (seen === value) continue;
        if (out === v) {
          out = new LuaTable();
          for (const [k2, v2] of v.entries) out.set(k2, v2);
          done.set(v, out);
        }
        out.set(k, seen);
      }
      return out;
    };
    return values.map(visit);
  }

  private held(p: Process, handle: number): Context | undefined {
    try {
      return this.resolve(p, handle);
    } catch (e) {
      if (e instanceof InteractionError) return undefined;
      throw e;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Queues
  // ---------------------------------------------------------------------------------------------

  /** Subscribes (or unsubscribes) a process to a queue, through the handle it names the context by. */
  listen(p: Process, handle: number, name: string, on: boolean): void {
    const ctx = this.resolve(p, handle);
    this.checkFilter(ctx, name);
    this.contexts.listen(this.contexts.base(ctx), name, p.pid, on ? handle : null);
  }

  /** Publishes a message to every listener of `name` on the context; returns how many it reached. */
  push(p: Process, ctx: Context, name: string, value: LuaValue): number {
    this.checkFilter(ctx, name);
    const base = this.contexts.base(ctx);
    const bytes = valuesBytes([value]);
    let reached = 0;
    for (const [pid, handle] of base.listeners.get(name) ?? []) {
      const listener = this.kernel.processes.get(pid);
      if (!listener || listener.exit) continue;
      const [copy] = this.granting(p, listener, [value]);
      const dropped = this.makeRoom(listener, handle, name, bytes);
      const event = LuaTable.from({ type: 'message', ctx: handle, name, value: copy, from: p.pid });
      if (dropped > 0) event.set('dropped', dropped);
      if (this.kernel.queueEvent(listener, event, { bytes }) === null) reached++;
    }
    return reached;
  }

  /**
   * Keeps at most QUEUE_BOUND waiting messages of one queue for a listener that falls behind, and no more
   * than its 'bytes' limit with the new message (of `bytes`): the oldest go, and the oldest one left says how
   * many were dropped before it (`dropped`). Returns that count when none is left (the new message carries it).
   */
  private makeRoom(listener: Process, ctx: number, name: string, bytes: number): number {
    if (bytes > this.kernel.limits.bytes) return 0; // it can never fit: the waiting ones stay, it is refused
    const waiting = listener.events.filter(
      (e): e is LuaTable => e instanceof LuaTable && e.get('type') === 'message' && e.get('ctx') === ctx && e.get('name') === name,
    );
    let dropped = 0;
    const full = (): boolean => waiting.length >= QUEUE_BOUND || listener.usage.bytes + bytes > this.kernel.limits.bytes;
    while (waiting.length > 0 && full()) {
      const oldest = waiting.shift()!;
      dropped += Number(oldest.get('dropped') ?? 0) + 1;
      this.kernel.takeEvent(listener, listener.events.indexOf(oldest));
    }
    if (dropped === 0 || waiting.length === 0) return dropped;
    waiting[0].set('dropped', Number(waiting[0].get('dropped') ?? 0) + dropped);
    return 0;
  }

  // ---------------------------------------------------------------------------------------------
  // A process ends
  // ---------------------------------------------------------------------------------------------

  /** Answers the calls it was serving (CALLEE_DIED), drops its own, closes its references. */
  processEnded(p: Process): void {
    for (const call of this.contexts.pendingOf(p.pid)) {
      if (call.callee === p.pid) this.deliver(call, STATUS.CALLEE_DIED, [`process ${p.pid} (${p.name}) ended before answering`], null);
      else if (call.caller === p.pid) {
        this.contexts.finish(call.cid);
        if (call.timer !== null) this.kernel.cancelTimer(call.timer);
      }
    }
    const alive = (pid: number): boolean => {
      const q = this.kernel.processes.get(pid);
      return !!q && !q.exit && pid !== p.pid;
    };
    for (const ctx of this.contexts.release(p.pid, alive).closed) this.notifyOwner(ctx, 'close', p.pid);
  }

  private notifyOwner(ctx: Context, type: 'open' | 'close', pid: number): void {
    if (ctx.owner === KERNEL || ctx.owner === pid) return;
    const owner = this.kernel.processes.get(ctx.owner);
    if (owner && !owner.exit) this.kernel.queueEvent(owner, LuaTable.from({ type, ctx: ctx.id, pid }));
  }
}
