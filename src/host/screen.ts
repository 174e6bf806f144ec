// The session terminal on the host: which renderer shows it (ANSI on a terminal, headless otherwise)
// and how the processes' printed output and the drawn screen share the host's stdout.
import type { Writable } from 'node:stream';
import type { Terminal } from '../devices/terminal.js';
import type { OutputStream } from '../kernel/services.js';
import type { ByteString } from '../vm/vm.js';
import type { ColourDepth } from './ansi-colour.js';
import { AnsiRenderer, type HostSize } from './ansi-renderer.js';
import { HeadlessRenderer } from './headless-renderer.js';

export type ScreenMode = 'ansi' | 'headless';

/** How often the ANSI renderer looks for changes, in host milliseconds (about 60 frames a second). */
const FRAME_MS = 16;
/** Printed bytes kept while the terminal is on screen; past it they are counted, not kept. */
const MAX_HELD = 1024 * 1024;

const ALTERNATE_SCREEN = '\x1b[?1049h';
const MAIN_SCREEN = '\x1b[0m\x1b[?25h\x1b[?1049l';

export interface ScreenOptions {
  mode: ScreenMode;
  depth: ColourDepth;
  host?: HostSize;
  stdout: Writable;
  stderr: Writable;
}

/**
 * Printed output goes to stdout and stderr as it comes, unchanged. In ANSI mode the terminal takes the host's
 * screen (its alternate screen) at the first change a process makes to it; from that change on printed output is held,
 * and at the end the host's screen comes back, with the terminal's last frame as text lines and then the held
 * output. In headless mode the terminal's lines are printed on stdout among the printed output, in order.
 */
export class Screen {
  private readonly ansi: AnsiRenderer | null;
  private readonly headless: HeadlessRenderer | null;
  private taken = false;
  private held: Array<{ stream: OutputStream; bytes: Buffer }> = [];
  private heldBytes = 0;
  private dropped = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    readonly terminal: Terminal,
    private readonly options: ScreenOptions,
  ) {
    const print = (line: string): void => void options.stdout.write(`${line}\n`);
    this.ansi = options.mode === 'ansi' ? new AnsiRenderer(options.depth, options.host) : null;
    this.headless = options.mode === 'headless' ? new HeadlessRenderer(terminal, print) : null;
    if (this.ansi) this.timer = setInterval(() => this.refresh(), FRAME_MS).unref();
  }

  /** What a process printed (the kernel's output). */
  output(stream: OutputStream, text: ByteString): void {
    const bytes = Buffer.from(text, 'latin1');
    if (!this.ansi || this.terminal.version === 0) {
      this.options[stream].write(bytes);
    } else if (this.heldBytes + bytes.length > MAX_HELD) {
      this.dropped += bytes.length;
    } else {
      this.held.push({ stream, bytes });
      this.heldBytes += bytes.length;
    }
  }

  /** ANSI mode: draws what changed; the first change takes the host's screen. */
  refresh(): void {
    if (!this.ansi || this.terminal.version === 0) return;
    if (!this.taken) this.options.stdout.write(ALTERNATE_SCREEN);
    this.taken = true;
    const frame = this.ansi.frame(this.terminal);
    if (frame) this.options.stdout.write(frame);
  }

  /** The host terminal changed size: repaint all of it. */
  resize(host: HostSize): void {
    this.ansi?.resize(host);
    this.refresh();
  }

  /** The run is over: the last lines (headless), or the host's screen back with the last frame and held output. */
  finish(): void {
    clearInterval(this.timer);
    this.headless?.finish();
    if (!this.ansi || this.terminal.version === 0) return;
    this.refresh();
    this.options.stdout.write(MAIN_SCREEN);
    this.taken = false;
    new HeadlessRenderer(this.terminal, (line) => void this.options.stdout.write(`${line}\n`)).finish();
    for (const { stream, bytes } of this.held) this.options[stream].write(bytes);
    this.held = [];
    if (this.dropped > 0) this.options.stderr.write(`thox: ${this.dropped} bytes of output were dropped while the terminal was on screen\n`);
  }
}
