// The session terminal following the host terminal's size (when --term-size is not given, in ANSI mode): it starts
// at the host's size, and a host resize resizes it and sends the focused process `term_resize`.
import type { InputDelivery } from '../contexts/input.js';
import { MAX_CELLS, MAX_SIDE, type Terminal } from '../devices/terminal.js';
import type { HostSize } from './ansi-renderer.js';
import type { InputSource } from './input-feed.js';

/** The host's size as a terminal may have it (within a terminal's limits); undefined when it is not known. */
export function fittedSize(host: HostSize): [number, number] | undefined {
  if (!host.columns || !host.rows) return undefined;
  const width = Math.min(host.columns, MAX_SIDE);
  return [width, Math.min(host.rows, MAX_SIDE, Math.floor(MAX_CELLS / width))];
}

/**
 * Host resizes as input: each one resizes the terminal and delivers `term_resize` at once (as typed keys are), and
 * wakes the driver. It never holds off a deadlock: a program waiting only for a resize waits for nothing certain.
 */
export class HostResizeFeed implements InputSource {
  private wakeUp: (() => void) | null = null;

  constructor(
    private readonly terminal: Terminal,
    private readonly delivery: InputDelivery,
  ) {}

  /** The host terminal is now `host`: the terminal takes its size (when it changed), then `term_resize`. */
  resized(host: HostSize): void {
    const size = fittedSize(host);
    if (!size || (size[0] === this.terminal.width && size[1] === this.terminal.height)) return;
    this.terminal.resize(...size);
    this.delivery.deliver({ type: 'term_resize' });
    this.wakeUp?.();
  }

  nextAt(): number | undefined {
    return undefined;
  }

  step(): void {}

  arrival(): Promise<void> {
    return new Promise((resolve) => {
      this.wakeUp = () => {
        this.wakeUp = null;
        resolve();
      };
    });
  }
}
