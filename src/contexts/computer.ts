// The `computer` native context: which computer the system is — its id (--computer-id, or its place among
// --computers) and its label (saved in the store, or --label's for the run; a label a program sets is saved).
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
}

export function computerCalls(info: ComputerInfo): Record<string, NativeCall> {
  return {
    getID: (_k, _caller, _args, reply) => reply(STATUS.OK, [info.id]),
    getLabel: (_k, _caller, _args, reply) => reply(STATUS.OK, [info.label]),
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
