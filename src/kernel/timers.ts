// Pending timers ordered by deadline, ties broken by creation order, so firing order is deterministic.
// A timer belongs to a process and either wakes a task (sleep, timeouts) or queues a 'timer' event.

export type TimerPurpose = 'sleep' | 'event' | 'timeout' | 'call' | 'native';

export interface Timer {
  readonly id: number;
  readonly pid: number;
  readonly tid: number;
  readonly deadline: number;
  readonly purpose: TimerPurpose;
  /** For a 'call' timer: the call it times out. */
  readonly cid?: number;
}

export class TimerQueue {
  private readonly timers: Timer[] = [];
  private nextId = 1;

  add(pid: number, tid: number, deadline: number, purpose: TimerPurpose, cid?: number): Timer {
    const timer: Timer = { id: this.nextId++, pid, tid, deadline, purpose, cid };
    let lo = 0;
    let hi = this.timers.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.timers[mid].deadline <= deadline) lo = mid + 1;
      else hi = mid;
    }
    this.timers.splice(lo, 0, timer);
    return timer;
  }

  cancel(id: number): boolean {
    const i = this.timers.findIndex((t) => t.id === id);
    if (i < 0) return false;
    this.timers.splice(i, 1);
    return true;
  }

  /** Drops every timer of a process. */
  cancelProcess(pid: number): void {
    for (let i = this.timers.length - 1; i >= 0; i--) if (this.timers[i].pid === pid) this.timers.splice(i, 1);
  }

  find(id: number): Timer | undefined {
    return this.timers.find((t) => t.id === id);
  }

  deadlineOf(id: number): number | null {
    return this.timers.find((t) => t.id === id)?.deadline ?? null;
  }

  /** The earliest deadline, or null when none is pending. */
  next(): number | null {
    return this.timers.length > 0 ? this.timers[0].deadline : null;
  }

  /** Removes and returns the timers due at `now`, in firing order. */
  due(now: number): Timer[] {
    let n = 0;
    while (n < this.timers.length && this.timers[n].deadline <= now) n++;
    return this.timers.splice(0, n);
  }

  get size(): number {
    return this.timers.length;
  }
}
