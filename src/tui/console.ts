// A session's printed output (what its processes write to stdout and stderr) drawn on its terminal as a console:
// text at the cursor, wrapping at the right edge, newline, carriage return, backspace and tab (moves to the next
// multiple of 8); the screen scrolls up
// at the bottom. Escape sequences are dropped (the terminal is drawn through the term API, not by escapes).
import type { Terminal } from '../devices/terminal.js';

const TAB = 8;
/** An escape sequence: CSI with its parameters and final byte, or ESC and one byte. */
const ESC = '\x1b';
const ESCAPE = new RegExp(`${ESC}(?:\\[[ -?]*[@-~]?|.)?`, 'gs');

/** Writes printed bytes (a byte string) on the terminal at its cursor. */
export function printTo(t: Terminal, bytes: string): void {
  const text = bytes.replace(ESCAPE, '');
  let run = '';
  const flush = (): void => {
    if (run !== '') put(t, run);
    run = '';
  };
  for (const c of text) {
    if (c >= ' ') {
      run += c;
      continue;
    }
    flush();
    if (c === '\n') newline(t);
    else if (c === '\r') t.setCursorPos(1, t.cursorY);
    else if (c === '\b') t.setCursorPos(Math.max(1, t.cursorX - 1), t.cursorY);
    else if (c === '\t') t.setCursorPos(Math.min(t.width + 1, t.cursorX + TAB - ((t.cursorX - 1) % TAB)), t.cursorY);
  }
  flush();
}

/** Text with no control bytes, wrapped at the right edge. */
function put(t: Terminal, text: string): void {
  let rest = text;
  while (rest !== '') {
    if (t.cursorX > t.width) newline(t);
    if (t.cursorY > t.height) bottom(t);
    const room = t.width - t.cursorX + 1;
    t.write(rest.slice(0, room));
    rest = rest.slice(room);
  }
}

function newline(t: Terminal): void {
  t.setCursorPos(1, t.cursorY + 1);
  bottom(t);
}

/** A cursor below the last row scrolls the screen up to bring it back there. */
function bottom(t: Terminal): void {
  if (t.cursorY <= t.height) return;
  t.scroll(t.cursorY - t.height);
  t.setCursorPos(t.cursorX, t.height);
}
