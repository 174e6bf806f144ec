// The calls every terminal answers (the term API's methods), over a Terminal device with their arguments checked:
// served by the `term` native context and by the monitor peripheral alike.
import { type Args, luaNumberText, luaType } from '../kernel/arguments.js';
import { LuaFloat, type LuaValue } from '../vm/vm.js';
import { DEFAULT_PALETTE, isBlitColours, type Rgb, type Terminal, unpack } from './terminal.js';

/** One method: draws on (or reads) the terminal; its values, or nothing. */
export type TerminalMethod = (t: Terminal, a: Args) => LuaValue[] | void;

/** A number argument (integer or float) as a JavaScript number. */
function numberArg(a: Args, i: number): number {
  const v = a.value(i);
  const n = v instanceof LuaFloat ? v.value : typeof v === 'bigint' ? Number(v) : v;
  if (typeof n !== 'number') return a.fail(i, `number expected, got ${luaType(v)}`);
  if (!Number.isFinite(n)) return a.fail(i, 'number must be finite');
  return n;
}

export function booleanArg(a: Args, i: number): boolean {
  const v = a.value(i);
  return typeof v === 'boolean' ? v : a.fail(i, `boolean expected, got ${luaType(v)}`);
}

/** A cell coordinate or count, floored as CraftOS does (kept within 32-bit range). */
function cellArg(a: Args, i: number): number {
  return Math.max(-(2 ** 31), Math.min(2 ** 31 - 1, Math.floor(numberArg(a, i))));
}

/** A CraftOS colour (2^i for palette entry i; other numbers count by their highest bit) → i. */
function colourArg(a: Args, i: number): number {
  const n = numberArg(a, i);
  if (n < 1 || n >= 65536) return a.fail(i, 'colour out of range');
  return Math.floor(Math.log2(n));
}

/** Text for write: a string, a number (as tostring writes it), or nil (nothing). */
function textArg(a: Args, i: number): string {
  const v = a.value(i);
  if (v === null || typeof v === 'string') return v ?? '';
  if (typeof v === 'number' || typeof v === 'bigint' || v instanceof LuaFloat) return luaNumberText(v);
  return a.fail(i, `string expected, got ${luaType(v)}`);
}

/** A float the way Lua should see it (1 as 1.0). */
function float(n: number): LuaValue {
  return Number.isInteger(n) ? new LuaFloat(n) : n;
}

function rgbValues(rgb: Rgb): LuaValue[] {
  return rgb.map(float);
}

/** The methods, by CraftOS's (UK) names. */
export const TERMINAL_METHODS: Record<string, TerminalMethod> = {
  write: (t, a) => t.write(textArg(a, 1)),
  blit: (t, a) => {
    const [text, fg, bg] = [a.string(1), a.string(2), a.string(3)];
    if (fg.length !== text.length || bg.length !== text.length) a.fail(3, 'arguments must be the same length');
    if (!isBlitColours(fg)) a.fail(2, 'colours must be hex digits 0-9 and a-f');
    if (!isBlitColours(bg)) a.fail(3, 'colours must be hex digits 0-9 and a-f');
    t.blit(text, fg, bg);
  },
  clear: (t) => t.clear(),
  clearLine: (t) => t.clearLine(),
  getCursorPos: (t) => [t.cursorX, t.cursorY],
  setCursorPos: (t, a) => t.setCursorPos(cellArg(a, 1), cellArg(a, 2)),
  getCursorBlink: (t) => [t.blink],
  setCursorBlink: (t, a) => {
    t.setCursorBlink(booleanArg(a, 1));
  },
  getSize: (t) => [t.width, t.height],
  scroll: (t, a) => t.scroll(cellArg(a, 1)),
  getTextColour: (t) => [2 ** t.textColour],
  setTextColour: (t, a) => t.setTextColour(colourArg(a, 1)),
  getBackgroundColour: (t) => [2 ** t.backgroundColour],
  setBackgroundColour: (t, a) => t.setBackgroundColour(colourArg(a, 1)),
  isColour: (t) => [t.colour],
  getPaletteColour: (t, a) => rgbValues(t.palette[colourArg(a, 1)]),
  nativePaletteColour: (_t, a) => rgbValues(unpack(DEFAULT_PALETTE[colourArg(a, 1)])),
  setPaletteColour: (t, a) => {
    const i = colourArg(a, 1);
    if (a.isNil(3) && a.isNil(4)) {
      const rgb = a.integer(2);
      if (rgb < 0 || rgb > 0xffffff) a.fail(2, 'colour must be 0x000000 to 0xFFFFFF');
      t.setPaletteColour(i, unpack(rgb));
    } else {
      t.setPaletteColour(i, [numberArg(a, 2), numberArg(a, 3), numberArg(a, 4)]);
    }
  },
  getLine: (t, a) => t.getLine(a.integer(1)) ?? a.fail(1, 'line is out of range'),
};
