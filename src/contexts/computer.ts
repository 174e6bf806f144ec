// The `computer` native context: which computer the system is — its id (--computer-id, or its place among --computers),
// its label (saved in the store, or --label's for the run; a label a program sets is saved) — and its power: the
// reboot and shutdown a program asks of the host, which decides what they mean.
import { Args } from '../kernel/arguments.js';
import { STATUS } from '../kernel/contexts.js';
import type { NativeCall } from '../kernel/interactions.js';
import { FsError } from '../devices/fs-errors.js';
import { exitedWith } from '../kernel/process.js';

/** The longest label (as CC). */
export const MAX_LABEL = 32;

export interface ComputerInfo {
  readonly id: number;
  label: string | null;
  /** Keeps a label a program sets (or null: none) across runs; an FsError when it cannot. */
  save?(label: string | null): void;
  /** The host starts the program again in a fresh process once the caller's process ends (absent: no host does). */
  reboot?(): void;
  /** The host turns the computer off as asked with `code`: the exit status code of the caller's process (absent: 0). */
  shutdown?(code: number): number;
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
    // the caller's process ends now, with the status the host gives the code (thox run: the code with
    // --exit-on-shutdown, else 0); as the power going, no finalizer runs
    shutdown: (k, caller, args, reply) => {
      const code = new Args('computer.shutdown', args).optionalInteger(1, 0);
      reply(STATUS.OK, []);
      if (!caller.exiting) caller.exitClose = 'skip';
      k.exit(caller, exitedWith(info.shutdown?.(code) ?? 0));
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
