// `--dump-screen FILE`: the last frame of a terminal written to a file — plain text, or an ANSI picture
// (true colour) when the file name ends in .ans or .ansi.
import { writeFileSync } from 'node:fs';
import type { Terminal } from '../devices/terminal.js';
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

export function dumpScreen(t: Terminal, file: string): void {
  writeFileSync(file, /\.ansi?$/i.test(file) ? screenAnsi(t) : screenText(t));
}
