// Streams: the byte streams a process reads and writes through its descriptors (0 stdin, 1 stdout, 2 stderr,
// more for pipes it opened): the host's input and output, and bounded pipes between processes; reads that wait.
import type { ByteString, LuaValue, VmRef } from '../vm/vm.js';
import type { Process, Task } from './process.js';
import type { OutputStream } from './services.js';
import { LimitError, limitReached, type Limits } from './limits.js';

/** Bytes a pipe buffers before its writers wait (unless a reader waits for more than that: a long line). */
export const PIPE_CAPACITY = 64 * 1024;
/** Bytes of host output held before it is handed to the host within a slice (it is handed over after each slice too). */
const HOST_OUTPUT_CHUNK = 64 * 1024;
/** The stand-in task a process's preludes and its last flush run as: it cannot wait, so a full pipe takes its bytes. */
const SETUP_TID = 0;

/** A stream's input side: bytes waiting to be read, and whether more can come. */
class InputBuffer {
  private text = '';
  private pos = 0;
  /** No more bytes will come (every writer closed, or the host's input ended). */
  ended = false;

  get size(): number {
    return this.text.length - this.pos;
  }

  append(bytes: ByteString): void {
    this.text = this.pos > 0 ? this.text.slice(this.pos) + bytes : this.text + bytes;
    this.pos = 0;
  }

  /** Up to `max` of the bytes waiting ([bytes]), [null] at the end, or null when none wait yet. */
  read(max: number): LuaValue[] | null {
    if (this.size === 0) return this.ended ? [null] : null;
    const s = this.size <= max && this.pos === 0 ? this.text : this.text.slice(this.pos, this.pos + max);
    this.pos += s.length;
    if (this.pos === this.text.length) {
      this.text = '';
      this.pos = 0;
    }
    return [s];
  }
}

/** A task waiting on a stream: to read with a format, or to write what did not fit. */
interface Waiter {
  task: Task;
  op: { read: number } | { write: ByteString };
}

/** A stream: the host's output (stdout, stderr), the host's input, or a pipe. Ends count its readers and writers. */
export class Stream {
  readers = 0;
  writers = 0;
  /** For a pipe: the bytes its owner is charged for now (what it holds, while anyone can read it). */
  charged = 0;
  readonly waiters: Waiter[] = [];
  /** The input side (host input and pipes); null for the host's output. */
  readonly input: InputBuffer | null;

  constructor(
    readonly kind: 'host-output' | 'host-input' | 'pipe',
    /** For host output: which of the host's streams. */
    readonly host: OutputStream | null = null,
    /** For a pipe: the process it is charged to (the one that asked for it). */
    readonly owner: Process | null = null,
  ) {
    this.input = kind === 'host-output' ? null : new InputBuffer();
  }

  /** Whether a writer must wait: the pipe is full and no reader waits for more than it holds. */
  full(): boolean {
    return this.kind === 'pipe' && this.input!.size >= PIPE_CAPACITY && !this.waiters.some((w) => 'read' in w.op);
  }
}

/** One descriptor of a process: a stream and the way it was opened. */
export interface StreamEnd {
  readonly stream: Stream;
  readonly mode: 'r' | 'w';
}

/** How a new process's descriptors 0-2 are chosen: the parent's (default), or given ends. */
export type StandardEnds = Partial<Record<0 | 1 | 2, StreamEnd>>;

/** What streams need of the kernel: waking tasks, handing output to the host, and the bytes limit. */
export interface StreamHost {
  readonly limits: Limits;
  /** The host's standard output is a terminal (a process's io then buffers it by line). */
  readonly terminal: boolean;
  wake(task: Task, values: LuaValue[], by: string): void;
  hostOutput(pid: number, stream: OutputStream, text: ByteString): void;
}

/** Why a stream call failed in a way Lua reports as `nil, message` (a closed descriptor, a broken pipe). */
export class StreamError extends Error {}

/** Every process's descriptors, the host's streams, and the pending output for the host. */
export class Streams {
  /** Each process's functions that write its buffers out: every one (run when it ends, unless killed), and
   *  standard output's (run after each of its slices while that goes to the host, so output is never held back). */
  private readonly flushers = new Map<number, { all: VmRef; stdout: VmRef }>();
  readonly hostInput = new Stream('host-input');
  private readonly hostStreams = { stdout: new Stream('host-output', 'stdout'), stderr: new Stream('host-output', 'stderr') };
  private readonly tables = new Map<number, Map<number, StreamEnd>>();
  private pending: Array<{ pid: number; stream: OutputStream; text: ByteString }> = [];
  private pendingBytes = 0;

  constructor(private readonly k: StreamHost) {}

