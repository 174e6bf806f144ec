// The frame publisher: changes (terminal writes, the UI's own state) are coalesced into frames, at most MAX_FPS a
// second; each frame is built once and the UI subscribes to it. Nothing runs while nothing changes.
import type { FrameTimer } from './frame-timer.js';

const MAX_FPS = 30;
/** The shortest time between two frames, in milliseconds. */
export const FRAME_MS = 1000 / MAX_FPS;

export class FramePublisher<F> {
  /** The latest frame; the first is built when first asked for (once the model is set up). */
  private frame: { value: F } | null = null;
  private cancel: (() => void) | null = null;
  private lastAt = Number.NEGATIVE_INFINITY;
  private readonly listeners = new Set<() => void>();
  /** Frames published since the first (built at once). */
  published = 0;

  constructor(
    private readonly timer: FrameTimer,
    private readonly build: () => F,
  ) {}

  /** The latest frame (React's useSyncExternalStore snapshot). */
  readonly current = (): F => {
    this.frame ??= { value: this.build() };
    return this.frame.value;
  };

  /** Calls `listener` after each frame; returns the function that stops it. */
  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Something shown changed: one frame follows, no sooner than FRAME_MS after the last one (however many changes come). */
  readonly changed = (): void => {
    if (this.cancel) return;
    const wait = Math.max(0, this.lastAt + FRAME_MS - this.timer.now());
    this.cancel = this.timer.after(wait, () => this.publish());
  };

  /** The pending frame dropped (the UI is going away). */
  close(): void {
    this.cancel?.();
    this.cancel = null;
  }

  private publish(): void {
    this.cancel = null;
    this.lastAt = this.timer.now();
    this.frame = { value: this.build() };
    this.published++;
    for (const listener of this.listeners) listener();
  }
}
