// The headless renderer: a terminal as plain text lines on a stream — each row when it scrolls off the
// top or is finished by a newline (the cursor moving to the next row's start), and the rest at the end.
import { toUnicode } from '../devices/charset.js';
import type { Terminal, TerminalWatcher } from '../devices/terminal.js';

/** A row's text as a line: its glyphs, without trailing blanks. */
export function lineOf(bytes: string): string {
  return toUnicode(bytes).trimEnd();
}

export class HeadlessRenderer implements TerminalWatcher {
  /** Per row, the bytes last printed from it (null: nothing yet): a row is printed again only once it changed. */
  private printed: Array<string | null>;

  constructor(
    private readonly terminal: Terminal,
    private readonly print: (line: string) => void,
  ) {
    this.printed = Array(terminal.height).fill(null);
    terminal.watcher = this;
  }

  scrolledOff(lines: string[]): void {
    lines.forEach((text, y) => {
      if (this.printed[y] !== text) this.print(lineOf(text));
    });
    this.printed = [...this.printed.slice(lines.length), ...Array(lines.length).fill(null)];
  }

  lineFinished(y: number): void {
    this.flushRow(y - 1);
  }

  private flushRow(y: number): void {
    const text = this.terminal.text[y];
    if (this.printed[y] === text) return;
    this.print(lineOf(text));
    this.printed[y] = text;
  }

  /** Prints what is left on the screen, down to its last row that is not blank. */
  finish(): void {
    const rows = this.terminal.text;
    let last = rows.length - 1;
    while (last >= 0 && rows[last].trim() === '') last--;
    for (let y = 0; y <= last; y++) this.flushRow(y);
    this.terminal.watcher = null;
  }
}
