// File times on the kernel's clock for a host folder under --deterministic: what the run made or changed carries
// the virtual time it happened at, everything else the run's start — never the host's times, so runs replay exactly.

interface Times {
  created: number;
  modified: number;
}

export class VirtualTimes {
  /** When the run started (what entries it did not touch show). */
  private readonly start: number;
  /** Entries made or changed in this run, by their names joined with '/'. */
  private readonly touched = new Map<string, Times>();

  /** `now` is the kernel's clock in milliseconds since the Unix epoch. */
  constructor(private readonly now: () => number) {
    this.start = this.time();
  }

  of(names: string[]): Times {
    return this.touched.get(names.join('/')) ?? { created: this.start, modified: this.start };
  }

  /** A file was written: made now if it was not there, modified now. */
  written(names: string[], existed: boolean): void {
    const now = this.time();
    this.touched.set(names.join('/'), { created: existed ? this.of(names).created : now, modified: now });
  }

  /** A folder was made now. */
  made(names: string[]): void {
    const now = this.time();
    this.touched.set(names.join('/'), { created: now, modified: now });
  }

  removed(names: string[]): void {
    this.touched.delete(names.join('/'));
  }

  /** An entry was renamed: its times, and those of everything under it, go with it. */
  renamed(from: string[], to: string[]): void {
    const key = from.join('/');
    for (const [path, times] of [...this.touched]) {
      if (path !== key && !path.startsWith(`${key}/`)) continue;
      this.touched.delete(path);
      this.touched.set(to.join('/') + path.slice(key.length), times);
    }
  }

  private time(): number {
    return Math.floor(this.now());
  }
}
