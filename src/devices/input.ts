// Input events and the decoder of a host terminal's bytes into them: printable characters, keys (with the
// codes of keys.ts), bracketed paste, SGR mouse reports, Ctrl+T as terminate; split sequences wait for the rest.
import { keyCode, keyOfChar } from './keys.js';
import { actionOf, keyEvents, kittyReport } from './kitty-keys.js';

/** Mouse buttons as CraftOS numbers them. */
export type MouseButton = 1 | 2 | 3;

/** One input event, as a program will pull it (see contexts/input.ts for its Lua shape). */
export type InputEvent =
  | { type: 'char'; char: string }
  | { type: 'key'; key: number; held: boolean }
  | { type: 'key_up'; key: number }
  | { type: 'paste'; text: string }
  | { type: 'mouse_click' | 'mouse_up' | 'mouse_drag'; button: MouseButton; x: number; y: number }
  | { type: 'mouse_scroll'; direction: -1 | 1; x: number; y: number }
  | { type: 'term_resize' }
  | { type: 'terminate' };

/** Bytes a paste may hold; past it the rest of the paste is dropped (CraftOS itself keeps 512 characters). */
export const MAX_PASTE = 65536;

const ESC = '\x1b';
const PASTE_START = '\x1b[200~';
const PASTE_END = '\x1b[201~';
/** Ctrl+T: terminate, as in CraftOS (a terminal cannot tell how long it is held). */
const CTRL_T = '\x14';
/** Ctrl+C: the host's interrupt, when the decoder is given one. */
const CTRL_C = '\x03';

/** A key pressed and released (a terminal reports no releases, so key_up follows at once). */
function press(name: string): InputEvent[] {
  const key = keyCode(name);
  return key === undefined
    ? []
    : [
        { type: 'key', key, held: false },
        { type: 'key_up', key },
      ];
}

/** A typed character: its key (when it has one) and the character, in CraftOS order (key, char, key_up). */
function typed(ch: string): InputEvent[] {
  const key = keyOfChar(ch);
  if (key === undefined) return [{ type: 'char', char: ch }];
  return [
    { type: 'key', key, held: false },
    { type: 'char', char: ch },
    { type: 'key_up', key },
  ];
}

/** Ctrl held while a letter's key is pressed (a control byte): leftCtrl down, the letter pressed, leftCtrl up. */
function withCtrl(letter: string): InputEvent[] {
  const ctrl = keyCode('leftCtrl') ?? 0;
  return [{ type: 'key', key: ctrl, held: false }, ...press(letter), { type: 'key_up', key: ctrl }];
}

/** Control bytes with a key of their own; other control bytes are Ctrl with a letter. */
const CONTROL_KEYS: Record<string, string> = { '\r': 'enter', '\n': 'enter', '\t': 'tab', '\x7f': 'backspace', '\b': 'backspace' };

/** Final bytes of CSI and SS3 sequences without parameters. */
const FINAL_KEYS: Record<string, string> = { A: 'up', B: 'down', C: 'right', D: 'left', H: 'home', F: 'end', P: 'f1', Q: 'f2', R: 'f3', S: 'f4', Z: 'tab' };
/** The numbers of `ESC [ n ~` sequences. */
const TILDE_KEYS: Record<number, string> = {
  1: 'home',
  2: 'insert',
  3: 'delete',
  4: 'end',
  5: 'pageUp',
  6: 'pageDown',
  7: 'home',
  8: 'end',
  11: 'f1',
  12: 'f2',
  13: 'f3',
  14: 'f4',
  15: 'f5',
  17: 'f6',
  18: 'f7',
  19: 'f8',
  20: 'f9',
  21: 'f10',
  23: 'f11',
  24: 'f12',
};

/** Adds `events` to `out`; returns `used` (the bytes they came from). */
function emit(out: InputEvent[], used: number, ...events: InputEvent[]): number {
  out.push(...events);
  return used;
}

/** An SGR mouse report `ESC [ < b ; x ; y M|m` as an event (undefined for ones CraftOS has no event for). */
function mouse(b: number, x: number, y: number, released: boolean): InputEvent | undefined {
  if (b & 64) return (b & 3) < 2 ? { type: 'mouse_scroll', direction: (b & 1) === 0 ? -1 : 1, x, y } : undefined;
  const button = ([1, 3, 2] as const)[b & 3];
  if (button === undefined) return undefined;
  if (released) return { type: 'mouse_up', button, x, y };
  return { type: b & 32 ? 'mouse_drag' : 'mouse_click', button, x, y };
}

/**
 * Turns the bytes a host terminal sends (as a latin1 string of raw bytes, UTF-8 inside) into events. A sequence
 * cut at the end of one chunk waits for the next; a lone ESC at the end of a chunk is the Escape key.
 */
export class KeyDecoder {
  private pending = '';
  /**
   * The terminal answered the kitty keyboard query (kitty-keys.ts): it reports releases once its flags are pushed,
   * so a key's press is no longer followed at once by its release.
   */
  kitty = false;

  /**
   * `interrupt`: Ctrl+C pressed (else Ctrl+C is a key like Ctrl with any letter). `take`: asked about each control
   * byte typed (never one inside a paste or a sequence); true when the host keeps it for itself (the terminal UI's keys).
   */
  constructor(private readonly options: { interrupt?: () => void; take?: (byte: string) => boolean } = {}) {}

