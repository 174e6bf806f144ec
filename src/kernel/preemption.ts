// The count-hook policy: when the running task must hand the processor over (preempted, deferred where it cannot
// yield, killed as stuck), and the slice's clock it reads (when the slice began, the time and instructions it used).
import type { HookAction, HookInfo } from '../vm/vm.js';
import type { Clock } from './clock.js';
import { killedFor, MESSAGES, type Process, type Task } from './process.js';
import type { Scheduler } from './scheduler.js';
import type { TimerQueue } from './timers.js';
import type { TraceKind } from './trace.js';

export const DEFAULT_QUANTUM = 10_000;
export const DEFAULT_YIELD_LIMIT = 50_000_000;
export const DEFAULT_INSTRUCTIONS_PER_MS = 100_000;
/** A lone task is still made to yield to the kernel after this many quanta, so the host keeps control. */
const MAX_QUANTA_PER_SLICE = 100;
/** ...but a slice never passes the end of the quantum that reaches this many instructions (at a large quantum,
 *  a lone task still gives the host its turn every quantum: Ctrl-C and --timeout within one quantum). */
const MAX_SLICE_INSTRUCTIONS = MAX_QUANTA_PER_SLICE * DEFAULT_QUANTUM;
/**
 * Milliseconds of a slice after which a system call that returns hands the processor on at once (the count hook
 * fires at the next instruction) when another task waits: time spent in system calls counts, not only instructions.
 */
const SLICE_BUDGET_MS = 10;
/** Virtual time charged for a slice that ended before the hook fired once (a system call). */
const MIN_SLICE_INSTRUCTIONS = 1_000;

/** What the policy reads of the kernel: the running task, the clock, the timers, the trace. */
export interface PreemptionContext {
  readonly current: Task | null;
  readonly clock: Clock;
  readonly timers: TimerQueue;
  record(kind: TraceKind, task: Task | null, data?: Record<string, string | number | boolean>): void;
}

export interface PreemptionSettings {
  /** Instructions per quantum (the count-hook period). */
  quantum: number;
  /** Instructions a task may run with no point where it can yield before it is killed. */
  yieldLimit: number;
  /** Virtual time: instructions per virtual millisecond. */
  instructionsPerMs: number;
}

export class Preemption {
  private sliceStart = 0;

  constructor(
    private readonly kernel: PreemptionContext,
    private readonly scheduler: Scheduler,
    private readonly settings: PreemptionSettings,
  ) {}

  /** A slice of `task` begins: its clock starts. */
  begin(task: Task): void {
    this.sliceStart = this.kernel.clock.now();
    task.process.sliceStartInstructions = task.process.vm.instructions();
  }

  /** The slice of `task` is over: its process is charged its instructions and time (virtual time moves on). */
  account(task: Task): void {
    const p = task.process;
    const clock = this.kernel.clock;
    const ran = p.vm.instructions() - p.sliceStartInstructions;
    p.counters.instructions += ran;
    p.counters.slices++;
    p.counters.peakMemory = Math.max(p.counters.peakMemory, p.vm.memoryUsed());
    if (clock.virtual) clock.advanceTo(this.sliceStart + Math.max(ran, MIN_SLICE_INSTRUCTIONS) / this.settings.instructionsPerMs);
    p.counters.cpuTime += clock.now() - this.sliceStart;
  }

  /** The count hook: decides, once per quantum, whether the running task yields, goes on, or dies. */
  onHook(info: HookInfo): HookAction {
    const task = this.kernel.current;
    if (!task) return 'continue';
    const p = task.process;
    if (p.exiting || p.outOfMemory) return 'kill';
    const dog = p.watchdog;
    if (dog !== null && this.cpuTime(p) - dog.kickedAt >= dog.limitMs) {
      dog.kickedAt = this.cpuTime(p); // the next error comes a whole period later, if the program goes on
      return { raise: dog.message };
    }
    if (!info.yieldable) {
      task.stuckInstructions += this.settings.quantum;
      if (!task.deferred && task.tid !== 0) this.kernel.record('defer', task); // the stand-in (preludes, flushes) is never scheduled
      task.deferred = true;
      if (task.stuckInstructions < this.settings.yieldLimit) return 'continue';
      p.exiting = killedFor(MESSAGES.stuck);
      return 'kill';
    }
    task.stuckInstructions = 0;
    // A system call has registered its wait and the task is on its way to the yield that waits: a
    // preemption now would land before that yield, and the wake would find a task not yet waiting.
    if (task.request) return 'continue';
    if (!this.mustYield(p)) return 'continue';
    task.preempted = true;
    return 'yield';
  }

  /** Whether the running task has used its slice's time and another task waits (checked after system calls). */
  overdue(task: Task): boolean {
    if (this.scheduler.empty && task.process.ready.length === 0) return false;
    return this.sliceNow(task.process) - this.sliceStart >= SLICE_BUDGET_MS;
  }

  /** CPU milliseconds a process has used, counting the slice running now. */
  cpuTime(p: Process): number {
    if (!this.inSlice(p)) return p.counters.cpuTime;
    return p.counters.cpuTime + this.sliceNow(p) - this.sliceStart;
  }

  /** Instructions a process has run, counting the slice running now (at the hook's granularity). */
  instructionsRun(p: Process): number {
    if (!this.inSlice(p)) return p.counters.instructions;
    return p.counters.instructions + p.vm.instructions() - p.sliceStartInstructions;
  }

  /** A task failed a system call that counts as time in a C call (a preemption that could not pass). */
  noteDeferred(task: Task): void {
    task.preempted = false; // the preemption did not happen after all
    task.stuckInstructions += this.settings.quantum;
    if (task.stuckInstructions >= this.settings.yieldLimit) {
      task.process.exiting ??= killedFor(MESSAGES.stuck);
    }
  }

  /** Whether a slice of `p` runs now (not its sandbox prelude at spawn, which runs as the stand-in task 0, uncounted). */
  private inSlice(p: Process): boolean {
    const current = this.kernel.current;
    return current !== null && current.process === p && current.tid !== 0;
  }

  /** The time now inside a slice of `p`: on a virtual clock, the slice's start plus its instructions so far. */
  private sliceNow(p: Process): number {
    if (!this.kernel.clock.virtual) return this.kernel.clock.now();
    return this.sliceStart + (p.vm.instructions() - p.sliceStartInstructions) / this.settings.instructionsPerMs;
  }

  /** A preemption is owed when another task waits, a timer is due, or the slice is long. */
  private mustYield(p: Process): boolean {
    if (!this.scheduler.empty || this.kernel.current?.deferred || p.ready.length > 0) return true;
    const ran = p.vm.instructions() - p.sliceStartInstructions;
    const quantum = this.settings.quantum;
    if (ran >= Math.min(MAX_QUANTA_PER_SLICE * quantum, Math.max(quantum, MAX_SLICE_INSTRUCTIONS))) return true;
    const next = this.kernel.timers.next();
    return next !== null && next <= this.sliceNow(p);
  }
}
