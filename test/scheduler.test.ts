// The scheduler and the task lifecycle under random spawns, slices, wakes, task ends and process exits
// (fast-check): the run queue keeps its written rule, round-robin serves processes in turn, FIFO within each.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Lifecycle } from '../src/kernel/lifecycle.js';
import { newProcess, newTask, type Process, type Task } from '../src/kernel/process.js';
import { SeededRandom } from '../src/kernel/random.js';
import { roundRobin, Scheduler, seededRandomPolicy, type SchedulingPolicy } from '../src/kernel/scheduler.js';
import type { VmState, VmThread } from '../src/vm/vm.js';

type Op =
  | { op: 'spawn'; who: number }
  | { op: 'pick' }
  | { op: 'sliceEnd'; how: 'yield' | 'block' | 'end' }
  | { op: 'wake'; which: number }
  | { op: 'endTask'; which: number }
  | { op: 'exit'; who: number };

const PROCESSES = 4;

// The scheduler never touches a process's Lua state or a task's thread: empty stand-ins will do.
const noVm = {} as unknown as VmState;
const noThread = {} as unknown as VmThread;

/**
 * The rule, written as a model: the processes in the run queue in order, and each one's ready tasks in
 * order. `running` is the task in its slice (its process is out of the queue unless a sibling became ready).
 */
class Model {
  queue: Process[] = [];
  readonly ready = new Map<Process, Task[]>();
  running: Task | null = null;

  admit(task: Task): void {
    this.ready.get(task.process)!.push(task);
    if (!this.queue.includes(task.process)) this.queue.push(task.process);
  }
  withdraw(task: Task): void {
    const ready = this.ready.get(task.process)!;
    if (ready.includes(task)) ready.splice(ready.indexOf(task), 1);
    if (ready.length === 0) this.queue = this.queue.filter((p) => p !== task.process);
  }
  sliceEnded(p: Process): void {
    if (this.ready.get(p)!.length > 0 && !this.queue.includes(p)) this.queue.push(p);
  }
  exited(p: Process): void {
    this.ready.set(p, []);
    this.queue = this.queue.filter((q) => q !== p);
  }
}

/** Whether two lists hold the same objects in the same order (identity: records point at each other). */
function same<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** A policy that hands the real run queue to `check` before the wrapped policy picks from it. */
function observed(policy: SchedulingPolicy, check: (queue: readonly Process[]) => void): SchedulingPolicy {
  return {
    name: policy.name,
    pick: (queue) => {
      check(queue);
      return policy.pick(queue);
    },
  };
}

function runOps(ops: Op[], policy: SchedulingPolicy, roundRobinOrder: boolean): void {
  const model = new Model();
  let picked: Process | null = null;
  const scheduler = new Scheduler(
    observed(policy, (queue) => {
      expect(same(queue, model.queue), "the run queue the policy sees is the model's").toBe(true);
    }),
  );
  const lifecycle = new Lifecycle(scheduler);
  const processes: Process[] = [];
  for (let pid = 1; pid <= PROCESSES; pid++) {
    const p = newProcess({ pid, ppid: 0, tree: pid, name: `p${pid}`, program: null, args: [], runtime: 'none', vm: noVm, context0: 1 });
    processes.push(p);
    model.ready.set(p, []);
  }
  const tasksIn = (state: Task['state']): Task[] => processes.flatMap((p) => [...p.tasks.values()]).filter((t) => t.state === state);

  for (const op of ops) {
    if (op.op === 'spawn') {
      const p = processes[op.who % PROCESSES];
      if (p.exit) continue;
      const task = newTask(p.nextTid++, p, noThread);
      lifecycle.admit(task);
      model.admit(task);
    } else if (op.op === 'pick' && !model.running) {
      const expectedProcess = roundRobinOrder ? model.queue[0] : undefined;
      const task = scheduler.next();
      if (!task) {
        expect(model.queue.length).toBe(0);
        continue;
      }
      picked = task.process;
      if (roundRobinOrder) expect(picked, 'round-robin serves the head of the queue').toBe(expectedProcess);
      expect(task, 'the oldest ready task of the chosen process runs').toBe(model.ready.get(picked)![0]);
      model.queue = model.queue.filter((p) => p !== picked);
      model.ready.get(picked)!.shift();
      lifecycle.run(task);
      model.running = task;
    } else if (op.op === 'sliceEnd' && model.running) {
      const task = model.running;
      if (op.how === 'yield') {
        lifecycle.yielded(task);
        model.admit(task);
      } else if (op.how === 'block') lifecycle.block(task, { on: 'join', tid: 0 });
      else lifecycle.end(task);
      scheduler.enqueue(task.process);
      model.sliceEnded(task.process);
      model.running = null;
    } else if (op.op === 'wake') {
      const blocked = tasksIn('blocked');
      if (blocked.length === 0) continue;
      const task = blocked[op.which % blocked.length];
      lifecycle.wake(task, []);
      model.admit(task);
    } else if (op.op === 'endTask') {
      const waiting = [...tasksIn('ready'), ...tasksIn('blocked')];
      if (waiting.length === 0) continue;
      const task = waiting[op.which % waiting.length];
      lifecycle.end(task);
      model.withdraw(task);
    } else if (op.op === 'exit') {
      const p = processes[op.who % PROCESSES];
      if (p.exit) continue;
      p.exit = { code: 0, kind: 'exited' };
      for (const t of [...p.tasks.values()]) lifecycle.end(t);
      scheduler.remove(p);
      model.exited(p);
      if (model.running?.process === p) model.running = null;
    }
    expect(ruleViolations(processes, model, scheduler), `after ${JSON.stringify(op)}`).toEqual([]);
  }
}

