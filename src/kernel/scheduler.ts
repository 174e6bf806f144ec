// The scheduler: which task runs next. The run queue holds the processes that have a ready task; every
// choice of process goes through one policy object (round-robin, or seeded-random for exploring interleavings).
import type { Process, Task } from './process.js';
import type { Random } from './random.js';

export interface SchedulingPolicy {
  readonly name: string;
  /** Picks an index into the run queue (never empty). */
  pick(queue: readonly Process[]): number;
}

export const roundRobin: SchedulingPolicy = { name: 'round-robin', pick: () => 0 };

export function seededRandomPolicy(random: Random): SchedulingPolicy {
  return { name: 'random', pick: (queue) => random.below(queue.length) };
}

/**
 * The run queue's rule: a process is in the queue at most once (`Process.queued` says when), and always while
 * it has a ready task — except during its own slice, which took it out: it goes back when another of its tasks
 * becomes ready, or at the slice's end. A process's ready tasks wait in `Process.ready` in the order they became
 * ready, and only ready tasks are there. The policy picks a process; that process's oldest ready task runs. No entry is
 * ever stale: a task or process that stops being ready is taken out at once (withdraw, remove).
 */
export class Scheduler {
  private readonly queue: Process[] = [];

  constructor(private readonly policy: SchedulingPolicy) {}

  /** A task has become ready: it goes to the back of its process's ready tasks. */
  admit(task: Task): void {
    task.process.ready.push(task);
    this.enqueue(task.process);
  }

  /** Puts a process with ready tasks at the back of the run queue, unless it is there already. */
  enqueue(p: Process): void {
    if (p.queued || p.ready.length === 0) return;
    p.queued = true;
    this.queue.push(p);
  }

  /** Takes a task that is no longer ready (it ended) out of its process's ready tasks. */
  withdraw(task: Task): void {
    const p = task.process;
    const i = p.ready.indexOf(task);
    if (i >= 0) p.ready.splice(i, 1);
    if (p.ready.length === 0) this.remove(p);
  }

  /** Takes a process out of the run queue (it ended, or has no ready task left). */
  remove(p: Process): void {
    if (!p.queued) return;
    p.queued = false;
    this.queue.splice(this.queue.indexOf(p), 1);
  }

  get empty(): boolean {
    return this.queue.length === 0;
  }

  /** The next task to run: a process chosen by the policy, then that process's oldest ready task. */
  next(): Task | null {
    if (this.queue.length === 0) return null;
    const [p] = this.queue.splice(this.policy.pick(this.queue), 1);
    p.queued = false;
    return p.ready.shift() ?? null;
  }
}
