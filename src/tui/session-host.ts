// The sessions' link to a booted system: a session's shell is a process the host starts and puts on the session's
// terminal (its children draw there too); its input goes to the newest process on that terminal; ending a session
// ends its process tree. Every change wakes the system's driver.
import type { InputDelivery } from '../contexts/input.js';
import type { Kernel, SpawnRequest } from '../kernel/kernel.js';
import type { ExitStatus } from '../kernel/process.js';
import type { SessionHost } from './sessions.js';

/** The shells a session may run: the native thox shell (programs/sh.lua) or the CraftOS shell (`thox run cc`). */
export const SHELLS = ['sh', 'craftos'] as const;
export type ShellName = (typeof SHELLS)[number];

/** What each shell's process is: `sh` from the store's programs; CraftOS's as `thox run cc` starts it. */
export const SHELL_REQUESTS: Readonly<Record<ShellName, SpawnRequest>> = {
  sh: { name: 'sh' },
  craftos: { name: '', runtime: 'craftos', runtimeResolves: true },
};

/** Sessions whose shell is the process `shell` asks for, on `kernel` with its input `delivery`; `wake` runs the system again. */
export function kernelSessionHost(kernel: Kernel, delivery: InputDelivery, shell: SpawnRequest, wake: () => void): SessionHost {
  return {
    start: (terminal) => {
      const p = kernel.spawn(shell);
      delivery.focus.place(p.pid, terminal);
      wake();
      return p.pid;
    },
    end: (pid, reason) => {
      // the newest first: children before the shell that started them
      const tree = kernel.processes.live().filter((p) => p.tree === pid);
      for (const p of tree.reverse()) kernel.kill(p.pid, reason);
      wake();
    },
    deliver: (event, terminal) => {
      delivery.deliver(event, terminal);
      wake();
    },
    focused: (terminal) => delivery.focus.focused(kernel, terminal)?.pid,
    kill: (pid, reason) => {
      kernel.kill(pid, reason);
      wake();
    },
  };
}

/** How a session's shell ended, in a few words: `shell exited (0)`, `shell failed: ...`, `shell killed: ...`. */
export function describeEnd(status: ExitStatus): string {
  if (status.kind === 'exited') return `shell exited (${status.code})`;
  return `shell ${status.kind === 'error' ? 'failed' : 'killed'}: ${status.message ?? status.kind}`;
}
