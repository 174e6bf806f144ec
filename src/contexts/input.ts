// Input events delivered to the focused process (the newest living process drawing on the session terminal, or on a seat)
// as events it pulls, at most INPUT_BOUND waiting; past it new ones are dropped and counted. The `input` native
// context tells a program its count, and the key table.
import { STATUS } from '../kernel/contexts.js';
import { Args, luaType } from '../kernel/arguments.js';
import type { NativeCall } from '../kernel/interactions.js';
import type { Process } from '../kernel/process.js';
import type { KernelServices } from '../kernel/services.js';
import type { InputEvent } from '../devices/input.js';
import type { Terminal } from '../devices/terminal.js';
import { KEYS, keyName } from '../devices/keys.js';
import { LuaTable, type LuaValue } from '../vm/vm.js';

/** Input events one process may have waiting (CraftOS's event queue holds 256). */
export const INPUT_BOUND = 256;

const INPUT_TYPES: ReadonlySet<string> = new Set([
  'char',
  'key',
  'key_up',
  'paste',
  'mouse_click',
  'mouse_up',
  'mouse_drag',
  'mouse_scroll',
  'term_resize',
  'terminate',
]);

/** The values after the type, in CraftOS's order (os.pullEvent returns them), and the named fields. */
function fields(e: InputEvent): [LuaValue[], Record<string, LuaValue>] {
  switch (e.type) {
    case 'char':
      return [[e.char], { char: e.char }];
    case 'key':
      return [[e.key, e.held], { key: e.key, name: keyName(e.key) ?? null, held: e.held }];
    case 'key_up':
      return [[e.key], { key: e.key, name: keyName(e.key) ?? null }];
    case 'paste':
      return [[e.text], { text: e.text }];
    case 'mouse_scroll':
      return [[e.direction, e.x, e.y], { direction: e.direction, x: e.x, y: e.y }];
    case 'term_resize':
    case 'terminate':
      return [[], {}];
    default:
      return [[e.button, e.x, e.y], { button: e.button, x: e.x, y: e.y }];
  }
}

/** An input event as a program pulls it: `{type=..., <named fields>, [1]=<first value>, ...}`. */
export function inputTable(e: InputEvent): LuaTable {
  const [values, named] = fields(e);
  const t = LuaTable.from({ type: e.type, ...named });
  for (const [i, v] of values.entries()) t.set(i + 1, v);
  return t;
}

/** A terminal the host shows: a terminal of the host's own (`Focus.place`), or null for the session terminal. */
export type Seat = Terminal | null;

/**
 * Who receives input on each seat: the newest living process drawing on it (term.ts keeps it up to date). The host
 * may put a process it starts on a terminal of its own (the terminal UI does, one per session).
 */
export class Focus {
  /** pid → the seat it draws on. */
  private readonly seated = new Map<number, Seat>();
  /** pid → the terminal the host put it on (it and the children it starts draw there: term.ts reads it). */
  private readonly placed = new Map<number, Terminal>();

  /** `pid` now draws on a seat, or (undefined) on a terminal the host does not show. */
  note(pid: number, seat: Seat | undefined): void {
    if (seat === undefined) this.seated.delete(pid);
    else this.seated.set(pid, seat);
  }

  /** The host puts a process it just started (not yet run) on `terminal` instead of the session terminal. */
  place(pid: number, terminal: Terminal): void {
    this.placed.set(pid, terminal);
    this.note(pid, terminal);
  }

  /** The terminal the host put `pid` on, if it did. */
  placement(pid: number): Terminal | undefined {
    return this.placed.get(pid);
  }

  /** The process has ended. */
  forget(pid: number): void {
    this.seated.delete(pid);
    this.placed.delete(pid);
  }

  /** The focused process of a seat (the session terminal's by default): the newest one drawing on it. */
  focused(kernel: KernelServices, seat: Seat = null): Process | undefined {
    let newest: Process | undefined;
    for (const [pid, on] of this.seated) {
      if (on !== seat) continue;
      const p = kernel.processes.get(pid);
      if (p && !p.exit && (!newest || p.pid > newest.pid)) newest = p;
    }
    return newest;
  }
}

