// The terminal device on its own: cells, cursor, colours, scrolling, resizing, the character set, and the
// headless renderer's lines (what `thox run --headless` prints).
import { describe, expect, it } from 'vitest';
import { GLYPHS, toUnicode } from '../src/devices/charset.js';
import { DEFAULT_PALETTE, MAX_CELLS, sizeRefusal, Terminal } from '../src/devices/terminal.js';
import { HeadlessRenderer } from '../src/host/headless-renderer.js';
import { screenHtml, screenText } from '../src/host/screen-dump.js';

const row = (t: Terminal, y: number) => t.getLine(y)!;

describe('the terminal device', () => {
  it('starts 51x19, blank, white on black, cursor at 1,1 not blinking', () => {
    const t = new Terminal();
    expect([t.width, t.height, t.cursorX, t.cursorY, t.blink, t.colour]).toEqual([51, 19, 1, 1, false, true]);
    expect(row(t, 1)).toEqual([' '.repeat(51), '0'.repeat(51), 'f'.repeat(51)]);
    expect(t.getLine(0)).toBeNull();
    expect(t.getLine(20)).toBeNull();
  });

  it('writes at the cursor in the current colours, clips at the edges and moves the cursor past the text', () => {
    const t = new Terminal(8, 3);
    t.setTextColour(14);
    t.setBackgroundColour(11);
    t.setCursorPos(6, 2);
    t.write('abcdef');
    expect(row(t, 2)).toEqual(['     abc', '00000eee', 'fffffbbb']);
    expect([t.cursorX, t.cursorY]).toEqual([12, 2]);
    t.setCursorPos(-1, 3);
    t.write('xyz');
    expect(row(t, 3)[0]).toBe('z       ');
    t.setCursorPos(1, 9);
    const before = t.text.join('|');
    t.write('off screen');
    expect(t.text.join('|')).toBe(before);
    expect(t.cursorX).toBe(11);
  });

  it('blits three strings cell by cell (hex digits in either case are stored lower case)', () => {
    const t = new Terminal(5, 1);
    t.setCursorPos(2, 1);
    t.blit('hi!', '0E1', 'FaB');
    expect(row(t, 1)).toEqual([' hi! ', '00e10', 'ffabf']);
    expect(t.cursorX).toBe(5);
  });

  it('clears the screen and one line in the current background; scrolls both ways', () => {
    const t = new Terminal(3, 3);
    for (let y = 1; y <= 3; y++) {
      t.setCursorPos(1, y);
      t.write(`r${y}`);
    }
    t.setBackgroundColour(2);
    t.scroll(1);
    expect(t.text).toEqual(['r2 ', 'r3 ', '   ']);
    expect(t.bg[2]).toBe('222');
    t.scroll(-2);
    expect(t.text).toEqual(['   ', '   ', 'r2 ']);
    t.setCursorPos(1, 3);
    t.clearLine();
    expect(row(t, 3)).toEqual(['   ', '000', '222']);
    t.scroll(10);
    expect(t.text).toEqual(['   ', '   ', '   ']);
    t.setBackgroundColour(4);
    t.clear();
    expect(t.bg).toEqual(['444', '444', '444']);
  });

  it('resizes keeping the top left, padding with blanks', () => {
    const t = new Terminal(4, 2);
    t.write('abcd');
    t.resize(2, 3);
    expect(t.text).toEqual(['ab', '  ', '  ']);
    t.resize(5, 1);
    expect(row(t, 1)).toEqual(['ab   ', '00000', 'fffff']);
    expect(() => t.resize(0, 4)).toThrow(/1 to 1024 cells on each side/);
    expect(sizeRefusal(1024, 1024)).toMatch(`at most ${MAX_CELLS} cells`);
  });

  it('keeps palette entries as set and shows grey on a monochrome terminal', () => {
    const t = new Terminal(2, 2);
    expect(t.shownColour(0)).toBe(DEFAULT_PALETTE[0]);
    expect(t.shownColour(14)).toBe(0xcc4c4c);
    t.setPaletteColour(3, [1, 0.5, 0]);
    expect(t.palette[3]).toEqual([1, 0.5, 0]);
    expect(t.shownColour(3)).toBe(0xff8000);
    const mono = new Terminal(2, 2, false);
    const grey = mono.shownColour(14);
    expect(grey >> 16).toBe((grey >> 8) & 0xff);
    expect(grey & 0xff).toBe((grey >> 8) & 0xff);
  });

  it('counts every change in its version', () => {
    const t = new Terminal(2, 2);
    const v = t.version;
    t.write('x');
    t.setCursorBlink(true);
    expect(t.version).toBe(v + 2);
  });
});

