// A character-cell terminal device: rows stored as three strings (text bytes, foreground and background
// as blit hex digits), a cursor with blink, a 16-colour palette, colour or monochrome; no host I/O.

/** The blit digits: colour i (CraftOS's colour 2^i) is written HEX[i]. */
export const HEX = '0123456789abcdef';
export const DEFAULT_WIDTH = 51;
export const DEFAULT_HEIGHT = 19;
/** The largest side and the most cells one terminal may have (a terminal is kernel memory). */
export const MAX_SIDE = 1024;
export const MAX_CELLS = 65536;
/** CraftOS's default palette, white (0) to black (15), as 0xRRGGBB. */
export const DEFAULT_PALETTE: readonly number[] = [
  0xf0f0f0, 0xf2b233, 0xe57fd8, 0x99b2f2, 0xdede6c, 0x7fcc19, 0xf2b2cc, 0x4c4c4c, 0x999999, 0x4c99b2, 0xb266e5, 0x3366cc, 0x7f664c, 0x57a64e, 0xcc4c4c,
  0x111111,
];
export const WHITE = 0;
export const BLACK = 15;

/** Why a size cannot be a terminal's, or null when it can. */
export function sizeRefusal(width: number, height: number): string | null {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1 || width > MAX_SIDE || height > MAX_SIDE) {
    return `a terminal is 1 to ${MAX_SIDE} cells on each side, got ${width}x${height}`;
  }
  if (width * height > MAX_CELLS) return `a terminal has at most ${MAX_CELLS} cells, got ${width}x${height}`;
  return null;
}

/** Whether a string is made of blit digits only (either case). */
export function isBlitColours(s: string): boolean {
  return /^[0-9a-fA-F]*$/.test(s);
}

/** Told what leaves the screen, for renderers that print lines (the headless one). */
export interface TerminalWatcher {
  /** Rows pushed off the top by a scroll, top first (their text bytes). */
  scrolledOff(lines: string[]): void;
  /** The cursor went from row y to the start of row y + 1: row y is finished, as by a newline. */
  lineFinished(y: number): void;
}

/** One palette entry: red, green, blue from 0 to 1 (kept as set, as CraftOS does). */
export type Rgb = [number, number, number];

export class Terminal {
  width: number;
  height: number;
  /** Row y (0-based) of text bytes, foreground digits, background digits; each exactly `width` long. */
  text: string[] = [];
  fg: string[] = [];
  bg: string[] = [];
  /** 1-based; may lie outside the screen (writes there change nothing). */
  cursorX = 1;
  cursorY = 1;
  blink = false;
  textColour = WHITE;
  backgroundColour = BLACK;
  readonly palette: Rgb[] = DEFAULT_PALETTE.map(unpack);
  /** Counts changes; renderers compare it with the one they drew. */
  version = 0;
  watcher: TerminalWatcher | null = null;
  /** Told of every change as it happens (the terminal UI's frame publisher coalesces them). */
  onChange: (() => void) | null = null;

  constructor(
    width = DEFAULT_WIDTH,
    height = DEFAULT_HEIGHT,
    readonly colour = true,
  ) {
    const refusal = sizeRefusal(width, height);
    if (refusal) throw new RangeError(refusal);
    this.width = width;
    this.height = height;
    for (let y = 0; y < height; y++) this.setRow(y, ...this.blankRow());
  }

  private blankRow(): [string, string, string] {
    return [' '.repeat(this.width), HEX[this.textColour].repeat(this.width), HEX[this.backgroundColour].repeat(this.width)];
  }

  private setRow(y: number, text: string, fg: string, bg: string): void {
    this.text[y] = text;
    this.fg[y] = fg;
    this.bg[y] = bg;
  }

  private changed(): void {
    this.version++;
    this.onChange?.();
  }

  /** Writes bytes at the cursor in the current colours; the cursor moves past them (even off the screen). */
  write(bytes: string): void {
    this.blit(bytes, HEX[this.textColour].repeat(bytes.length), HEX[this.backgroundColour].repeat(bytes.length));
  }