/** Delivers input events; counts what was dropped, per process and in all. */
export class InputDelivery {
  /** Events dropped for each process since its last delivered one (the next one carries the count). */
  private readonly unsaid = new Map<number, number>();
  /** Events dropped for each process in all. */
  readonly dropped = new Map<number, number>();
  /** Processes that asked for an interrupt (SIGINT, Ctrl+C) as a `terminate` event rather than the run's end. */
  readonly trapping = new Set<number>();
  /** Whether input events come from somewhere (a keyboard, a script): set by the host that feeds them. */
  live = false;

  constructor(
    private readonly kernel: KernelServices,
    readonly focus: Focus,
  ) {
    kernel.onExit((p) => {
      this.unsaid.delete(p.pid);
      this.dropped.delete(p.pid);
      this.trapping.delete(p.pid);
      this.focus.forget(p.pid);
    });
  }

  /**
   * An interrupt of the run (SIGINT, Ctrl+C): a `terminate` event when the focused process traps interrupts and
   * has no terminate waiting already (else it is not answering: the run stops). Returns whether it was delivered.
   */
  interrupt(seat: Seat = null): boolean {
    const p = this.focus.focused(this.kernel, seat);
    if (!p || !this.trapping.has(p.pid)) return false;
    if (p.events.some((e) => e instanceof LuaTable && e.get('type') === 'terminate')) return false;
    return this.deliver({ type: 'terminate' }, seat) !== null;
  }

  /** Gives `event` to the focused process of a seat (the session terminal's by default); returns its pid, or null when nobody has the focus. */
  deliver(event: InputEvent, seat: Seat = null): number | null {
    const p = this.focus.focused(this.kernel, seat);
    if (!p) return null;
    const waiting = p.events.filter((e) => e instanceof LuaTable && INPUT_TYPES.has(String(e.get('type')))).length;
    const table = inputTable(event);
    const unsaid = this.unsaid.get(p.pid) ?? 0;
    if (unsaid > 0) table.set('dropped', unsaid);
    const refusal = waiting >= INPUT_BOUND ? 'full' : this.kernel.queueEvent(p, table);
    if (refusal === null) {
      this.unsaid.delete(p.pid);
      this.kernel.record('input', null, { pid: p.pid, type: event.type });
    } else {
      this.unsaid.set(p.pid, unsaid + 1);
      this.dropped.set(p.pid, (this.dropped.get(p.pid) ?? 0) + 1);
      this.kernel.record('input', null, { pid: p.pid, type: event.type, dropped: this.dropped.get(p.pid) ?? 0 });
    }
    return p.pid;
  }
}

/**
 * The `input` context: `dropped()` (input events dropped for the caller so far), `keys()` (name → code),
 * `trap(on)` (whether an interrupt of the run comes to the caller, when focused, as a `terminate` event), and
 * `live()` (whether input events come at all: a keyboard or a script feeds them).
 */
export function inputCalls(delivery: InputDelivery): Record<string, NativeCall> {
  return {
    dropped: (_k, caller, _args, reply) => reply(STATUS.OK, [delivery.dropped.get(caller.pid) ?? 0]),
    keys: (_k, _caller, _args, reply) => reply(STATUS.OK, [LuaTable.from({ ...KEYS })]),
    live: (_k, _caller, _args, reply) => reply(STATUS.OK, [delivery.live]),
    trap: (_k, caller, args, reply) => {
      const on = new Args('input.trap', args).value(1);
      if (typeof on !== 'boolean') return void reply(STATUS.BAD_ARGUMENT, [`bad argument #1 to 'input.trap' (boolean expected, got ${luaType(on)})`]);
      if (on) delivery.trapping.add(caller.pid);
      else delivery.trapping.delete(caller.pid);
      reply(STATUS.OK, []);
    },
  };
}
