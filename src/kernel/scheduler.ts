// The scheduler: which task runs next. Round-robin over processes, then over a process's tasks;
// every choice goes through one policy object (round-robin, or seeded-random for exploring interleavings).
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

export class Scheduler {
  /** Processes with at least one ready task, in the order they will be served. */
  private readonly queue: Process[] = [];

  constructor(private readonly policy: SchedulingPolicy) {}

  /** Puts a process at the back of the run queue if it has a ready task and is not queued. */
  enqueue(p: Process): void {
    if (!this.queue.includes(p) && p.tasks.some((t) => t.state === 'ready')) this.queue.push(p);
  }

  remove(p: Process): void {
    const i = this.queue.indexOf(p);
    if (i >= 0) this.queue.splice(i, 1);
  }

  get empty(): boolean {
    return this.queue.length === 0;
  }

  /** The next task to run: a process chosen by the policy, then that process's next ready task. */
  next(): Task | null {
    while (this.queue.length > 0) {
      const i = this.policy.pick(this.queue);
      const p = this.queue[i];
      this.queue.splice(i, 1);
      const task = nextReadyTask(p);
      if (task) return task;
    }
    return null;
  }
}

/** Round-robin among a process's tasks, from its cursor. */
function nextReadyTask(p: Process): Task | null {
  const n = p.tasks.length;
  for (let k = 0; k < n; k++) {
    const i = (p.cursor + k) % n;
    if (p.tasks[i].state === 'ready') {
      p.cursor = i + 1; // taken modulo the task count at the next pick, which may have grown
      return p.tasks[i];
    }
  }
  return null;
}
