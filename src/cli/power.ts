// A computer's power in `thox run`: its program asks for a reboot (the `computer` context's `reboot`, CraftOS's os.reboot)
// and ends its process, then the run starts the same program afresh, files and label kept; or for a shutdown, which ends it.
import type { DriveResult } from '../host/driver.js';
import type { Kernel } from '../kernel/kernel.js';
import type { Process } from '../kernel/process.js';
import type { SpawnRequest } from '../kernel/services.js';

/** Remembers that the program asked for a reboot, until the run takes the request; says what a shutdown's code means. */
export class PowerSwitch {
  private asked = false;

  /** `exitOnShutdown` (--exit-on-shutdown): a shutdown's code is the exit status of the program's process, else 0. */
  constructor(private readonly exitOnShutdown = false) {}

  /** The program turns the computer off with `code`: no reboot follows; the status its process ends with. */
  shutdown(code: number): number {
    this.asked = false;
    return this.exitOnShutdown ? code : 0;
  }

  /** The program asks to be started again once its process ends. */
  reboot(): void {
    this.asked = true;
  }

  /** Whether a reboot was asked since the last time; the request is taken. */
  take(): boolean {
    const asked = this.asked;
    this.asked = false;
    return asked;
  }
}

/**
 * The virtual time a reboot costs (a CC tick), so that under --deterministic a program that reboots at once in a
 * loop spends the run's --timeout in a bounded number of boots; on the real clock the host's own work counts instead.
 */
export const REBOOT_MS = 50;

/** Called once the computer's program has ended: a fresh process of it if it asked for a reboot, else null. */
export type Restart = () => Process | null;

/**
 * The restart of a computer's program: the kernel's other processes are ended, the records of the ended ones
 * removed (nobody waits for them: a reboot loop must not pile them up), virtual time moves on by REBOOT_MS (a real
 * clock ignores it), and `request` is spawned again.
 */
export function restarter(kernel: Kernel, request: SpawnRequest, power: PowerSwitch): Restart {
  return () => {
    if (!power.take()) return null;
    kernel.killAll('the computer rebooted');
    for (const p of [...kernel.processes.values()]) kernel.processes.reap(p.pid);
    kernel.clock.advanceTo(kernel.now() + REBOOT_MS);
    return kernel.spawn(request);
  };
}

/**
 * Drives the program (`first`, then each fresh one) with `once` until its process ends without asking for a reboot,
 * or the run is stopped (`stop`: a signal's kill is no reboot). The host's event loop gets a turn between reboots, so
 * that a program rebooting at once in a loop still lets signals, output and the run's --timeout (in `once`) act.
 */
export async function driveWithReboots(
  restart: Restart,
  first: Process,
  once: (proc: Process) => Promise<DriveResult>,
  stop?: AbortSignal,
): Promise<DriveResult> {
  let proc = first;
  for (;;) {
    const result = await once(proc);
    const fresh = result.kind === 'exited' && !stop?.aborted ? restart() : null;
    if (!fresh) return result;
    proc = fresh;
    await new Promise((resolve) => setImmediate(resolve));
  }
}
