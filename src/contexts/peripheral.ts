// The `peripheral` native context: one computer's peripherals by side or network name — getNames, isPresent,
// getType, getMethods, call — and their events (peripheral, peripheral_detach, modem_message...) to their users.
import { Args } from '../kernel/arguments.js';
import { STATUS } from '../kernel/contexts.js';
import type { NativeCall } from '../kernel/interactions.js';
import { valuesBytes } from '../kernel/limits.js';
import type { KernelServices } from '../kernel/services.js';
import { type DiskSlots, type Peripheral, PeripheralError, type PeripheralType } from '../devices/peripherals/types.js';
import type { World } from '../devices/peripherals/world.js';
import type { Terminal } from '../devices/terminal.js';
import { LuaTable, type LuaValue } from '../vm/vm.js';

/** An event table: its type, its named fields (nil ones left out) and its values at [1], [2], .... */
function eventTable(type: string, named: Record<string, LuaValue>, values: LuaValue[]): LuaTable {
  const t = LuaTable.from({ type });
  for (const [k, v] of Object.entries(named)) if (v !== null) t.set(k, v);
  for (const [i, v] of values.entries()) if (v !== null) t.set(i + 1, v);
  return t;
}

/**
 * One computer's peripherals. Events of a peripheral go to its users (the living processes that called one of
 * its methods); attach and detach events go to every process that has made a peripheral call.
 */
export class Peripherals {
  private readonly attached = new Map<string, Peripheral>();
  /** Peripheral name → pids that called its methods. */
  private readonly users = new Map<string, Set<number>>();
  /** Pids that made any peripheral call. */
  private readonly watchers = new Set<number>();

  constructor(
    private readonly kernel: KernelServices,
    private readonly world: World,
    /** The computer's id. */
    readonly computer: number,
    /** The disks its drives take, when it has a file system. */
    private readonly disks?: DiskSlots,
  ) {
    kernel.onExit((p) => {
      this.watchers.delete(p.pid);
      for (const set of this.users.values()) set.delete(p.pid);
    });
  }

  /** Attaches a peripheral of `type` as `name` (replacing one there): a `peripheral` event. */
  attach(name: string, type: PeripheralType): void {
    if (this.attached.has(name)) this.detach(name);
    const emit = (event: string, named: Record<string, LuaValue>, values: LuaValue[]): void =>
      this.send(this.users.get(name) ?? new Set(), eventTable(event, named, values));
    this.attached.set(name, type.create({ name, computer: this.computer, world: this.world, emit, disks: this.disks }));
    this.send(this.watchers, eventTable('peripheral', { side: name }, [name]));
  }

  /** Detaches `name`: a `peripheral_detach` event. Whether one was there. */
  detach(name: string): boolean {
    const p = this.attached.get(name);
    if (!p) return false;
    p.detach?.();
    this.attached.delete(name);
    this.users.delete(name);
    this.send(this.watchers, eventTable('peripheral_detach', { side: name }, [name]));
    return true;
  }

  /** The attached peripherals that have a screen (monitors), by name, in the order attached. */
  screens(): Array<{ name: string; terminal: Terminal }> {
    const out: Array<{ name: string; terminal: Terminal }> = [];
    for (const [name, p] of this.attached) if (p.screen) out.push({ name, terminal: p.screen });
    return out;
  }

  private send(pids: ReadonlySet<number>, event: LuaTable): void {
    for (const pid of pids) {
      const p = this.kernel.processes.get(pid);
      if (p && !p.exit) this.kernel.queueEvent(p, event, { bytes: valuesBytes([event]) });
    }
  }

  calls(): Record<string, NativeCall> {
    const named = (a: Args): Peripheral | undefined => this.attached.get(a.string(1));
    const watched = (pid: number): void => void this.watchers.add(pid);
    return {
      getNames: (_k, caller, _args, reply) => {
        watched(caller.pid);
        reply(STATUS.OK, [LuaTable.list([...this.attached.keys()].sort())]);
      },
      isPresent: (_k, caller, args, reply) => {
        watched(caller.pid);
        reply(STATUS.OK, [named(new Args('peripheral.isPresent', args)) !== undefined]);
      },
      getType: (_k, caller, args, reply) => {
        watched(caller.pid);
        reply(STATUS.OK, [named(new Args('peripheral.getType', args))?.type ?? null]);
      },
      getMethods: (_k, caller, args, reply) => {
        watched(caller.pid);
        const p = named(new Args('peripheral.getMethods', args));
        reply(STATUS.OK, [p ? LuaTable.list(Object.keys(p.methods).sort()) : null]);
      },
      call: (_k, caller, args, reply) => {
        watched(caller.pid);
        const a = new Args('peripheral.call', args);
        const [name, method] = [a.string(1), a.string(2)];
        const p = this.attached.get(name);
        if (!p) return void reply(STATUS.ERROR, [`No peripheral attached on '${name}'`]);
        const run = Object.hasOwn(p.methods, method) ? p.methods[method] : undefined;
        if (!run) return void reply(STATUS.ERROR, [`No such method ${method} on ${p.type} '${name}'`]);
        const users = this.users.get(name) ?? new Set<number>();
        this.users.set(name, users.add(caller.pid));
        try {
          reply(STATUS.OK, run(new Args(`${p.type}.${method}`, args.slice(2))));
        } catch (e) {
          if (!(e instanceof PeripheralError)) throw e;
          reply(STATUS.ERROR, [e.message]);
        }
      },
    };
  }
}