  feed(chunk: string): InputEvent[] {
    const text = this.pending + chunk;
    this.pending = '';
    const out: InputEvent[] = [];
    let i = 0;
    while (i < text.length) {
      const used = this.one(text, i, out);
      if (used === 0) {
        this.pending = text.slice(i);
        break;
      }
      i += used;
    }
    return out;
  }

  /** Decodes one unit at `i` into `out`; returns the bytes used, 0 when it is cut off. */
  private one(text: string, i: number, out: InputEvent[]): number {
    const c = text[i];
    if (c === ESC) return this.escape(text, i, out);
    if (c < ' ' && this.options.take?.(c)) return 1;
    if (c === CTRL_T) return emit(out, 1, { type: 'terminate' });
    if (c === CTRL_C && this.options.interrupt) {
      this.options.interrupt();
      return 1;
    }
    if (CONTROL_KEYS[c]) return emit(out, 1, ...press(CONTROL_KEYS[c]));
    const b = c.charCodeAt(0);
    if (b < 0x20) return emit(out, 1, ...withCtrl(String.fromCharCode(b + 96)));
    if (b < 0x80) return emit(out, 1, ...typed(c));
    return this.utf8(text, i, out);
  }

  /** A UTF-8 character: as its ISO-8859-1 byte when it has one, else '?'; a stray byte is taken as it is. */
  private utf8(text: string, i: number, out: InputEvent[]): number {
    const b = text.charCodeAt(i);
    const length = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    if (i + length > text.length) return text.length - i >= 4 ? 1 : 0;
    const bytes = Buffer.from(text.slice(i, i + length), 'latin1').toString('utf8');
    const cp = bytes.codePointAt(0) ?? 0x3f;
    if (length === 1 || bytes.includes('\ufffd')) {
      out.push({ type: 'char', char: text[i] });
      return 1;
    }
    out.push({ type: 'char', char: cp <= 0xff ? String.fromCharCode(cp) : '?' });
    return length;
  }

  private escape(text: string, i: number, out: InputEvent[]): number {
    if (i + 1 >= text.length) return emit(out, 1, ...press('escape'));
    const next = text[i + 1];
    if (next === 'O') {
      if (i + 2 >= text.length) return 0;
      const name = FINAL_KEYS[text[i + 2]];
      if (name) out.push(...press(name));
      return 3;
    }
    if (next !== '[') {
      // Alt with a key: the key alone
      return 1;
    }
    if (text.startsWith(PASTE_START, i)) return this.paste(text, i, out);
    if (PASTE_START.startsWith(text.slice(i)) && text.length - i < PASTE_START.length) return 0;
    let j = i + 2;
    while (j < text.length && text.charCodeAt(j) >= 0x20 && text.charCodeAt(j) <= 0x3f) j++;
    if (j >= text.length) return text.length - i > 32 ? text.length - i : 0;
    const params = text.slice(i + 2, j);
    const final = text[j];
    this.csi(params, final, out);
    return j + 1 - i;
  }

  private csi(params: string, final: string, out: InputEvent[]): void {
    if (params.startsWith('<') && (final === 'M' || final === 'm')) {
      const [b, x, y] = params.slice(1).split(';').map(Number);
      const event = [b, x, y].every(Number.isSafeInteger) ? mouse(b, x, y, final === 'm') : undefined;
      if (event) out.push(event);
      return;
    }
    if (final === 'u') return this.kittyKey(params, out);
    const name = final === '~' ? TILDE_KEYS[Number(params.split(';')[0])] : FINAL_KEYS[final];
    if (name) out.push(...(this.kitty ? keyEvents(keyCode(name), actionOf(params.split(';')[1])) : press(name)));
  }

  /** `CSI ? flags u` answers the kitty query; `CSI ... u` is a key report (a press alone is released at once without kitty). */
  private kittyKey(params: string, out: InputEvent[]): void {
    if (params.startsWith('?')) {
      this.kitty = true;
      return;
    }
    const report = kittyReport(params);
    if (report.kind === 'terminate') out.push({ type: 'terminate' });
    else if (report.kind === 'interrupt') this.options.interrupt?.();
    else {
      out.push(...report.events);
      if (!this.kitty) for (const e of report.events) if (e.type === 'key') out.push({ type: 'key_up', key: e.key });
    }
  }

  /** A bracketed paste: the text up to the end marker (cut off: wait, up to MAX_PASTE bytes). */
  private paste(text: string, i: number, out: InputEvent[]): number {
    const start = i + PASTE_START.length;
    const end = text.indexOf(PASTE_END, start);
    if (end < 0) {
      if (text.length - start <= MAX_PASTE) return 0;
      this.pasted(text.slice(start), out);
      return text.length - i;
    }
    this.pasted(text.slice(start, end), out);
    return end + PASTE_END.length - i;
  }

  private pasted(bytes: string, out: InputEvent[]): void {
    const utf8 = Buffer.from(bytes.slice(0, MAX_PASTE), 'latin1').toString('utf8');
    let text = '';
    for (const ch of utf8) text += (ch.codePointAt(0) ?? 0x3f) <= 0xff ? ch : '?';
    out.push({ type: 'paste', text });
  }
}
