// The task lifecycle: every change of a task's state, each in one function that asserts the state it
// starts from (ready → running → blocked → ready … → ended). Nothing else writes Task.state.
import type { LuaValue } from '../vm/vm.js';
import type { Scheduler } from './scheduler.js';
import type { Task, TaskState, Wait } from './process.js';

/** A broken kernel invariant: a bug in thox, never a program's fault. */
export class KernelInvariantError extends Error {}

function expectState(task: Task, states: readonly TaskState[], change: string): void {
  if (!states.includes(task.state)) {
    throw new KernelInvariantError(`${change}: pid ${task.process.pid} tid ${task.tid} is ${task.state}, not ${states.join(' or ')}`);
  }
}

export class Lifecycle {
  constructor(private readonly scheduler: Scheduler) {}

  /** A new task enters its process's table, ready to run. */
  admit(task: Task): void {
    expectState(task, ['ready'], 'admit');
    if (task.process.tasks.has(task.tid)) throw new KernelInvariantError(`admit: tid ${task.tid} exists in pid ${task.process.pid}`);
    task.process.tasks.set(task.tid, task);
    this.scheduler.admit(task);
  }

  /** The scheduler's pick starts its slice. */
  run(task: Task): void {
    expectState(task, ['ready'], 'run');
    task.state = 'running';
    task.preempted = false;
  }

  /** The task gave up the processor (preempted, or yielded) and waits for its next turn. */
  yielded(task: Task): void {
    expectState(task, ['running'], 'yield');
    task.state = 'ready';
    this.scheduler.admit(task);
  }

  /** The task waits for `wait`; it registered it during its slice. */
  block(task: Task, wait: Wait): void {
    expectState(task, ['running'], 'block');
    task.state = 'blocked';
    task.wait = wait;
  }

  /** What the task waited for came: it runs again with `values` as its system call's results. */
  wake(task: Task, values: LuaValue[]): void {
    expectState(task, ['blocked'], 'wake');
    task.state = 'ready';
    task.wait = null;
    task.resumeWith = values;
    this.scheduler.admit(task);
  }

  /** The task is over: it leaves its process's table and the run queue. */
  end(task: Task): void {
    expectState(task, ['ready', 'running', 'blocked'], 'end');
    if (task.state === 'ready') this.scheduler.withdraw(task);
    task.state = 'ended';
    task.wait = null;
    task.request = null;
    task.process.tasks.delete(task.tid);
  }
}
