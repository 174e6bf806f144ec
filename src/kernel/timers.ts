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

/** Firing order: earlier deadline first, then earlier creation (ids grow with creation). */
function before(a: Timer, b: Timer): boolean {
  return a.deadline < b.deadline || (a.deadline === b.deadline && a.id < b.id);
}

/**
 * A binary min-heap in firing order with lazy deletion: a cancelled timer leaves `live` (and its process's
 * set) at once but stays in the heap until it reaches the top, where it is dropped. When cancelled entries
 * outnumber live ones the heap is rebuilt from the live timers, so it never holds more than twice the
 * live timers (plus a small slack). Every operation is O(log n) or better; cancelProcess is O(timers of pid).
 */
export class TimerQueue {
  private heap: Timer[] = [];
  private readonly live = new Map<number, Timer>();
  private readonly byProcess = new Map<number, Set<number>>();
  private nextId = 1;

  add(pid: number, tid: number, deadline: number, purpose: TimerPurpose, cid?: number): Timer {
    const timer: Timer = { id: this.nextId++, pid, tid, deadline, purpose, cid };
    this.live.set(timer.id, timer);
    const ids = this.byProcess.get(pid);
    if (ids) ids.add(timer.id);
    else this.byProcess.set(pid, new Set([timer.id]));
    this.push(timer);
    return timer;
  }

  cancel(id: number): boolean {
    const timer = this.live.get(id);
    if (!timer) return false;
    this.forget(timer);
    this.compactIfSparse();
    return true;
  }

  /** Drops every timer of a process; returns their ids. */
  cancelProcess(pid: number): number[] {
    const ids = this.byProcess.get(pid);
    if (!ids) return [];
    for (const id of ids) this.live.delete(id);
    this.byProcess.delete(pid);
    this.compactIfSparse();
    return [...ids];
  }

  find(id: number): Timer | undefined {
    return this.live.get(id);
  }

  deadlineOf(id: number): number | null {
    return this.live.get(id)?.deadline ?? null;
  }

  /** The earliest deadline, or null when none is pending. */
  next(): number | null {
    this.dropCancelledTop();
    return this.heap.length > 0 ? this.heap[0].deadline : null;
  }

  /** Removes and returns the timers due at `now`, in firing order. */
  due(now: number): Timer[] {
    const fired: Timer[] = [];
    for (this.dropCancelledTop(); this.heap.length > 0 && this.heap[0].deadline <= now; this.dropCancelledTop()) {
      const timer = this.pop();
      this.forget(timer);
      fired.push(timer);
    }
    return fired;
  }

  get size(): number {
    return this.live.size;
  }

  /** Takes a timer out of the live set and its process's set (the heap entry goes lazily). */
  private forget(timer: Timer): void {
    this.live.delete(timer.id);
    const ids = this.byProcess.get(timer.pid);
    if (!ids) return;
    ids.delete(timer.id);
    if (ids.size === 0) this.byProcess.delete(timer.pid);
  }

  private dropCancelledTop(): void {
    while (this.heap.length > 0 && this.live.get(this.heap[0].id) !== this.heap[0]) this.pop();
  }

  /** Rebuilds the heap from the live timers once cancelled entries outnumber them. */
  private compactIfSparse(): void {
    if (this.heap.length <= 2 * this.live.size + 64) return;
    this.heap = [...this.live.values()];
    for (let i = (this.heap.length >> 1) - 1; i >= 0; i--) this.siftDown(i);
  }

  private push(timer: Timer): void {
    this.heap.push(timer);
    this.siftUp(this.heap.length - 1);
  }

  /** Removes the top of a non-empty heap. */
  private pop(): Timer {
    const top = this.heap[0];
    const last = this.heap.pop();
    if (last !== undefined && this.heap.length > 0) {
      this.heap[0] = last;
      this.siftDown(0);
    }
    return top;
  }

  private siftUp(i: number): void {
    const heap = this.heap;
    const timer = heap[i];
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(timer, heap[parent])) break;
      heap[i] = heap[parent];
      i = parent;
    }
    heap[i] = timer;
  }

  private siftDown(i: number): void {
    const heap = this.heap;
    const timer = heap[i];
    for (;;) {
      let child = 2 * i + 1;
      if (child >= heap.length) break;
      if (child + 1 < heap.length && before(heap[child + 1], heap[child])) child++;
      if (!before(heap[child], timer)) break;
      heap[i] = heap[child];
      i = child;
    }
    heap[i] = timer;
  }
}
