// The `computer` native context: which computer the system is — its id (--computer-id, or its place among --computers),
// its label (saved in the store, or --label's for the run; a label a program sets is saved) — and its reboot by the host.
import { Args } from '../kernel/arguments.js';
import { STATUS } from '../kernel/contexts.js';
import type { NativeCall } from '../kernel/interactions.js';
import { FsError } from '../devices/fs-errors.js';

/** The longest label (as CC). */
export const MAX_LABEL = 32;

export interface ComputerInfo {
  readonly id: number;
  label: string | null;
  /** Keeps a label a program sets (or null: none) across runs; an FsError when it cannot. */
  save?(label: string | null): void;
  /** The host starts the program again in a fresh process once the caller's process ends (absent: no host does). */
  reboot?(): void;
}

export function computerCalls(info: ComputerInfo): Record<string, NativeCall> {
  return {
    getID: (_k, _caller, _args, reply) => reply(STATUS.OK, [info.id]),
    getLabel: (_k, _caller, _args, reply) => reply(STATUS.OK, [info.label]),
    // true: the host will start the program afresh once the caller ends its process; false: no host restarts it
    reboot: (_k, _caller, _args, reply) => {
      info.reboot?.();
      reply(STATUS.OK, [info.reboot !== undefined]);
    },
    setLabel: (_k, _caller, args, reply) => {
      const a = new Args('computer.setLabel', args);
      const label = a.isNil(1) ? null : a.string(1);
      if (label !== null && label.length > MAX_LABEL) a.fail(1, `label is longer than ${MAX_LABEL} characters`);
      const next = label === '' ? null : label;
      try {
        info.save?.(next);
      } catch (e) {
        if (!(e instanceof FsError)) throw e;
        return reply(STATUS.ERROR, [`cannot save the label: ${e.message}`]);
      }
      info.label = next;
      reply(STATUS.OK, []);
    },
  };
}
