// What a peripheral is to the kernel: a type name and named methods taking arguments and returning values,
// made by its type for one computer's side (or network name), with a way to send events to its users.
import type { Args } from '../../kernel/arguments.js';
import type { LuaValue } from '../../vm/vm.js';
import type { Terminal } from '../terminal.js';
import type { World } from './world.js';

/** One attached peripheral. */
export interface Peripheral {
  readonly type: string;
  /** Its methods: each gets its arguments (errors name `type.method`) and returns its answer's values. */
  readonly methods: Readonly<Record<string, (a: Args) => LuaValue[]>>;
  /** A screen of its own the host may show (a monitor's terminal). */
  readonly screen?: Terminal;
  /** It is being detached: let go of what it holds in the world. */
  detach?(): void;
}

/** What a peripheral is given: where it is and how it tells its users of something. */
export interface PeripheralEnv {
  /** Its side or network name on its computer ("top", "monitor_0", ...). */
  readonly name: string;
  /** Its computer's id. */
  readonly computer: number;
  /** The space the computers share (positions, the modem network). */
  readonly world: World;
  /** Sends an event to the processes using this peripheral: its `type`, named fields and values `[1]...`. */
  emit(type: string, named: Record<string, LuaValue>, values: LuaValue[]): void;
  /** Floppy disks and where they show in the computer's file system (absent when it has none). */
  readonly disks?: DiskSlots;
}

/** Disks a drive takes (src/devices/disks.ts); each call refuses with a PeripheralError. */
export interface DiskSlots {
  /** Mounts disk `id` at the first free of disk, disk2, ...; answers that path. */
  insert(id: number): string;
  /** Unmounts the disk insert mounted at `path`. */
  eject(path: string): void;
  label(id: number): string | null;
  setLabel(id: number, label: string | null): void;
}

/** A method's refusal: the caller's call fails with this message. */
export class PeripheralError extends Error {}

/** A kind of peripheral: its name (as --peripheral SIDE=NAME gives it) and how to make one. */
export interface PeripheralType {
  readonly name: string;
  create(env: PeripheralEnv): Peripheral;
}
