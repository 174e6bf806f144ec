// Runs a booted system on the host until init ends: slices in bursts (the host's event loop gets a turn
// between them), idle time slept until the next timer, or until something from outside wakes it (a control
// command, a signal): a system whose services all wait is idle, not deadlocked.
import type { Kernel } from '../kernel/kernel.js';

/** How long one burst of slices may hold the host's event loop, in milliseconds of host time. */
const BURST_MS = 20;

export class SystemDriver {
  private wakeUp: (() => void) | null = null;

  constructor(
    private readonly kernel: Kernel,
    /** Whether the system has ended (init exited). */
    private readonly ended: () => boolean,
  ) {}

  /** Something changed from outside (a command, a signal): run again now. */
  wake(): void {
    this.wakeUp?.();
  }

  async run(): Promise<void> {
    while (!this.ended()) {
      const burstEnd = performance.now() + BURST_MS;
      let r = this.kernel.step();
      while (r.kind === 'ran' && !this.ended() && performance.now() < burstEnd) r = this.kernel.step();
      if (this.ended()) return;
      if (r.kind === 'ran') await new Promise((resolve) => setImmediate(resolve));
      else if (r.kind === 'idle' && this.kernel.clock.virtual) this.kernel.clock.advanceTo(r.until);
      else await this.sleep(r.kind === 'idle' ? Math.max(0, r.until - this.kernel.now()) : Infinity);
    }
  }

  /** Waits `ms` of host time (forever when Infinity), or until woken. */
  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = Number.isFinite(ms) ? setTimeout(done, ms) : undefined;
      const self = this;
      function done(): void {
        clearTimeout(timer);
        self.wakeUp = null;
        resolve();
      }
      this.wakeUp = done;
    });
  }
}