/** The run queue's rule (scheduler.ts), checked on every process after every operation: what it breaks. */
function ruleViolations(processes: Process[], model: Model, scheduler: Scheduler): string[] {
  const broken: string[] = [];
  for (const p of processes) {
    if (!same(p.ready, model.ready.get(p)!)) broken.push(`pid ${p.pid}: ready tasks not the model's (FIFO)`);
    if (new Set(p.ready).size !== p.ready.length) broken.push(`pid ${p.pid}: a task is ready twice`);
    for (const t of p.ready) {
      if (t.state !== 'ready') broken.push(`pid ${p.pid} tid ${t.tid}: in ready but ${t.state}`);
      if (p.tasks.get(t.tid) !== t) broken.push(`pid ${p.pid} tid ${t.tid}: ready but not in the task table`);
    }
    if (p.queued !== model.queue.includes(p)) broken.push(`pid ${p.pid}: queued is ${p.queued}, the model says otherwise`);
    if (p.queued && p.ready.length === 0) broken.push(`pid ${p.pid}: queued with no ready task`);
    if (p.ready.length > 0 && !p.queued && model.running?.process !== p) broken.push(`pid ${p.pid}: ready tasks, not queued, not in its slice`);
    if (p.exit && p.tasks.size > 0) broken.push(`pid ${p.pid}: ended with tasks`);
  }
  if (scheduler.empty !== (model.queue.length === 0)) broken.push(`empty is ${scheduler.empty}`);
  return broken;
}

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ op: fc.constant('spawn' as const), who: fc.nat(PROCESSES - 1) }) },
  { weight: 4, arbitrary: fc.constant({ op: 'pick' as const }) },
  { weight: 4, arbitrary: fc.record({ op: fc.constant('sliceEnd' as const), how: fc.constantFrom('yield' as const, 'block' as const, 'end' as const) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('wake' as const), which: fc.nat(50) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('endTask' as const), which: fc.nat(50) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('exit' as const), who: fc.nat(PROCESSES - 1) }) },
);
const opsArb = fc.array(opArb, { minLength: 20, maxLength: 200, size: 'max' });

describe('scheduler', () => {
  it('keeps the run queue rule; round-robin serves processes in turn and each process FIFO', () => {
    fc.assert(
      fc.property(opsArb, (ops) => runOps(ops, roundRobin, true)),
      { numRuns: 200 },
    );
  });

  it('keeps the run queue rule under the seeded-random policy', () => {
    fc.assert(
      fc.property(opsArb, fc.nat(1000), (ops, seed) => runOps(ops, seededRandomPolicy(new SeededRandom(seed)), false)),
      { numRuns: 200 },
    );
  });

  it('puts a process back at the end of its slice only when it has a ready task, behind the others', () => {
    const scheduler = new Scheduler(roundRobin);
    const lifecycle = new Lifecycle(scheduler);
    const [a, b] = [1, 2].map((pid) =>
      newProcess({ pid, ppid: 0, tree: pid, name: `p${pid}`, program: null, args: [], runtime: 'none', vm: noVm, context0: 1 }),
    );
    const a1 = newTask(1, a, noThread);
    const a2 = newTask(2, a, noThread);
    const b1 = newTask(1, b, noThread);
    for (const t of [a1, a2, b1]) lifecycle.admit(t);
    expect(scheduler.next()).toBe(a1);
    lifecycle.run(a1);
    expect(a.queued, 'out of the queue during its slice').toBe(false);
    lifecycle.yielded(a1);
    scheduler.enqueue(a);
    expect([scheduler.next(), scheduler.next()], 'a went behind b').toEqual([b1, a2]);
    expect(scheduler.next(), 'a waits for the end of its slice to go back').toBeNull();
    scheduler.enqueue(a);
    scheduler.enqueue(b);
    expect([scheduler.next(), scheduler.next()], 'b has no ready task: it stays out').toEqual([a1, null]);
  });

  it('shares the processor by process tree: a tree with many ready processes takes turns with a tree of one', () => {
    const scheduler = new Scheduler(roundRobin);
    const lifecycle = new Lifecycle(scheduler);
    const process = (pid: number, tree: number): Process =>
      newProcess({ pid, ppid: tree === pid ? 0 : tree, tree, name: `p${pid}`, program: null, args: [], runtime: 'none', vm: noVm, context0: 1 });
    const crowd = [1, 3, 4, 5].map((pid) => process(pid, 1)); // pid 1 and its children 3, 4, 5
    const probe = process(2, 2);
    const served: number[] = [];
    for (const p of [...crowd, probe]) lifecycle.admit(newTask(1, p, noThread));
    for (let i = 0; i < 8; i++) {
      const task = scheduler.next();
      if (!task) throw new Error('the queue ran dry');
      served.push(task.process.pid);
      lifecycle.run(task);
      lifecycle.yielded(task);
      scheduler.enqueue(task.process); // its slice ended and it is still ready
    }
    expect(served, 'the probe runs every other slice, not once per round of the crowd').toEqual([1, 2, 3, 2, 4, 2, 5, 2]);
    expect(
      scheduler.queue.map((p) => p.pid),
      'the crowd in its own order, behind the probe',
    ).toEqual([1, 3, 4, 5, 2]);
  });
});