  /** Writes text with a colour per cell (three strings of one length, colours as blit digits). */
  blit(text: string, fg: string, bg: string): void {
    const y = this.cursorY - 1;
    const start = this.cursorX - 1;
    this.cursorX += text.length;
    this.changed();
    if (y < 0 || y >= this.height) return;
    const from = Math.max(0, -start);
    const to = Math.min(text.length, this.width - start);
    if (from >= to) return;
    const at = start + from;
    this.text[y] = splice(this.text[y], at, text.slice(from, to));
    this.fg[y] = splice(this.fg[y], at, fg.slice(from, to).toLowerCase());
    this.bg[y] = splice(this.bg[y], at, bg.slice(from, to).toLowerCase());
  }

  /** Blanks the screen in the current colours (the cursor stays). */
  clear(): void {
    for (let y = 0; y < this.height; y++) this.setRow(y, ...this.blankRow());
    this.changed();
  }

  /** Blanks the cursor's row. */
  clearLine(): void {
    if (this.cursorY >= 1 && this.cursorY <= this.height) this.setRow(this.cursorY - 1, ...this.blankRow());
    this.changed();
  }

  /** Moves the content up n rows (down when n < 0); new rows are blank in the current colours. */
  scroll(n: number): void {
    const rows = Math.min(Math.abs(n), this.height);
    if (rows === 0) return;
    const blank = Array.from({ length: rows }, () => this.blankRow());
    const old = this.text.map((t, y): [string, string, string] => [t, this.fg[y], this.bg[y]]);
    const next = n > 0 ? [...old.slice(rows), ...blank] : [...blank, ...old.slice(0, this.height - rows)];
    for (const [y, row] of next.entries()) this.setRow(y, ...row);
    this.changed();
    if (n > 0) this.watcher?.scrolledOff(old.slice(0, rows).map((r) => r[0]));
  }

  setCursorPos(x: number, y: number): void {
    const finished = x === 1 && y === this.cursorY + 1 && this.cursorY >= 1 && this.cursorY <= this.height;
    const from = this.cursorY;
    this.cursorX = x;
    this.cursorY = y;
    this.changed();
    if (finished) this.watcher?.lineFinished(from);
  }

  setCursorBlink(on: boolean): void {
    this.blink = on;
    this.changed();
  }

  setTextColour(i: number): void {
    this.textColour = i;
    this.changed();
  }

  setBackgroundColour(i: number): void {
    this.backgroundColour = i;
    this.changed();
  }

  setPaletteColour(i: number, rgb: Rgb): void {
    this.palette[i] = rgb;
    this.changed();
  }

  /** Palette entry i as 0xRRGGBB, in grey on a monochrome terminal (what a renderer shows). */
  shownColour(i: number): number {
    const [r, g, b] = this.palette[i].map((c) => Math.round(Math.min(1, Math.max(0, c)) * 255));
    if (this.colour) return (r << 16) | (g << 8) | b;
    const grey = Math.round(0.299 * r + 0.587 * g + 0.114 * b);
    return (grey << 16) | (grey << 8) | grey;
  }

  /** Row y (1-based): text, foreground, background; null outside the screen. */
  getLine(y: number): [string, string, string] | null {
    if (!Number.isInteger(y) || y < 1 || y > this.height) return null;
    return [this.text[y - 1], this.fg[y - 1], this.bg[y - 1]];
  }

  /** New size: the content stays at the top left, cut or padded with blanks in the current colours. */
  resize(width: number, height: number): void {
    const refusal = sizeRefusal(width, height);
    if (refusal) throw new RangeError(refusal);
    const old = { width: this.width, text: this.text, fg: this.fg, bg: this.bg };
    this.width = width;
    this.height = height;
    this.text = [];
    this.fg = [];
    this.bg = [];
    for (let y = 0; y < height; y++) {
      const [t, f, b] = this.blankRow();
      if (y >= old.text.length) this.setRow(y, t, f, b);
      else this.setRow(y, fitted(old.text[y], t), fitted(old.fg[y], f), fitted(old.bg[y], b));
    }
    this.changed();
  }
}

/** `row` with `piece` written over it from index `at`. */
function splice(row: string, at: number, piece: string): string {
  return row.slice(0, at) + piece + row.slice(at + piece.length);
}

/** `row` cut to the blank's length, or padded from it. */
function fitted(row: string, blank: string): string {
  return row.length >= blank.length ? row.slice(0, blank.length) : row + blank.slice(row.length);
}

/** 0xRRGGBB as red, green, blue from 0 to 1. */
export function unpack(rgb: number): Rgb {
  return [((rgb >> 16) & 0xff) / 255, ((rgb >> 8) & 0xff) / 255, (rgb & 0xff) / 255];
}