describe('the character set', () => {
  it('maps ASCII and ISO-8859-1 to themselves, control bytes and 0x7F to symbols, 0x80-0x9F to sextants', () => {
    expect(toUnicode('Az~')).toBe('Az~');
    expect(toUnicode('\xe9\xa3\xff')).toBe('é£ÿ');
    expect(GLYPHS[0]).toBe(' ');
    expect(GLYPHS[1]).toBe('☺');
    expect(GLYPHS[0x1f]).toBe('▼');
    expect(GLYPHS[0x7f]).toBe('⌂');
    expect(GLYPHS[0x80]).toBe(' ');
    expect(GLYPHS[0x81]).toBe('\u{1FB00}'); // top left
    expect(GLYPHS[0x80 + 0b010101]).toBe('▌'); // the left column
    expect(GLYPHS[0x80 + 0b010110]).toBe('\u{1FB14}'); // after the left half, one index less
    expect(GLYPHS[0x9f]).toBe('\u{1FB1D}'); // all but the bottom right (pattern 31)
    expect(new Set(GLYPHS.slice(0x81, 0xa0)).size).toBe(31);
  });
});

describe('the headless renderer', () => {
  /** A print as CraftOS programs do it: write, then the next row's start, scrolling at the bottom. */
  function print(t: Terminal, s: string): void {
    t.write(s);
    if (t.cursorY < t.height) t.setCursorPos(1, t.cursorY + 1);
    else {
      t.scroll(1);
      t.setCursorPos(1, t.height);
    }
  }

  it('prints a line when it is finished, rows that scroll off once, and the rest at the end', () => {
    const t = new Terminal(10, 3);
    const lines: string[] = [];
    const r = new HeadlessRenderer(t, (l) => lines.push(l));
    for (const s of ['one', 'two', 'three', 'four', 'five']) print(t, s);
    expect(lines).toEqual(['one', 'two', 'three']);
    t.write('tail');
    r.finish();
    expect(lines).toEqual(['one', 'two', 'three', 'four', 'five', 'tail']);
  });

  it('prints nothing for a terminal never used, and a row again only when it changed', () => {
    const t = new Terminal(5, 2);
    const lines: string[] = [];
    const r = new HeadlessRenderer(t, (l) => lines.push(l));
    r.finish();
    expect(lines).toEqual([]);
    const s = new HeadlessRenderer(t, (l) => lines.push(l));
    t.write('ab');
    t.setCursorPos(1, 2);
    t.setCursorPos(1, 1);
    t.setCursorPos(1, 2);
    expect(lines).toEqual(['ab']);
    t.setCursorPos(1, 1);
    t.write('cd');
    s.finish();
    expect(lines).toEqual(['ab', 'cd']);
  });

  it('dumps every row as text', () => {
    const t = new Terminal(4, 2);
    t.write('\x81hi');
    expect(screenText(t)).toBe('\u{1FB00}hi\n\n');
  });

  it('dumps the screen as HTML: a span per run of one colour pair, text escaped', () => {
    const t = new Terminal(4, 1);
    t.blit('<a&', 'e00', 'fff');
    const white = 'color:#f0f0f0;background:#111111';
    expect(screenHtml(t)).toContain(`<span style="color:#cc4c4c;background:#111111">&lt;</span><span style="${white}">a&amp; </span></pre>`);
  });
});
