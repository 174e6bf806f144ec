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
 * ready, and only ready tasks are there. No entry is ever stale: a task or process that stops being ready is taken
 * out at once (withdraw, remove).
 *
 * Fair share by process tree: the queue is kept as the trees with a queued process, in turn order, each with its
 * queued processes in the order they were queued. Round-robin serves the first tree's first process, then that tree
 * waits behind the others; so a process that spawns a crowd of children shares the processor with the other trees,
 * and a sibling tree waits at most one slice per tree. The policy sees the queue in that order (trees in turn, each
 * tree's processes in order), picks a process, and that process's oldest ready task runs.
 */
export class Scheduler {
  /** Trees with a queued process, in turn order (a Map keeps insertion order), each with its queued processes. */
  private readonly trees = new Map<number, Process[]>();

  constructor(private readonly policy: SchedulingPolicy) {}

  /** A task has become ready: it goes to the back of its process's ready tasks. */
  admit(task: Task): void {
    task.process.ready.push(task);
    this.enqueue(task.process);
  }

  /** Puts a process with ready tasks at the back of its tree's queued processes, unless it is queued already. */
  enqueue(p: Process): void {
    if (p.queued || p.ready.length === 0) return;
    p.queued = true;
    const list = this.trees.get(p.tree);
    if (list) list.push(p);
    else this.trees.set(p.tree, [p]);
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
    const list = this.trees.get(p.tree) ?? [];
    list.splice(list.indexOf(p), 1);
    if (list.length === 0) this.trees.delete(p.tree);
  }

  get empty(): boolean {
    return this.trees.size === 0;
  }

  /** The run queue in the order the policy sees it: the trees in turn, each tree's queued processes in order. */
  get queue(): Process[] {
    return [...this.trees.values()].flat();
  }

  /** The next task to run: a process chosen by the policy, then that process's oldest ready task; its tree's turn ends. */
  next(): Task | null {
    if (this.trees.size === 0) return null;
    // round-robin always picks the first process: found without building the whole queue
    const p = this.policy === roundRobin ? this.first() : this.picked();
    this.remove(p);
    const list = this.trees.get(p.tree);
    if (list) {
      this.trees.delete(p.tree); // its tree goes behind the others
      this.trees.set(p.tree, list);
    }
    return p.ready.shift() ?? null;
  }

  private picked(): Process {
    const queue = this.queue;
    return queue[this.policy.pick(queue)];
  }

  private first(): Process {
    const [list] = this.trees.values();
    return list[0];
  }
}
