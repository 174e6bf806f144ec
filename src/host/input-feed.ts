// Where input events come from on the host: an event script (--input FILE), stepped whenever the system is
// idle, and the host terminal in raw mode (stdin a TTY), decoded as it arrives. The driver asks them both.
import type { InputDelivery } from '../contexts/input.js';
import type { Terminal } from '../devices/terminal.js';
import { KeyDecoder } from '../devices/input.js';
import { KITTY_POP, KITTY_PUSH, KITTY_QUERY } from '../devices/kitty-keys.js';
import type { ScriptStep } from '../devices/input-script.js';

/** What the driver asks of an input source. */
export interface InputSource {
  /** Kernel ms at which the next step is due once the system is idle; undefined when no more will come. */
  nextAt(): number | undefined;
  /** The system is idle at `now` and a step is due: takes it. */
  step(now: number): void;
  /** Resolves when input arrives from outside (live input); never for a script. */
  arrival(): Promise<void>;
}

/** Several sources as one (undefined when none): the due step of the first that has one is taken; any arrival wakes. */
export function combined(sources: ReadonlyArray<InputSource | undefined>): InputSource | undefined {
  const list = sources.filter((s) => s !== undefined);
  if (list.length <= 1) return list[0];
  const due = (s: InputSource): number => s.nextAt() ?? Infinity;
  return {
    nextAt: () => {
      const ats = list.map((s) => s.nextAt()).filter((at) => at !== undefined);
      return ats.length === 0 ? undefined : Math.min(...ats);
    },
    step: (now) => list.find((s) => due(s) <= now)?.step(now),
    arrival: () => Promise.race(list.map((s) => s.arrival())),
  };
}

/**
 * A script: each step is taken when the system is idle (every task waits), one event at a time, so an
 * interactive program has handled one event before the next comes; `sleep` makes the next wait that long.
 */
export class ScriptFeed implements InputSource {
  private next = 0;
  private due = 0;

  constructor(
    private readonly steps: readonly ScriptStep[],
    private readonly delivery: InputDelivery,
    private readonly terminal: Terminal,
  ) {}

  nextAt(): number | undefined {
    return this.next < this.steps.length ? this.due : undefined;
  }

  step(now: number): void {
    const step = this.steps[this.next++];
    if (step.kind === 'sleep') this.due = now + step.seconds * 1000;
    else if (step.kind === 'resize') {
      this.terminal.resize(step.width, step.height);
      this.delivery.deliver({ type: 'term_resize' });
    } else this.delivery.deliver(step.event);
  }

  arrival(): Promise<void> {
    return new Promise(() => {});
  }
}

/** What TtyInput needs of the host terminal's input: process.stdin, or its forwarded bytes in a worker (contained-tty.ts). */
export interface RawTerminal {
  setRawMode(on: boolean): unknown;
  on(event: 'data', listener: (chunk: Buffer) => void): unknown;
  off(event: 'data', listener: (chunk: Buffer) => void): unknown;
  resume(): unknown;
  pause(): unknown;
}

const ENABLE = '\x1b[?2004h\x1b[?1000h\x1b[?1002h\x1b[?1006h';
const DISABLE = '\x1b[?1006l\x1b[?1002l\x1b[?1000l\x1b[?2004l';
/**
 * The host terminal, from the moment a program first draws on the session terminal (before that, stdin is left
 * alone): raw mode, bracketed paste and SGR mouse reports on while it runs; Ctrl+C (in raw mode, the host's
 * interrupt as SIGINT is without it) interrupts the run. A terminal that answers the kitty keyboard query is asked
 * for its key releases (kitty-keys.ts), taken back at the end.
 */
export class TtyInput implements InputSource {
  private readonly decoder = new KeyDecoder({ interrupt: () => this.interrupt() });
  private started = false;
  private kittyPushed = false;
  private wakeUp: (() => void) | null = null;
  private readonly onData = (chunk: Buffer): void => {
    for (const event of this.decoder.feed(chunk.toString('latin1'))) this.delivery.deliver(event);
    if (this.decoder.kitty && !this.kittyPushed) {
      this.kittyPushed = true;
      this.stdout.write(KITTY_PUSH);
    }
    this.wakeUp?.();
  };

  constructor(
    private readonly stdin: RawTerminal,
    private readonly stdout: { write(bytes: string): unknown },
    private readonly terminal: Terminal,
    private readonly delivery: InputDelivery,
    private readonly interrupt: () => void,
    /** Called as reading starts (run.ts: the host screen is taken first, so the kitty flags go to its stack). */
    private readonly starting: () => void = () => {},
  ) {}

  nextAt(): number | undefined {
    if (!this.started && this.terminal.version > 0) this.start();
    return this.started ? Infinity : undefined;
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

  private start(): void {
    this.starting();
    this.started = true;
    this.stdin.setRawMode(true);
    this.stdin.on('data', this.onData);
    this.stdin.resume();
    this.stdout.write(ENABLE + KITTY_QUERY);
  }

  /** The host terminal as it was. */
  close(): void {
    if (!this.started) return;
    this.stdout.write(this.kittyPushed ? KITTY_POP + DISABLE : DISABLE);
    this.stdin.off('data', this.onData);
    this.stdin.setRawMode(false);
    this.stdin.pause();
    this.wakeUp?.();
  }
}
