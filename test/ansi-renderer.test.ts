// The ANSI renderer checked through a real terminal emulator: @xterm/headless is fed the renderer's bytes and
// its buffer compared with the virtual terminal, cell by cell (glyph and colour), with the cursor.
import xterm from '@xterm/headless';
import { describe, expect, it } from 'vitest';
import { GLYPHS } from '../src/devices/charset.js';
import { HEX, Terminal } from '../src/devices/terminal.js';
import { colourDepth, type ColourDepth, nearest16, nearest256 } from '../src/host/ansi-colour.js';
import { AnsiRenderer } from '../src/host/ansi-renderer.js';

type Emulator = InstanceType<typeof xterm.Terminal>;

function emulator(columns: number, rows: number): Emulator {
  return new xterm.Terminal({ cols: columns, rows, allowProposedApi: true });
}

function feed(xt: Emulator, data: string): Promise<void> {
  return new Promise((resolve) => xt.write(data, resolve));
}

/** What the emulator shows of the virtual terminal's cells that differ from it (empty: the same). */
function differences(xt: Emulator, t: Terminal, depth: ColourDepth): string[] {
  const out: string[] = [];
  const cell = xt.buffer.active.getNullCell();
  for (let y = 0; y < Math.min(t.height, xt.rows); y++) {
    const line = xt.buffer.active.getLine(xt.buffer.active.baseY + y); // below the scrollback
    for (let x = 0; x < Math.min(t.width, xt.cols); x++) {
      line?.getCell(x, cell);
      const glyph = GLYPHS[t.text[y].charCodeAt(x)];
      const fg = expected(t.shownColour(HEX.indexOf(t.fg[y][x])), depth);
      const bg = expected(t.shownColour(HEX.indexOf(t.bg[y][x])), depth);
      const shown = { glyph: cell.getChars() || ' ', fg: cell.getFgColor(), bg: cell.getBgColor() };
      if (shown.glyph !== glyph || shown.fg !== fg || shown.bg !== bg) {
        out.push(`${x + 1},${y + 1}: ${JSON.stringify(shown)} instead of ${JSON.stringify({ glyph, fg, bg })}`);
      }
    }
  }
  return out;
}

/** The colour value xterm reports for a cell drawn in `rgb` at a depth (an RGB value or a palette index). */
function expected(rgb: number, depth: ColourDepth): number {
  if (depth === 'truecolor') return rgb;
  return depth === '256' ? nearest256(rgb) : nearest16(rgb);
}

async function shows(xt: Emulator, r: AnsiRenderer, t: Terminal, depth: ColourDepth = 'truecolor'): Promise<string> {
  const bytes = r.frame(t);
  await feed(xt, bytes);
  expect(differences(xt, t, depth)).toEqual([]);
  return bytes;
}

/** A small deterministic generator for the full-screen program (no Math.random in tests that must replay). */
function lcg(seed: number): () => number {
  let s = seed;
  return () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s >>> 8;
  };
}

describe('the ANSI renderer through @xterm/headless', () => {
  it('shows text, colours and the blinking cursor; a hidden cursor when blink is off', async () => {
    const t = new Terminal(20, 5);
    const xt = emulator(20, 5);
    const r = new AnsiRenderer('truecolor');
    t.setBackgroundColour(11);
    t.clear();
    t.setCursorPos(3, 2);
    t.setTextColour(4);
    t.write('Hello \xe9\x81\x95');
    t.setCursorPos(1, 4);
    t.blit('RGB', 'e5b', '0f1');
    t.setCursorPos(7, 5);
    t.setCursorBlink(true);
    await shows(xt, r, t);
    expect([xt.buffer.active.cursorX + 1, xt.buffer.active.cursorY + 1]).toEqual([7, 5]);
    expect(r.frame(t)).toBe(''); // nothing changed
  });

  it('repaints only changed rows: a one-row update is at most 10% of a full repaint', async () => {
    const t = new Terminal();
    const xt = emulator(t.width, t.height);
    const r = new AnsiRenderer('truecolor');
    const next = lcg(7);
    for (let y = 1; y <= t.height; y++) {
      t.setCursorPos(1, y);
      const text = Array.from({ length: t.width }, () => String.fromCharCode(33 + (next() % 94))).join('');
      const colours = () => Array.from({ length: t.width }, () => HEX[next() % 16]).join('');
      t.blit(text, colours(), colours());
    }
    const full = await shows(xt, r, t);
    t.setCursorPos(5, 9);
    t.write('one row changes');
    const one = await shows(xt, r, t);
    expect(Buffer.byteLength(one) / Buffer.byteLength(full)).toBeLessThanOrEqual(0.1);
  });

  it('keeps up with a full-screen program frame after frame (scrolls, clears, palette changes)', async () => {
    const t = new Terminal(30, 10);
    const xt = emulator(30, 10);
    const r = new AnsiRenderer('truecolor');
    const next = lcg(42);
    for (let frame = 0; frame < 40; frame++) {
      const op = next() % 6;
      if (op === 0) t.scroll((next() % 5) - 2);
      else if (op === 1) t.setPaletteColour(next() % 16, [(next() % 256) / 255, (next() % 256) / 255, (next() % 256) / 255]);
      else if (op === 2) {
        t.setBackgroundColour(next() % 16);
        t.clearLine();
      }
      for (let i = 0; i < 5; i++) {
        t.setCursorPos((next() % 34) - 2, (next() % 12) - 1);
        t.setTextColour(next() % 16);
        t.write(String.fromCharCode(...Array.from({ length: next() % 8 }, () => 32 + (next() % 224))));
      }
      await shows(xt, r, t);
    }
  });

  it('draws in the nearest of 256 or 16 colours when the host has no true colour', async () => {
    expect(colourDepth({ COLORTERM: 'truecolor' })).toBe('truecolor');
    expect(colourDepth({ TERM: 'xterm-256color' })).toBe('256');
    expect(colourDepth({ TERM: 'xterm' })).toBe('16');
    expect(nearest256(0xff0000)).toBe(196);
    expect(nearest256(0x808080)).toBe(244);
    expect(nearest16(0x111111)).toBe(0);
    for (const depth of ['256', '16'] as const) {
      const t = new Terminal(16, 2);
      const xt = emulator(16, 2);
      t.blit('0123456789abcdef', HEX, [...HEX].reverse().join(''));
      await shows(xt, new AnsiRenderer(depth), t, depth);
    }
  });

  it('follows a resize of the terminal and of the host (clipped to the host)', async () => {
    const t = new Terminal(10, 4);
    const xt = emulator(10, 4);
    const r = new AnsiRenderer('truecolor', { columns: 10, rows: 4 });
    t.write('0123456789');
    await shows(xt, r, t);
    t.resize(6, 3);
    t.setCursorPos(1, 3);
    t.write('small');
    await shows(xt, r, t);
    xt.resize(4, 2);
    r.resize({ columns: 4, rows: 2 });
    t.setCursorPos(1, 2);
    t.write('xy');
    await shows(xt, r, t);
    expect(xt.buffer.active.getLine(xt.buffer.active.baseY)?.translateToString()).toBe('0123');
  });

  it('shows monochrome terminals in grey', async () => {
    const t = new Terminal(4, 1, false);
    const xt = emulator(4, 1);
    t.blit('ab', 'e4', '1b');
    await shows(xt, new AnsiRenderer('truecolor'), t);
    const cell = xt.buffer.active.getLine(0)!.getCell(0)!;
    const fg = cell.getFgColor();
    expect(fg >> 16).toBe(fg & 0xff);
  });
});
