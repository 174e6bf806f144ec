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
