// The host terminal for a contained run (--vm fengari runs in a worker, whose stdin is no terminal): the main
// thread sets raw mode and forwards the bytes it reads; the worker's TtyInput decodes them as an uncontained run does.
import { EventEmitter } from 'node:events';
import type { RawTerminal } from '../host/input-feed.js';

/** The two ends' messages: raw mode asked by the worker, and the bytes read by the main thread. */
type TtyMessage = { tty: 'raw' | 'cooked' } | { ttyData: Uint8Array };

/** The side of a message channel each end uses (a Worker, or the worker's parentPort). */
export interface Port {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  off(event: 'message', listener: (message: unknown) => void): unknown;
}

function isTtyMessage(m: unknown): m is TtyMessage {
  return typeof m === 'object' && m !== null && ('tty' in m || 'ttyData' in m);
}

/**
 * The main thread's end: puts `stdin` in raw mode when the worker asks and forwards what it reads. Returns the
 * function that ends it (raw mode off, even when the worker ended without asking).
 */
export function serveTty(port: Port, stdin: RawTerminal): () => void {
  let raw = false;
  const forward = (chunk: Buffer): void => port.postMessage({ ttyData: chunk });
  const setRaw = (on: boolean): void => {
    if (on === raw) return;
    raw = on;
    stdin.setRawMode(on);
    if (on) {
      stdin.on('data', forward);
      stdin.resume();
    } else {
      stdin.off('data', forward);
      stdin.pause();
    }
  };
  const onMessage = (m: unknown): void => {
    if (isTtyMessage(m) && 'tty' in m) setRaw(m.tty === 'raw');
  };
  port.on('message', onMessage);
  return () => {
    port.off('message', onMessage);
    setRaw(false);
  };
}

/** The worker's end: a raw terminal whose mode is set, and whose bytes are read, by the main thread. */
export class ForwardedTty extends EventEmitter implements RawTerminal {
  constructor(private readonly port: Port) {
    super();
    port.on('message', (m: unknown) => {
      if (isTtyMessage(m) && 'ttyData' in m) this.emit('data', Buffer.from(m.ttyData));
    });
  }

  setRawMode(on: boolean): void {
    this.port.postMessage({ tty: on ? 'raw' : 'cooked' });
  }

  /** Reading is the main thread's: it reads while raw mode is on. */
  resume(): void {}

  pause(): void {}
}
