// init's timers: kernel timers owned by the init process ('native' purpose), so backoffs, stop timeouts and
// health periods run on the kernel's clock (instant under virtual time) and appear in the scheduling trace.
import type { Kernel } from '../kernel/kernel.js';
import type { Process } from '../kernel/process.js';

export class InitTimers {
  private readonly pending = new Map<number, () => void>();

  constructor(
    private readonly kernel: Kernel,
    private readonly owner: Process,
  ) {
    kernel.onTimer((id) => {
      const fire = this.pending.get(id);
      if (!fire) return;
      this.pending.delete(id);
      fire();
    });
  }

  /** Calls `fire` after `seconds` of kernel time; returns the timer's id. */
  after(seconds: number, fire: () => void): number {
    const id = this.kernel.addTimer(this.owner, 0, seconds, 'native');
    this.pending.set(id, fire);
    return id;
  }

  /** Cancels a pending timer (nothing when it has fired or is null). */
  cancel(id: number | null): void {
    if (id !== null && this.pending.delete(id)) this.kernel.cancelTimer(id);
  }
}
