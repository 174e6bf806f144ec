// The kernel's sense of time: a Clock it is given (real, from the host, or virtual) in milliseconds.
// The virtual clock moves only when the kernel says so: by instructions executed and by jumps to timers.

export interface Clock {
  /** Milliseconds since the clock's epoch. */
  now(): number;
  /** Whether the kernel may move this clock itself (virtual time). */
  readonly virtual: boolean;
  /** Moves virtual time forward to `ms` (never back). Real clocks ignore it. */
  advanceTo(ms: number): void;
  /** Milliseconds since the Unix epoch at clock time 0, for os.time and os.date. */
  readonly epochMs: number;
}

/** Virtual time for deterministic runs: starts at 0, epoch fixed at 2000-01-01T00:00:00Z. */
export class VirtualClock implements Clock {
  readonly virtual = true;
  readonly epochMs = Date.UTC(2000, 0, 1);
  private ms = 0;
  now(): number {
    return this.ms;
  }
  advanceTo(ms: number): void {
    if (ms > this.ms) this.ms = ms;
  }
}