  /** Gives a new process its descriptors 0-2: the given ends, else its parent's, else the host's. */
  open(p: Process, parent: Process | undefined, given: StandardEnds = {}): void {
    const table = new Map<number, StreamEnd>();
    this.tables.set(p.pid, table);
    const inherited = parent ? this.tables.get(parent.pid) : undefined;
    const host: Record<0 | 1 | 2, StreamEnd> = {
      0: { stream: this.hostInput, mode: 'r' },
      1: { stream: this.hostStreams.stdout, mode: 'w' },
      2: { stream: this.hostStreams.stderr, mode: 'w' },
    };
    for (const fd of [0, 1, 2] as const) {
      const end = given[fd] ?? inherited?.get(fd) ?? host[fd];
      this.attach(table, fd, end);
    }
  }

  /** A new pipe charged to `owner`: its read end and its write end (not yet held by anyone). */
  pipe(owner: Process): { r: StreamEnd; w: StreamEnd } {
    const stream = new Stream('pipe', null, owner);
    return { r: { stream, mode: 'r' }, w: { stream, mode: 'w' } };
  }

  /** Gives a process one more descriptor for an end; returns its number. */
  add(p: Process, end: StreamEnd): number {
    const table = this.tables.get(p.pid)!;
    let fd = 3;
    while (table.has(fd)) fd++;
    this.attach(table, fd, end);
    return fd;
  }

  /** The end behind a descriptor of a process, or a StreamError. */
  end(p: Process, fd: number): StreamEnd {
    const end = this.tables.get(p.pid)?.get(fd);
    if (!end) throw new StreamError(`bad file descriptor ${fd}`);
    return end;
  }

  /** Writes bytes: true when written, false when the task must wait (the pipe is full). Throws StreamError. */
  write(task: Task, fd: number, bytes: ByteString): boolean {
    const end = this.end(task.process, fd);
    if (end.mode !== 'w') throw new StreamError('file not open for writing');
    const s = end.stream;
    if (s.kind === 'host-output') {
      this.hostOutput(task.process.pid, s.host!, bytes);
      return true;
    }
    if (s.readers === 0) throw new StreamError('broken pipe');
    if (s.full() && task.tid !== SETUP_TID) {
      s.waiters.push({ task, op: { write: bytes } });
      return false;
    }
    const refusal = this.fill(s, bytes);
    if (refusal !== null) throw new LimitError(refusal);
    return true;
  }

  /** Reads up to `max` bytes: the values, or null when the task must wait (it is registered as a waiter). */
  read(task: Task, fd: number, max: number): LuaValue[] | null {
    const end = this.end(task.process, fd);
    if (end.mode !== 'r') throw new StreamError('file not open for reading');
    const s = end.stream;
    const values = s.input!.read(max);
    if (values !== null) {
      this.drained(s);
      return values;
    }
    s.waiters.push({ task, op: { read: max } });
    this.serveWriters(s); // a writer kept out by a full pipe may now add what this reader waits for
    return null;
  }

  /** Closes a descriptor of a process (the stream's other side sees its end when no one holds this side). */
  close(p: Process, fd: number): void {
    const table = this.tables.get(p.pid);
    const end = table?.get(fd);
    if (!table || !end) throw new StreamError(`bad file descriptor ${fd}`);
    table.delete(fd);
    this.detach(end);
  }

  /** A task no longer waits on any stream (its wait was withdrawn). */
  forget(task: Task): void {
    for (const end of this.tables.get(task.process.pid)?.values() ?? []) {
      const w = end.stream.waiters;
      const i = w.findIndex((x) => x.task === task);
      if (i >= 0) w.splice(i, 1);
    }
  }

  /** How a process's io buffers a descriptor's writes: by line on the host's terminal, fully otherwise. */
  buffering(p: Process, fd: number): 'line' | 'full' {
    const s = this.end(p, fd).stream;
    return s.kind === 'host-output' && this.k.terminal ? 'line' : 'full';
  }

  /** The functions that write a process's buffers out (the sandbox gives them on its first buffered write). */
  setFlushers(p: Process, all: VmRef, stdout: VmRef): void {
    const old = this.flushers.get(p.pid);
    if (old) {
      p.vm.unref(old.all);
      p.vm.unref(old.stdout);
    }
    this.flushers.set(p.pid, { all, stdout });
  }

  /** The flush of every buffer of `p`, left in place (for a flush before more of its code runs). */
  flusher(p: Process): VmRef | undefined {
    return this.flushers.get(p.pid)?.all;
  }

  /** The function to run before a process ends (it is forgotten here). */
  takeFlusher(p: Process): VmRef | undefined {
    const f = this.flushers.get(p.pid);
    this.flushers.delete(p.pid);
    return f?.all;
  }

