// A terminal's rows as pre-styled text for the UI: one string per row, its colour runs as SGR sequences at the
// host's colour depth and the cursor's cell in reverse video; a cache keeps the strings of rows that did not change.
import { GLYPHS } from '../devices/charset.js';
import type { Terminal } from '../devices/terminal.js';
import { type ColourDepth, sgrColour } from '../host/ansi-colour.js';

/** What the UI draws of a terminal: its size and each row ready to print. */
export interface ScreenFrame {
  width: number;
  height: number;
  rows: string[];
}

const CSI = '\x1b[';
const RESET = `${CSI}0m`;
/** Styled rows kept; past it the cache starts again (a screen has at most a few hundred distinct rows). */
const CACHE_ROWS = 4096;

export class RowStyler {
  private readonly cache = new Map<string, string>();

  constructor(private readonly depth: ColourDepth) {}

  /** The terminal as it is now. */
  frame(t: Terminal): ScreenFrame {
    const palette = Array.from({ length: 16 }, (_, i) => t.shownColour(i));
    const key = palette.join(',');
    const cursorRow = t.blink && t.cursorX >= 1 && t.cursorX <= t.width ? t.cursorY - 1 : -1;
    const rows: string[] = [];
    for (let y = 0; y < t.height; y++) {
      const cursor = y === cursorRow ? t.cursorX - 1 : -1;
      rows.push(this.row(t.text[y], t.fg[y], t.bg[y], cursor, palette, key));
    }
    return { width: t.width, height: t.height, rows };
  }

  private row(text: string, fg: string, bg: string, cursor: number, palette: number[], paletteKey: string): string {
    const key = `${paletteKey}|${cursor}|${text}|${fg}|${bg}`;
    const cached = this.cache.get(key);
    if (cached !== undefined) return cached;
    if (this.cache.size >= CACHE_ROWS) this.cache.clear();
    const styled = this.style(text, fg, bg, cursor, palette);
    this.cache.set(key, styled);
    return styled;
  }

  /** One SGR sequence per run of cells of the same colours (and one around the cursor's cell). */
  private style(text: string, fg: string, bg: string, cursor: number, palette: number[]): string {
    let out = '';
    let pen = '';
    for (let x = 0; x < text.length; x++) {
      const at = x === cursor;
      const colours = `${fg[x]}${bg[x]}${at ? 'r' : ''}`;
      if (colours !== pen) {
        const codes = [sgrColour(palette[Number.parseInt(fg[x], 16)], this.depth, false), sgrColour(palette[Number.parseInt(bg[x], 16)], this.depth, true)];
        out += `${RESET}${CSI}${codes.join(';')}${at ? ';7' : ''}m`;
        pen = colours;
      }
      out += GLYPHS[text.charCodeAt(x) & 0xff];
    }
    return out + RESET;
  }
}
