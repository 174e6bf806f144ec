// A bounded ring of log lines that keeps the newest: what a service printed (per service), or everything
// init and the services said (the system log). Readable as a snapshot and followed by listeners.

export interface LogEntry {
  /** Kernel clock, ms. */
  t: number;
  /** The service the line is from ('init' for init's own lines). */
  service: string;
  stream: 'stdout' | 'stderr';
  text: string;
}

export class LogRing {
  private readonly lines: LogEntry[] = [];
  private readonly followers = new Set<(entry: LogEntry) => void>();
  /** Lines pushed out to keep the ring within its capacity. */
  dropped = 0;

  constructor(private capacity: number) {}

  push(entry: LogEntry): void {
    this.lines.push(entry);
    this.trim();
    for (const f of this.followers) f(entry);
  }

  /** Keeps at most `capacity` lines from now on (the newest, when it shrinks). */
  resize(capacity: number): void {
    this.capacity = capacity;
    this.trim();
  }

  private trim(): void {
    const excess = this.lines.length - this.capacity;
    if (excess <= 0) return;
    this.lines.splice(0, excess);
    this.dropped += excess;
  }

  /** The newest `n` lines (all when absent), oldest first. */
  snapshot(n = this.lines.length): LogEntry[] {
    return n <= 0 ? [] : this.lines.slice(-n);
  }

  /** Calls `listener` with every line pushed from now on; returns the function that stops it. */
  follow(listener: (entry: LogEntry) => void): () => void {
    this.followers.add(listener);
    return () => this.followers.delete(listener);
  }
}

/** Cuts output into lines, keeping an unfinished last line per writer until its newline comes. */
export class LineSplitter {
  private readonly partial = new Map<string, string>();

  /** The complete lines `text` finishes for `key` (without their newlines). */
  split(key: string, text: string): string[] {
    const lines = ((this.partial.get(key) ?? '') + text).split('\n');
    const rest = lines.pop()!;
    if (rest === '') this.partial.delete(key);
    else this.partial.set(key, rest);
    return lines;
  }
}