  /** The function to run after a slice of a process whose standard output goes to the host (never a pipe: it cannot wait). */
  sliceFlusher(p: Process): VmRef | undefined {
    const f = this.flushers.get(p.pid);
    return f && this.tables.get(p.pid)?.get(1)?.stream.kind === 'host-output' ? f.stdout : undefined;
  }

  /** A process ended: its descriptors close, and its waits are forgotten. */
  processEnded(p: Process): void {
    this.flushers.delete(p.pid);
    const table = this.tables.get(p.pid);
    if (!table) return;
    this.tables.delete(p.pid);
    for (const end of table.values()) {
      const w = end.stream.waiters;
      for (let i = w.length - 1; i >= 0; i--) if (w[i]!.task.process === p) w.splice(i, 1);
      this.detach(end);
    }
  }

  // --- the host's side ---

  /** Bytes from the host's input (the CLI's stdin). */
  feed(bytes: ByteString): void {
    this.hostInput.input!.append(bytes);
    this.serveReaders(this.hostInput);
  }

  /** The host's input ended: reads past what is left return nil. */
  endInput(): void {
    this.hostInput.input!.ended = true;
    this.serveReaders(this.hostInput);
  }

  /** Bytes of host input not yet read. */
  get inputBuffered(): number {
    return this.hostInput.input!.size;
  }

  /** Whether a task waits for host input that has not ended (nothing else may be able to run). */
  get awaitingInput(): boolean {
    return !this.hostInput.input!.ended && this.hostInput.waiters.length > 0;
  }

  /** Output for the host, kept in order across processes and streams; handed over by flush(). */
  hostOutput(pid: number, stream: OutputStream, text: ByteString): void {
    const last = this.pending[this.pending.length - 1];
    if (last && last.pid === pid && last.stream === stream) last.text += text;
    else this.pending.push({ pid, stream, text });
    this.pendingBytes += text.length;
    if (this.pendingBytes >= HOST_OUTPUT_CHUNK) this.flush();
  }

  /** Hands the pending output to the host. */
  flush(): void {
    if (this.pending.length === 0) return;
    const out = this.pending;
    this.pending = [];
    this.pendingBytes = 0;
    for (const o of out) this.k.hostOutput(o.pid, o.stream, o.text);
  }

  // --- inside ---

  private attach(table: Map<number, StreamEnd>, fd: number, end: StreamEnd): void {
    table.set(fd, end);
    if (end.mode === 'r') end.stream.readers++;
    else end.stream.writers++;
  }

  private detach(end: StreamEnd): void {
    const s = end.stream;
    if (end.mode === 'r') s.readers--;
    else s.writers--;
    if (s.kind !== 'pipe') return;
    if (s.writers === 0) {
      s.input!.ended = true;
      this.serveReaders(s);
    }
    if (s.readers === 0) {
      for (const w of s.waiters.splice(0)) if ('write' in w.op) this.k.wake(w.task, [null, 'broken pipe'], 'stream');
      this.recharge(s);
    }
  }

  /** Adds bytes to a pipe, charged to its owner; null, or why not (past the owner's bytes limit). */
  private fill(s: Stream, bytes: ByteString): string | null {
    const owner = s.owner!;
    if (owner.usage.bytes + bytes.length > this.k.limits.bytes) return limitReached('bytes', `process ${owner.pid}`, owner.usage.bytes).message;
    s.input!.append(bytes);
    this.recharge(s);
    this.serveReaders(s);
    return null;
  }

  /** A pipe's owner is charged what the pipe holds. */
  private recharge(s: Stream): void {
    if (!s.owner) return;
    const held = s.readers > 0 ? s.input!.size : 0;
    s.owner.usage.bytes += held - s.charged;
    s.charged = held;
  }

  /** Bytes left a pipe: its owner's charge goes down, and waiting writers may come in. */
  private drained(s: Stream): void {
    if (s.kind !== 'pipe') return;
    this.recharge(s);
    this.serveWriters(s);
  }

  /** Answers waiting readers while the stream can. */
  private serveReaders(s: Stream): void {
    for (let i = 0; i < s.waiters.length; ) {
      const w = s.waiters[i]!;
      const values = 'read' in w.op ? s.input!.read(w.op.read) : null;
      if (values === null) {
        i++;
        continue;
      }
      s.waiters.splice(i, 1);
      this.k.wake(w.task, values, 'stream');
    }
    if (s.kind === 'pipe') this.serveWriters(s);
  }

  /** Lets waiting writers add their bytes while the pipe has room. */
  private serveWriters(s: Stream): void {
    for (let i = 0; i < s.waiters.length && !s.full(); ) {
      const w = s.waiters[i]!;
      if (!('write' in w.op)) {
        i++;
        continue;
      }
      s.waiters.splice(i, 1);
      const refusal = this.fill(s, w.op.write);
      this.k.wake(w.task, refusal === null ? [true] : [null, refusal], 'stream');
    }
  }
}
