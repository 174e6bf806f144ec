// Data streams: one rewritable byte stream per program (the `data` namespace of the user layer),
// with positional operations and a handle that keeps a position like a Lua file (seek set/cur/end).
import type { ByteString } from '../vm/vm.js';
import { checkRange, MAX_ENTRY_SIZE, type Backend } from './backend.js';
import { StoreArgumentError, TooLargeError } from './errors.js';

export const WHENCES = ['set', 'cur', 'end'] as const;
export type Whence = (typeof WHENCES)[number];

/**
 * A program's data stream. A stream that was never written is empty (size 0, reads give '').
 * Every change is one atomic replace of the whole value (copy-on-write): a reader, or a crash,
 * sees the stream before the change or after it. That makes a change cost O(size): streams are
 * limited to MAX_ENTRY_SIZE (16 MiB).
 */
export class DataStream {
  constructor(
    private readonly backend: Backend,
    readonly name: string,
  ) {}

  size(): number {
    return this.backend.size('data', this.name) ?? 0;
  }

  /** Up to `length` bytes from `offset`: fewer at the end, '' from the end on. */
  read(offset: number, length: number): ByteString {
    return this.backend.read('data', this.name, offset, length);
  }

  /** Writes `bytes` at `offset`, overwriting and extending; a gap after the end is filled with zero bytes. */
  write(offset: number, bytes: ByteString): void {
    checkRange(offset, bytes.length);
    if (bytes.length === 0) return;
    this.checkSize(offset + bytes.length);
    const old = this.backend.get('data', this.name) ?? '';
    const head = offset <= old.length ? old.slice(0, offset) : old + '\0'.repeat(offset - old.length);
    this.backend.put('data', this.name, head + bytes + old.slice(offset + bytes.length));
  }

  /** Writes `bytes` at the end; returns the new size. */
  append(bytes: ByteString): number {
    const old = this.backend.get('data', this.name) ?? '';
    if (bytes.length === 0) return old.length;
    this.checkSize(old.length + bytes.length);
    this.backend.put('data', this.name, old + bytes);
    return old.length + bytes.length;
  }

  /** Cuts the stream to `size` bytes, or extends it with zero bytes to that size. */
  truncate(size: number): void {
    checkRange(size, 0);
    this.checkSize(size);
    const old = this.backend.get('data', this.name) ?? '';
    if (old.length === size) return;
    this.backend.put('data', this.name, size < old.length ? old.slice(0, size) : old + '\0'.repeat(size - old.length));
  }

  private checkSize(size: number): void {
    if (size > MAX_ENTRY_SIZE) {
      throw new TooLargeError(`data/${this.name}: ${size} bytes is over the store's limit of ${MAX_ENTRY_SIZE} bytes per stream`);
    }
  }
}

/** An open stream: reads and writes happen at its position, which they move past what they touched. */
export class StreamHandle {
  private pos = 0;

  constructor(readonly stream: DataStream) {}

  get name(): string {
    return this.stream.name;
  }

  get position(): number {
    return this.pos;
  }

  size(): number {
    return this.stream.size();
  }

  /** Up to `length` bytes from the position ('' at or past the end). */
  read(length: number): ByteString {
    const bytes = this.stream.read(this.pos, length);
    this.pos += bytes.length;
    return bytes;
  }

  /** Writes at the position (zero-filling a gap past the end). */
  write(bytes: ByteString): void {
    this.stream.write(this.pos, bytes);
    this.pos += bytes.length;
  }

  /** Writes at the end, wherever the position was; the position moves to the new end. */
  append(bytes: ByteString): void {
    this.pos = this.stream.append(bytes);
  }

  /** Cuts or extends the stream; the position stays where it is (possibly past the end). */
  truncate(size: number): void {
    this.stream.truncate(size);
  }

  /** Like Lua's file:seek: moves to `offset` from the start, the position or the end; returns the new position. */
  seek(whence: Whence = 'cur', offset = 0): number {
    if (whence !== 'set' && whence !== 'cur' && whence !== 'end') {
      throw new StoreArgumentError(`bad whence '${String(whence)}' (expected set, cur or end)`);
    }
    if (!Number.isSafeInteger(offset)) throw new StoreArgumentError(`bad seek offset ${offset}: expected a whole number`);
    const base = whence === 'set' ? 0 : whence === 'cur' ? this.pos : this.stream.size();
    if (base + offset < 0) throw new StoreArgumentError(`cannot seek to ${base + offset}: before the start of data/${this.name}`);
    this.pos = base + offset;
    return this.pos;
  }
}
