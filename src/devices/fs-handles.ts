// An open file: its content held whole, a position, and the reads, writes and seeks of CraftOS's handles and
// Lua's io files. Writes reach the file system whole at flush and close, so a file is never seen half-written.
import type { ByteString } from '../vm/vm.js';
import { FsError } from './fs-errors.js';
import type { FileSystem } from './filesystem.js';

/** The modes `open` takes: read, write, append, read and write ('r+' keeps the content, 'w+' starts empty); 'b' for binary. */
export const OPEN_MODES = ['r', 'w', 'a', 'rb', 'wb', 'ab', 'r+', 'w+', 'a+', 'rb+', 'wb+', 'ab+', 'r+b', 'w+b', 'a+b'] as const;
export type OpenMode = (typeof OPEN_MODES)[number];

export const WHENCES = ['set', 'cur', 'end'] as const;
export type Whence = (typeof WHENCES)[number];

export class OpenFile {
  private readonly readable: boolean;
  private readonly writable: boolean;
  /** Every write goes to the end ('a' modes), wherever the position is. */
  private readonly appending: boolean;
  private position = 0;
  /** Whether the content changed since it was last written to the file. */
  private dirty: boolean;
  private closed = false;

  constructor(
    private readonly fs: FileSystem,
    private readonly names: string[],
    private content: ByteString,
    mode: OpenMode,
    /** Whether the file is missing: a handle for writing makes it at its first flush, even if nothing is written. */
    missing: boolean,
    /** The mount it was opened on: once that is gone (a disk ejected), writing is refused as on a closed file. */
    private readonly mountId?: number,
  ) {
    this.readable = mode.startsWith('r') || mode.includes('+');
    this.writable = !mode.startsWith('r') || mode.includes('+');
    this.appending = mode.startsWith('a');
    this.dirty = this.writable && (missing || mode.startsWith('w'));
    if (this.appending) this.position = content.length;
  }

  /** Up to `n` bytes from the position; null at the end of the file ('' for n = 0 before the end). */
  read(n: number): ByteString | null {
    this.check('reading');
    if (this.position >= this.content.length) return null;
    const out = this.content.slice(this.position, this.position + n);
    this.position += out.length;
    return out;
  }

  /** The next line, with its '\n' when `withTrailing`; null at the end of the file. */
  readLine(withTrailing: boolean): ByteString | null {
    this.check('reading');
    if (this.position >= this.content.length) return null;
    const end = this.content.indexOf('\n', this.position);
    const stop = end < 0 ? this.content.length : end + 1;
    const line = this.content.slice(this.position, stop);
    this.position = stop;
    return withTrailing || !line.endsWith('\n') ? line : line.slice(0, -1);
  }

  /** The rest of the file ('' at its end). */
  readAll(): ByteString {
    this.check('reading');
    const out = this.content.slice(this.position);
    this.position = Math.max(this.position, this.content.length);
    return out;
  }

  write(text: ByteString): void {
    this.check('writing');
    if (this.appending) this.position = this.content.length;
    const end = this.position + text.length;
    this.fs.checkFits(this.names, Math.max(end, this.content.length)); // before any string is built: a seek may be far
    const gap = Math.max(0, this.position - this.content.length);
    this.content =
      this.position === this.content.length
        ? this.content + text // the common case, appending: no copy of what is there
        : this.content.slice(0, this.position) + '\u0000'.repeat(gap) + text + this.content.slice(end);
    this.position = end;
    this.dirty = true;
  }

  /** Bytes of content the handle holds. */
  get size(): number {
    return this.content.length;
  }

  /** Moves the position; returns the new one. Before the start is refused ('Position is negative'). */
  seek(whence: Whence, offset: number): number {
    this.check();
    const base = whence === 'set' ? 0 : whence === 'cur' ? this.position : this.content.length;
    if (base + offset < 0) throw new FsError('Position is negative');
    this.position = base + offset;
    return this.position;
  }

  /** Writes the content to the file, whole, if it changed. */
  flush(): void {
    this.check();
    if (!this.writable || !this.dirty) return;
    this.fs.writeFile(this.names, this.content, this.mountId);
    this.dirty = false;
  }

  /** Flushes and closes; closing twice is refused as any use of a closed file. */
  close(): void {
    try {
      this.flush();
    } finally {
      this.closed = true;
    }
  }

  private check(use?: 'reading' | 'writing'): void {
    if (this.closed) throw new FsError('attempt to use a closed file');
    if (use === 'reading' && !this.readable) throw new FsError('file not open for reading');
    if (use === 'writing' && !this.writable) throw new FsError('file not open for writing');
  }
}
