// The clock the terminal UI's frames are timed by: what time it is and a callback after a delay. The host's is the
// wall clock; tests give a fake one. (The kernel never reads the wall clock: frame timing lives here, in the UI layer.)

export interface FrameTimer {
  /** Milliseconds, from any origin. */
  now(): number;
  /** Calls `fn` once after `ms`; returns the function that cancels it. */
  after(ms: number, fn: () => void): () => void;
}

export const hostTimer: FrameTimer = {
  now: () => performance.now(),
  after: (ms, fn) => {
    const timer = setTimeout(fn, ms);
    return () => clearTimeout(timer);
  },
};

/** A timer whose callbacks run when its owner says (`fire`), at time 0: for the bench and the tests. */
export class ManualTimer implements FrameTimer {
  private pending: Array<() => void> = [];
  now(): number {
    return 0;
  }
  after(_ms: number, fn: () => void): () => void {
    this.pending.push(fn);
    return () => {};
  }
  /** Runs the callbacks waiting now. */
  fire(): void {
    for (const fn of this.pending.splice(0)) fn();
  }
}
