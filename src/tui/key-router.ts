// The keys of the terminal UI: the host terminal's bytes decoded once (devices/input.ts) and routed — to the focused
// program as input events, except Ctrl+R and Ctrl+S (reboot, shut down the session) and the prefix Ctrl+A, after which
// the next key is a command to the UI itself (LETTERS, digits, KEYS); Ctrl+A twice sends the program a Ctrl+A.
import { type InputEvent, KeyDecoder } from '../devices/input.js';
import { keyCode, keyName } from '../devices/keys.js';

/** What the keys do. */
export interface UiActions {
  /** Input for the focused program. */
  type(event: InputEvent): void;
  reboot(): void;
  shutdown(): void;
  togglePanel(): void;
  newSession(): void;
  closeSession(): void;
  killProcess(): void;
  quit(): void;
  /** Brings session `index` (0-based) to the front. */
  focus(index: number): void;
  /** The next (1) or previous (-1) session. */
  step(by: 1 | -1): void;
  /** The prefix was pressed (true) and waits for its command, or is done (false). */
  prefix(waiting: boolean): void;
}

const PREFIX = '\x01';
const REBOOT = '\x12';
const SHUTDOWN = '\x13';
/** The control bytes the UI keeps (unless they come right after the prefix). */
const TAKEN = new Set([PREFIX, REBOOT, SHUTDOWN]);

/** The commands after the prefix, by the character typed. */
const LETTERS: Record<string, (a: UiActions) => void> = {
  p: (a) => a.togglePanel(),
  n: (a) => a.newSession(),
  c: (a) => a.closeSession(),
  k: (a) => a.killProcess(),
  q: (a) => a.quit(),
};
/** ... and by the key pressed, for keys without a character. */
const KEYS: Record<string, (a: UiActions) => void> = {
  right: (a) => a.step(1),
  left: (a) => a.step(-1),
};

export class KeyRouter {
  private readonly decoder = new KeyDecoder({ take: (byte) => this.take(byte) });
  private taken: string | null = null;
  private waiting = false;

  constructor(private readonly actions: UiActions) {}

  /** Bytes from the host terminal (a latin1 string of raw bytes). */
  feed(chunk: string): void {
    for (const piece of pieces(chunk)) {
      this.taken = null;
      const events = this.decoder.feed(piece);
      if (this.taken === PREFIX) this.setWaiting(true);
      else if (this.taken === REBOOT) this.actions.reboot();
      else if (this.taken === SHUTDOWN) this.actions.shutdown();
      this.route(events);
    }
  }

  /** The decoder asks about a control byte: the UI keeps it unless it follows the prefix. */
  private take(byte: string): boolean {
    if (this.waiting || !TAKEN.has(byte)) return false;
    this.taken = byte;
    return true;
  }

  private route(events: InputEvent[]): void {
    let rest = events;
    if (this.waiting && rest.length > 0) {
      const unit = firstUnit(rest);
      rest = rest.slice(unit.length);
      this.setWaiting(false);
      this.command(unit);
    }
    for (const e of rest) this.actions.type(e);
  }

  /** The key after the prefix: a letter, a digit, an arrow, or the prefix again (sent on); anything else does nothing. */
  private command(unit: InputEvent[]): void {
    const ctrl = keyCode('leftCtrl');
    if (unit.some((e) => e.type === 'key' && e.key === ctrl) && unit.some((e) => e.type === 'key' && keyName(e.key) === 'a')) {
      for (const e of unit) this.actions.type(e);
      return;
    }
    const char = unit.find((e) => e.type === 'char');
    if (char) {
      if (char.char >= '1' && char.char <= '9') this.actions.focus(Number(char.char) - 1);
      else LETTERS[char.char]?.(this.actions);
      return;
    }
    const key = unit.find((e) => e.type === 'key');
    if (key) KEYS[keyName(key.key) ?? '']?.(this.actions);
  }

  private setWaiting(on: boolean): void {
    this.waiting = on;
    this.actions.prefix(on);
  }
}

/** The chunk cut before each byte the UI may keep, so that the decoder meets it first in its piece. */
function pieces(chunk: string): string[] {
  const out: string[] = [];
  let start = 0;
  for (let i = 1; i < chunk.length; i++) {
    if (TAKEN.has(chunk[i])) {
      out.push(chunk.slice(start, i));
      start = i;
    }
  }
  out.push(chunk.slice(start));
  return out;
}

/** The events of the first key typed: up to where every key pressed is released again (or one event without keys). */
function firstUnit(events: InputEvent[]): InputEvent[] {
  let down = 0;
  for (let i = 0; i < events.length; i++) {
    const e = events[i];
    if (e.type === 'key') down++;
    else if (e.type === 'key_up') down--;
    if (down <= 0) return events.slice(0, i + 1);
  }
  return events;
}
