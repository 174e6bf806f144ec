// Where split_lines (io.lines()'s fast path, VmState.setLineSplitter) cuts a buffer into lines; the function itself
// is each engine's.
import { MAX_SPLIT_LINES } from './vm.js';

const NEWLINE = 10;

/** The positions (0-based) of the '\n's of `bytes` from `from` on, at most MAX_SPLIT_LINES of them (searched by
 *  a Buffer over the same memory: its indexOf is native, a typed array's is several times slower). */
export function lineEnds(bytes: Uint8Array, from: number): number[] {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  const ends: number[] = [];
  for (let e = buffer.indexOf(NEWLINE, from); e !== -1 && ends.length < MAX_SPLIT_LINES; e = buffer.indexOf(NEWLINE, e + 1)) ends.push(e);
  return ends;
}
