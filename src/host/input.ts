// The host's input (the CLI's stdin) fed to the kernel's host input stream: read only once a process waits for it,
// paused while the kernel holds more unread input than MAX_UNREAD (back-pressure), ended when the host's ends.
import type { Readable } from 'node:stream';
import type { Kernel } from '../kernel/kernel.js';

/** Bytes of host input the kernel may hold unread before the host stops reading. */
export const MAX_UNREAD = 1024 * 1024;

export class HostInput {
  private started = false;
  private ended = false;
  private arrived: (() => void) | null = null;

  constructor(
    private readonly kernel: Kernel,
    private readonly stream: Readable,
  ) {}

  /** Waits until more input came, the input ended, `stop`, or `limitMs` passed (starting to read on the first call). */
  more(stop: AbortSignal | undefined, limitMs: number): Promise<void> {
    this.start();
    this.regulate();
    if (this.ended) return Promise.resolve();
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const done = (): void => {
        clearTimeout(timer);
        this.arrived = null;
        stop?.removeEventListener('abort', done);
        resolve();
      };
      if (Number.isFinite(limitMs)) timer = setTimeout(done, Math.max(0, limitMs));
      this.arrived = done;
      stop?.addEventListener('abort', done);
    });
  }

  /** Reads again once the kernel's unread input is back under MAX_UNREAD. */
  regulate(): void {
    if (this.started && !this.ended && this.stream.isPaused() && this.kernel.streams.inputBuffered < MAX_UNREAD) this.stream.resume();
  }

  /** Stops reading (the run is over). */
  close(): void {
    if (!this.started) return;
    this.stream.pause();
    this.stream.removeAllListeners('data');
    this.stream.destroy();
  }

  private start(): void {
    if (this.started) return;
    this.started = true;
    this.stream.on('data', (chunk: Buffer | string) => {
      this.kernel.streams.feed(typeof chunk === 'string' ? Buffer.from(chunk).toString('latin1') : chunk.toString('latin1'));
      if (this.kernel.streams.inputBuffered >= MAX_UNREAD) this.stream.pause();
      this.arrived?.();
    });
    const end = (): void => {
      this.ended = true;
      this.kernel.streams.endInput();
      this.arrived?.();
    };
    this.stream.once('end', end);
    this.stream.once('error', end);
  }
}
