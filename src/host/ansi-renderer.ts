// The ANSI renderer: turns a Terminal into the escape sequences that bring a real terminal's screen up
// to date — a full repaint at first, on a new palette or size, else only the rows that changed.
import { GLYPHS } from '../devices/charset.js';
import type { Terminal } from '../devices/terminal.js';
import { type ColourDepth, sgrColour } from './ansi-colour.js';

/** The host terminal's size, when known (rows and columns past it are not drawn). */
export interface HostSize {
  columns?: number;
  rows?: number;
}

interface Shown {
  width: number;
  height: number;
  text: string[];
  fg: string[];
  bg: string[];
  palette: string;
}

const CSI = '\x1b[';

export class AnsiRenderer {
  private shown: Shown | null = null;
  private version = -1;

  constructor(
    private readonly depth: ColourDepth,
    private host: HostSize = {},
  ) {}

  /** The host terminal changed size: the next frame repaints everything. */
  resize(host: HostSize): void {
    this.host = host;
    this.shown = null;
    this.version = -1;
  }

  /** The bytes that make the host show `t` as it is now ('' when nothing changed since the last frame). */
  frame(t: Terminal): string {
    if (t.version === this.version && this.shown) return '';
    const palette = Array.from({ length: 16 }, (_, i) => t.shownColour(i));
    const paletteKey = palette.join(',');
    const full = !this.shown || this.shown.width !== t.width || this.shown.height !== t.height || this.shown.palette !== paletteKey;
    const fgCodes = palette.map((rgb) => sgrColour(rgb, this.depth, false));
    const bgCodes = palette.map((rgb) => sgrColour(rgb, this.depth, true));
    let out = `${CSI}?25l`;
    if (full) out += `${CSI}0m${CSI}2J`;
    const rows = Math.min(t.height, this.host.rows ?? t.height);
    const columns = Math.min(t.width, this.host.columns ?? t.width);
    const pen = { fg: '', bg: '' };
    for (let y = 0; y < rows; y++) {
      const shown = this.shown;
      if (!full && shown && shown.text[y] === t.text[y] && shown.fg[y] === t.fg[y] && shown.bg[y] === t.bg[y]) continue;
      out += `${CSI}${y + 1};1H${row(t, y, columns, fgCodes, bgCodes, pen)}`;
    }
    const visible = t.cursorX >= 1 && t.cursorX <= columns && t.cursorY >= 1 && t.cursorY <= rows;
    if (t.blink && visible) out += `${CSI}${t.cursorY};${t.cursorX}H${CSI}?25h`;
    this.shown = { width: t.width, height: t.height, text: [...t.text], fg: [...t.fg], bg: [...t.bg], palette: paletteKey };
    this.version = t.version;
    return out;
  }
}

/** One row's cells, changing colours only where they change (`pen` is the colour the host writes in). */
function row(t: Terminal, y: number, columns: number, fgCodes: string[], bgCodes: string[], pen: { fg: string; bg: string }): string {
  const text = t.text[y];
  const fg = t.fg[y];
  const bg = t.bg[y];
  let out = '';
  for (let x = 0; x < columns; x++) {
    const f = fg[x];
    const b = bg[x];
    if (f !== pen.fg || b !== pen.bg) {
      const codes = [];
      if (f !== pen.fg) codes.push(fgCodes[Number.parseInt(f, 16)]);
      if (b !== pen.bg) codes.push(bgCodes[Number.parseInt(b, 16)]);
      out += `${CSI}${codes.join(';')}m`;
      pen.fg = f;
      pen.bg = b;
    }
    out += GLYPHS[text.charCodeAt(x) & 0xff];
  }
  return out;
}
