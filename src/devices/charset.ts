// The terminal's 8-bit character set and its one mapping to Unicode for rendering: ISO-8859-1, with
// CraftOS's glyphs in 0x00-0x1F (CP437-style symbols) and 0x80-0x9F (2x3 "sextant" drawing blocks).

/** CraftOS's font shows symbols for the control bytes 0x01-0x1F; 0x00 is blank. */
const CONTROL_GLYPHS = ' ☺☻♥♦♣♠•◘○◙♂♀♪♫☼►◄↕‼¶§▬↨↑↓→←∟↔▲▼';

/**
 * A byte 0x80 + p (p = 0..31) is a 2x3 block of "pixels" (bit 0 top-left, 1 top-right, 2 middle-left,
 * 3 middle-right, 4 bottom-left; the bottom-right one is never set: programs swap the colours for it).
 * Unicode 13's sextants U+1FB00.. list every pattern p of 1..62 in order except the left and right
 * halves (21 and 42), which are the older ▌ and ▐.
 */
function sextant(p: number): string {
  if (p === 0) return ' ';
  if (p === 0b010101) return '▌';
  return String.fromCodePoint(0x1fb00 + p - 1 - (p > 0b010101 ? 1 : 0));
}

function glyph(byte: number): string {
  if (byte < 0x20) return CONTROL_GLYPHS[byte];
  if (byte === 0x7f) return '⌂';
  if (byte >= 0x80 && byte < 0xa0) return sextant(byte - 0x80);
  return String.fromCharCode(byte); // ASCII and ISO-8859-1 are Unicode's first 256 code points
}

/** Byte → the Unicode text that shows it. */
export const GLYPHS: readonly string[] = Array.from({ length: 256 }, (_, b) => glyph(b));

/** A row of bytes (a Lua string, one char per byte) as Unicode text. */
export function toUnicode(bytes: string): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) out += GLYPHS[bytes.charCodeAt(i) & 0xff];
  return out;
}
