// Drives a kernel on the host in bursts of slices, giving the host's event loop a turn between them
// (output, Ctrl-C). Idle time is slept on the host (real clock) or skipped (virtual clock).
import type { Kernel } from '../kernel/kernel.js';
import type { Process } from '../kernel/process.js';

export type DriveResult =
  | { kind: 'exited'; process: Process }
  | { kind: 'deadlock'; blocked: string[] }
  | { kind: 'timeout' };

/** How long one burst of slices may hold the host's event loop, in milliseconds of host time. */
const BURST_MS = 20;

/** Runs until `pid` exits, nothing can run (deadlock), or `timeoutMs` of kernel time passes. */
export async function drive(kernel: Kernel, pid: number, timeoutMs?: number): Promise<DriveResult> {
  const proc = kernel.processes.get(pid);
  if (!proc) throw new Error(`no process ${pid}`);
  const deadline = timeoutMs === undefined ? Infinity : kernel.now() + timeoutMs;
  for (;;) {
    const burstEnd = performance.now() + BURST_MS;
    let r = kernel.step();
    while (r.kind === 'ran' && !proc.exit && kernel.now() < deadline && performance.now() < burstEnd) r = kernel.step();
    if (proc.exit || r.kind === 'done') return { kind: 'exited', process: proc };
    if (kernel.now() >= deadline) return { kind: 'timeout' };
    if (r.kind === 'deadlock') return { kind: 'deadlock', blocked: r.blocked };
    if (r.kind === 'idle') {
      const until = Math.min(r.until, deadline);
      if (kernel.clock.virtual) kernel.clock.advanceTo(until);
      else if (until > kernel.now()) {
        await new Promise((resolve) => setTimeout(resolve, until - kernel.now()));
        continue;
      }
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
}
