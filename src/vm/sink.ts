// A state's sink: the bytes that sink functions (io.write's fast path) took straight from Lua, with no host call,
// until the state's own code takes them (sys.sink_take). The sink functions themselves are each engine's.
/** Writes of at most this many bytes are copied byte by byte (a typed-array copy costs more for a short line). */
const SHORT = 32;

export class Sink {
  private bytes = new Uint8Array(0);
  /** Bytes held. */
  size = 0;
  /** A write that would bring what is held to this many bytes goes to its function's fallback (0: every one does). */
  private limit = 0;

  /** Whether a sink function may add n more bytes. */
  fits(n: number): boolean {
    return this.size + n < this.limit;
  }

  /** Adds n bytes of `from` at `at` (the caller checked that they fit). */
  add(from: Uint8Array, at: number, n: number): void {
    const bytes = this.bytes;
    const size = this.size;
    if (n <= SHORT) for (let i = 0; i < n; i++) bytes[size + i] = from[at + i]!;
    else bytes.set(from.subarray(at, at + n), size);
    this.size = size + n;
  }

  /** Sets the limit (what is held is kept). */
  setLimit(limit: number): void {
    this.limit = Math.max(0, limit);
    if (this.bytes.length < this.limit) {
      const grown = new Uint8Array(this.limit);
      grown.set(this.bytes.subarray(0, this.size));
      this.bytes = grown;
    }
  }

  /** The bytes held (a view, valid until the next add). */
  held(): Uint8Array {
    return this.bytes.subarray(0, this.size);
  }

  /** Empties the sink (its bytes were taken). */
  clear(): void {
    this.size = 0;
  }
}
