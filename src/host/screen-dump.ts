// `--dump-screen FILE`: the last frame of a terminal written to a file — plain text, an ANSI picture
// (true colour) when the file name ends in .ans or .ansi, an HTML page when it ends in .html or .htm.
import { writeFileSync } from 'node:fs';
import { toUnicode } from '../devices/charset.js';
import { HEX, type Terminal } from '../devices/terminal.js';
import { AnsiRenderer } from './ansi-renderer.js';
import { lineOf } from './headless-renderer.js';

/** Every row as a line of text (trailing blanks cut). */
export function screenText(t: Terminal): string {
  return `${t.text.map(lineOf).join('\n')}\n`;
}

/** The screen as escape sequences that draw it from the top left, ending in the default colours. */
export function screenAnsi(t: Terminal): string {
  return `${new AnsiRenderer('truecolor').frame(t)}\x1b[0m\x1b[${t.height + 1};1H\x1b[?25h`;
}

/** A colour as CSS writes it. */
function css(rgb: number): string {
  return `#${rgb.toString(16).padStart(6, '0')}`;
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The screen as an HTML page: a <pre> with a span for each run of cells of one colour pair. */
export function screenHtml(t: Terminal): string {
  const rows = t.text.map((text, y) => {
    let out = '';
    for (let x = 0; x < t.width; ) {
      const [f, b] = [t.fg[y][x], t.bg[y][x]];
      let end = x + 1;
      while (end < t.width && t.fg[y][end] === f && t.bg[y][end] === b) end++;
      const style = `color:${css(t.shownColour(HEX.indexOf(f)))};background:${css(t.shownColour(HEX.indexOf(b)))}`;
      out += `<span style="${style}">${escapeHtml(toUnicode(text.slice(x, end)))}</span>`;
      x = end;
    }
    return out;
  });
  return `<!DOCTYPE html>\n<meta charset="utf-8">\n<pre style="font-family:monospace;line-height:1">${rows.join('\n')}</pre>\n`;
}

export function dumpScreen(t: Terminal, file: string): void {
  if (/\.html?$/i.test(file)) writeFileSync(file, screenHtml(t));
  else writeFileSync(file, /\.ansi?$/i.test(file) ? screenAnsi(t) : screenText(t));
}
