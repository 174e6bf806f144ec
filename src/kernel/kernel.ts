// The kernel: spawning, slices (resume one task until it yields, blocks, is preempted or ends), blocking and waking,
// timers, exits and kills, over the process table (when a running task must hand over: preemption.ts).
import type { ByteString, LuaValue, ResumeOutcome, StateOptions, Vm, VmRef, VmState } from '../vm/vm.js';
import { LuaTable, VmLoadError, VmRunError } from '../vm/vm.js';
import type { Clock } from './clock.js';
import {
  eventMatches,
  EXIT_CODES,
  exitValues,
  kickOnPull,
  killedFor,
  MAIN_TID,
  MESSAGES,
  newProcess,
  newTask,
  type ExitStatus,
  type Process,
  type Task,
  type Wait,
} from './process.js';
import type { Random } from './random.js';
import { KernelInvariantError, Lifecycle } from './lifecycle.js';
import { roundRobin, Scheduler, seededRandomPolicy } from './scheduler.js';
import { SpawnError, type KernelServices, type OutputStream, type ProgramLoader, type SpawnRequest } from './services.js';
import { ProcessTable } from './process-table.js';
import { namePreludeFrames, Preludes } from './preludes.js';
import { eventValues, isAnswer } from './contexts.js';
import { checkLimit, limitMessage, resolveLimits, type Limits } from './limits.js';
import { Interactions } from './interactions.js';
import { fireDueTimers } from './timer-firing.js';
import { installStringLibrary } from './string-library.js';
import { installSystemCalls } from './syscalls.js';
import { TimerQueue, type Timer } from './timers.js';
import { DEFAULT_INSTRUCTIONS_PER_MS, DEFAULT_QUANTUM, DEFAULT_YIELD_LIMIT, Preemption } from './preemption.js';
import { Streams } from './streams.js';
import { Trace, type TraceKind } from './trace.js';

export { SpawnError, type OutputStream, type ProgramLoader, type SpawnRequest } from './services.js';
export { exitValues } from './process.js';
export { DEFAULT_INSTRUCTIONS_PER_MS, DEFAULT_QUANTUM, DEFAULT_YIELD_LIMIT } from './preemption.js';

export interface KernelOptions {
  vm: Vm;
  clock: Clock;
  random: Random;
  loader: ProgramLoader;
  output: (pid: number, stream: OutputStream, text: ByteString) => void;
  /** Instructions per slice (the count-hook period). */
  quantum?: number;
  /** Bytes per process; 0 for none. */
  memoryLimit?: number;
  /** Instructions a task may run with no point where it can yield before it is killed. */
  yieldLimit?: number;
  /** Virtual time: instructions per virtual millisecond. */
  instructionsPerMs?: number;
  policy?: 'round-robin' | 'random';
  trace?: Trace;
  /** Counts and bytes a process (or its tree) may make the kernel hold; unnamed ones keep DEFAULT_LIMITS. */
  limits?: Partial<Limits>;
  /** Whether the host's standard output is a terminal (io buffers it by line, not fully). */
  terminal?: boolean;
  /** Whether the host gives input (the first process's stdin); without it, stdin reads find its end at once. */
  input?: boolean;
  /** Deterministic mode: the seed every source of time and chance inside the VMs draws from (each process's
   *  state from the seed and its pid). Absent: the engines keep their own (the host clock, the JS random source). */
  vmSeed?: number;
}

export const DEFAULT_MEMORY_LIMIT = 64 * 1024 * 1024;
/** Timers a process is charged for (the others are bounded by its tasks and calls). */
const CHARGED_TIMERS: ReadonlySet<Timer['purpose']> = new Set(['event', 'native']);

/** `input`: nothing can run until the host gives more input (a task reads its stdin) or ends it. */
export type StepResult = { kind: 'ran' } | { kind: 'idle'; until: number } | { kind: 'input' } | { kind: 'deadlock'; blocked: string[] } | { kind: 'done' };

export class Kernel implements KernelServices {
  readonly processes = new ProcessTable();
  readonly trace: Trace;
  readonly quantum: number;
  readonly memoryLimit: number;
  readonly yieldLimit: number;
  readonly limits: Limits;
  readonly timers = new TimerQueue();
  /** Contexts, calls, answers and messages between processes. */
  readonly interactions: Interactions = new Interactions(this);
  /** Descriptors, pipes and the host's streams; output reaches the host through them, in order. */
  readonly streams: Streams;
  readonly clock: Clock;
  readonly random: Random;
  readonly loader: ProgramLoader;
  /** The task whose slice is running now. */
  current: Task | null = null;
  private readonly scheduler: Scheduler;
  private readonly lifecycle: Lifecycle;
  private readonly preemption: Preemption;
  private readonly exitListeners: Array<(p: Process) => void> = [];
  private readonly spawnListeners: Array<(p: Process) => void> = [];
  private readonly timerListeners: Array<(id: number) => void> = [];
  private readonly preludes: Preludes;
  /** The bytes each waiting event is charged to its process for. */
  private readonly eventBytes = new WeakMap<LuaTable, number>();
  /** Charged timers (see CHARGED_TIMERS) → their process. */
  private readonly chargedTimers = new Map<number, Process>();

  constructor(private readonly options: KernelOptions) {
    this.clock = options.clock;
    this.random = options.random;
    this.loader = options.loader;
    this.quantum = options.quantum ?? DEFAULT_QUANTUM;
    this.memoryLimit = options.memoryLimit ?? DEFAULT_MEMORY_LIMIT;
    this.yieldLimit = options.yieldLimit ?? DEFAULT_YIELD_LIMIT;
    this.limits = resolveLimits(options.limits);
    this.streams = new Streams({
      limits: this.limits,
      terminal: options.terminal ?? false,
      wake: (t, values, by) => this.wake(t, values, by),
      hostOutput: (pid, stream, text) => this.options.output(pid, stream, text),
    });
    if (!options.input) this.streams.endInput();
    this.trace = options.trace ?? new Trace(false);
    this.preludes = new Preludes(options.vm);
    options.vm.setMemoryBudget(this.limits.heap);
    this.scheduler = new Scheduler(options.policy === 'random' ? seededRandomPolicy(this.random) : roundRobin);
    this.lifecycle = new Lifecycle(this.scheduler);
    const instructionsPerMs = options.instructionsPerMs ?? DEFAULT_INSTRUCTIONS_PER_MS;
    this.preemption = new Preemption(this, this.scheduler, { quantum: this.quantum, yieldLimit: this.yieldLimit, instructionsPerMs });
    if (!Number.isInteger(this.quantum) || this.quantum < 100) throw new RangeError('quantum must be an integer of at least 100 instructions');
  }

  get vm(): Vm {
    return this.options.vm;
  }

  now(): number {
    return this.clock.now();
  }

  onExit(listener: (p: Process) => void): void {
    this.exitListeners.push(listener);
  }

  onSpawn(listener: (p: Process) => void): void {
    this.spawnListeners.push(listener);
  }

  output(pid: number, stream: OutputStream, text: ByteString): void {
    this.streams.hostOutput(pid, stream, text);
  }

  record(kind: TraceKind, task: Task | null, data: Record<string, string | number | boolean> = {}): void {
    if (this.trace.enabled) this.trace.record(this.now(), kind, task?.process.pid, task?.tid, data);
  }

  // ---------------------------------------------------------------------------------------------
  // Processes and tasks
  // ---------------------------------------------------------------------------------------------

  /**
   * Creates a process: a new Lua state with the sandbox run in it, and its main task, which runs the runtime
   * prelude in its first slices (preempted and charged like the program: a costly prelude costs the child, not the
   * caller) and then the program. A program that does not compile is refused here; a prelude's error ends the child.
   */
  spawn(req: SpawnRequest): Process {
    const runtime = req.runtime ?? 'native';
    const runtimeSource = this.loader.runtime(runtime);
    if (runtimeSource === null) throw new SpawnError(`unknown runtime '${runtime}'`);
    let name = req.name;
    let source = req.source;
    let program = req.program ?? null;
    let chunk = name;
    if (source === undefined) {
      // a runtime that finds its programs by name keeps the name; a stored program of that name is its fallback
      const found = this.loader.program(req.name);
      if (!found && !req.runtimeResolves) throw new SpawnError(`program not found: ${req.name}`);
      if (found) {
        if (!req.runtimeResolves) name = found.name;
        chunk = found.name;
        source = found.source;
        program = found.name.endsWith('.lua') ? found.name.slice(0, -4) : found.name;
      }
    }
    const parent = req.ppid === undefined ? undefined : this.processes.get(req.ppid);
    if (parent) checkTree(this.limits, this.processes.treeSize(parent.tree), parent.tree);
    const pid = this.processes.newPid();
    const vm = newStateOrRefuse(this.vm, {
      memoryLimit: this.memoryLimit,
      hookCount: this.quantum,
      onHook: (info) => this.preemption.onHook(info),
      onOutOfMemory: (shared) => {
        proc.outOfMemory ??= shared ? MESSAGES.heapFull : MESSAGES.outOfMemory;
      },
      killMessage: () => proc.exiting?.message ?? 'killed',
      killed: () => (proc.exiting !== null && !proc.closing) || proc.outOfMemory !== null,
      deterministic: this.options.vmSeed === undefined ? undefined : { seed: (this.options.vmSeed ^ Math.imul(pid, 0x9e3779b9)) >>> 0 },
    });
    const proc = newProcess({
      pid,
      ppid: req.ppid ?? 0,
      tree: parent?.tree ?? pid,
      name,
      program,
      args: req.args ?? [],
      runtime,
      vm,
      context0: req.context ?? parent?.context0 ?? this.interactions.contexts.root.id,
      env: req.env ?? parent?.env,
      folder: req.folder ?? parent?.folder,
    });
    const caller = this.current;
    this.current = setupTask(proc);
    try {
      this.processes.add(proc); // its preludes may already ask about it (os.info, os.pid)
      this.streams.open(proc, parent, req.streams);
      installSystemCalls(this, vm);
      installStringLibrary(vm, this.vm.hasMemoryLimit);
      this.preludes.runSandbox(vm);
      const prelude = this.preludes.loadRuntime(vm, runtime, runtimeSource);
      const argTable = LuaTable.list(proc.args);
      argTable.set(0, name);
      vm.setGlobal(null, 'arg', argTable);
      const main = source === undefined ? null : loadProgram(vm, source, chunk);
      for (const id of [proc.context0, ...(req.contexts ?? [])]) {
        const ctx = this.interactions.contexts.get(id);
        if (ctx) this.interactions.grant(proc, ctx);
      }
      this.trace.record(this.now(), 'spawn', pid, undefined, { ppid: proc.ppid, name, runtime });
      for (const listener of this.spawnListeners) listener(proc);
      const mainTask = this.preludes.loadMainTask(vm);
      if (main === null) this.startTask(proc, mainTask, [false, ...proc.args], [prelude]);
      else if (req.runtimeResolves) this.startTask(proc, mainTask, [true, ...proc.args], [prelude]).program = { fn: main, args: proc.args };
      else this.startTask(proc, mainTask, proc.args, [prelude, main]).program = { fn: main, args: proc.args };
      vm.unref(prelude);
    } catch (e) {
      vm.close();
      this.streams.processEnded(proc);
      this.processes.remove(pid);
      if (e instanceof VmLoadError) throw new SpawnError(e.message);
      throw e;
    } finally {
      this.current = caller;
    }
    return proc;
  }

  /**
   * Adds a task running `fn` (already anchored in the process's state) to a process. The task learns its id from
   * its first resume: a spawned task's function receives its tid first, then `args`; the main task only `args`.
   */
  startTask(p: Process, fn: VmRef, args: LuaValue[] = [], leading: readonly VmRef[] = []): Task {
    if (p.nextTid !== MAIN_TID) checkLimit(this.limits, 'tasks', `process ${p.pid}`, p.tasks.size + p.results.size);
    const tid = p.nextTid++;
    const task = newTask(tid, p, p.vm.newThread(fn, leading), tid === MAIN_TID ? args : [tid, ...args]);
    this.lifecycle.admit(task);
    if (tid !== MAIN_TID) this.record('task', task, { op: 'start' });
    return task;
  }

  /**
   * The one way a process ends. During its own slice the end is decided now and carried out when the slice
   * returns (the running Lua code is stopped first); otherwise at once.
   */
  exit(p: Process, status: ExitStatus): void {
    if (p.exit) return;
    if (this.current?.process === p) p.exiting ??= status;
    else this.finish(p, status);
  }

  /** Ends a process from outside its slices (os.kill, the CLI, a timeout); false when it is not running. */
  kill(pid: number, reason = 'killed'): boolean {
    const p = this.processes.get(pid);
    if (!p || p.exit) return false;
    this.exit(p, killedFor(reason));
    return true;
  }

  /** Kills every live process (the end of a run). */
  killAll(reason: string): void {
    for (const p of [...this.processes.values()].reverse()) if (!p.exit) this.kill(p.pid, reason);
  }

  // ---------------------------------------------------------------------------------------------
  // Running
  // ---------------------------------------------------------------------------------------------

  /** Runs one slice, or fires due timers, or reports why nothing can run. */
  step(): StepResult {
    fireDueTimers(this, this.trace, this.timerListeners);
    const task = this.scheduler.next();
    if (task) {
      this.runSlice(task);
      this.streams.flush();
      return { kind: 'ran' };
    }
    this.streams.flush();
    const next = this.timers.next();
    if (next !== null) return { kind: 'idle', until: next };
    const live = this.processes.live();
    if (live.length === 0) return { kind: 'done' };
    if (this.streams.awaitingInput) return { kind: 'input' };
    const blocked = live.flatMap((p) =>
      [...p.tasks.values()].filter((t) => t.state === 'blocked').map((t) => `pid ${p.pid} (${p.name}) tid ${t.tid} waits on ${t.wait?.on ?? '?'}`),
    );
    this.trace.record(this.now(), 'deadlock', undefined, undefined, { blocked: live.length });
    return { kind: 'deadlock', blocked };
  }

  /** Runs until nothing can run; with a virtual clock, time jumps to the next timer. For tests and deterministic runs. */
  runUntilIdle(options: { until?: () => boolean; deadline?: number } = {}): StepResult {
    for (;;) {
      if (options.until?.()) return { kind: 'ran' };
      if (options.deadline !== undefined && this.now() >= options.deadline) return { kind: 'idle', until: this.now() };
      const r = this.step();
      if (r.kind === 'idle' && this.clock.virtual) {
        this.clock.advanceTo(options.deadline !== undefined ? Math.min(r.until, options.deadline) : r.until);
        continue;
      }
      if (r.kind !== 'ran') return r;
    }
  }

  private runSlice(task: Task): void {
    const p = task.process;
    this.lifecycle.run(task);
    this.current = task;
    this.preemption.begin(task);
    this.record('run', task);
    const args = task.resumeWith;
    task.resumeWith = [];
    let outcome = p.vm.resume(task.thread, args, task.failing !== null);
    if (outcome.kind === 'return' && task.program) outcome = this.afterPrelude(task, task.program, outcome);
    this.current = null;
    this.preemption.account(task);
    this.afterSlice(task, outcome);
    if (!p.exit) this.runFlusher(p, this.streams.sliceFlusher(p));
    this.scheduler.enqueue(p); // its other ready tasks wait their turn (a no-op once it has ended)
  }

  /**
   * The main task's first function returned (main-task.lua): with a value when the runtime prelude gave no runner,
   * and the task goes on with its program in the same slice; with none when the prelude's runner ran the program.
   */
  private afterPrelude(task: Task, program: { fn: VmRef; args: LuaValue[] }, outcome: ResumeOutcome): ResumeOutcome {
    const p = task.process;
    if (outcome.kind === 'return' && outcome.count > 0 && !p.exiting && !p.outOfMemory) return this.runProgram(task, program);
    task.program = null;
    p.vm.unref(program.fn);
    return outcome;
  }

  /** The runtime prelude returned no runner: the task runs its program in a thread of its own. */
  private runProgram(task: Task, program: { fn: VmRef; args: LuaValue[] }): ResumeOutcome {
    task.program = null;
    task.process.vm.releaseThread(task.thread);
    task.thread = task.process.vm.newThread(program.fn);
    return task.process.vm.resume(task.thread, program.args, false);
  }

  private afterSlice(task: Task, outcome: ResumeOutcome): void {
    const p = task.process;
    if (p.outOfMemory && !p.exiting) p.exiting = killedFor(p.outOfMemory);
    if (p.exiting) return this.finish(p, p.exiting);
    if (task.failing && outcome.kind !== 'yield') return this.endFailing(task, task.failing, outcome);
    if (outcome.kind === 'error' && outcome.object && outcome.tostring) return this.findErrorText(task, outcome, outcome.object, outcome.tostring);
    if (outcome.kind === 'return') return this.endTask(task, { ok: true, values: outcome.count > 0 });
    if (outcome.kind === 'error') return this.endTask(task, { ok: false, error: outcome.message }, outcome);
    const request = task.request;
    task.request = null;
    if (request) return this.block(task, request);
    if (task.preempted) {
      p.counters.preemptions++;
      this.record('preempt', task, { insns: p.vm.instructions() - p.sliceStartInstructions, ...(task.deferred ? { deferred: true } : {}) });
      task.deferred = false;
    } else {
      this.record('yield', task);
    }
    this.lifecycle.yielded(task);
  }

  /** Whether the running task has used its slice's time and another task waits (checked after system calls). */
  overdue(task: Task): boolean {
    return this.preemption.overdue(task);
  }

  /** CPU milliseconds a process has used, counting the slice running now. */
  cpuTime(p: Process): number {
    return this.preemption.cpuTime(p);
  }

  /** Instructions a process has run, counting the slice running now (at the hook's granularity). */
  instructionsRun(p: Process): number {
    return this.preemption.instructionsRun(p);
  }

  /** A task failed a system call that counts as time in a C call (a preemption that could not pass). */
  noteDeferred(task: Task): void {
    this.preemption.noteDeferred(task);
  }

  // ---------------------------------------------------------------------------------------------
  // Blocking, waking, events, timers
  // ---------------------------------------------------------------------------------------------

  /** A blocking system call of the running task registers what it waits for; the task blocks when it yields. */
  request(task: Task, wait: Wait): void {
    if (task !== this.current || task.request)
      throw new KernelInvariantError(`request: pid ${task.process.pid} tid ${task.tid} is not the running task, or has a request already`);
    task.request = wait;
  }

  /** Takes back the running task's request (it could not yield to wait after all); returns whether there was one. */
  withdrawRequest(task: Task): boolean {
    const pending = task.request;
    task.request = null;
    if (pending?.on === 'stream') this.streams.forget(task);
    if (pending && 'timer' in pending && pending.timer !== null) this.cancelTimer(pending.timer);
    return pending !== null;
  }

  private block(task: Task, wait: Wait): void {
    this.lifecycle.block(task, wait);
    const data: Record<string, string | number> = { on: wait.on };
    if (wait.on === 'sleep') data.until = Number((this.timers.deadlineOf(wait.timer) ?? this.now()).toFixed(3));
    if (wait.on === 'wait') data.pid = wait.pid;
    if (wait.on === 'join') data.task = wait.tid;
    if (wait.on === 'pull' && typeof wait.filter === 'string') data.filter = wait.filter;
    if (wait.on === 'stream') data.fd = wait.fd;
    this.record('block', task, data);
  }

  /** Wakes a blocked task with the values its system call returns (a task no longer blocked is left alone). */
  wake(task: Task, values: LuaValue[], by: string): void {
    if (task.state !== 'blocked') return;
    const wait = task.wait;
    if (wait && 'timer' in wait && wait.timer !== null) this.cancelTimer(wait.timer);
    this.lifecycle.wake(task, values);
    this.record('wake', task, { by });
  }

  /**
   * Sets a timer for a process: it wakes task `tid` (sleep, timeout), queues a 'timer' event, answers call
   * `cid` TIMEOUT ('call'), or tells the native contexts ('native', see onTimer). It goes when the process ends.
   */
  addTimer(p: Process, tid: number, seconds: number, purpose: Timer['purpose'], cid?: number): number {
    const charged = CHARGED_TIMERS.has(purpose);
    if (charged) checkLimit(this.limits, 'timers', `process ${p.pid}`, p.usage.timers);
    const deadline = this.now() + seconds * 1000;
    const timer = this.timers.add(p.pid, tid, deadline, purpose, cid);
    if (charged) {
      p.usage.timers++;
      this.chargedTimers.set(timer.id, p);
    }
    const data: Record<string, string | number> = { id: timer.id, purpose, at: Number(deadline.toFixed(3)) };
    if (cid !== undefined) data.cid = cid;
    this.trace.record(this.now(), 'timer', p.pid, tid > 0 ? tid : undefined, data);
    return timer.id;
  }

  /** Native contexts hear of their timers firing here. */
  onTimer(listener: (id: number) => void): void {
    this.timerListeners.push(listener);
  }

  cancelTimer(id: number): boolean {
    this.timerGone(id);
    return this.timers.cancel(id);
  }

  /** A timer fired or was cancelled: its process is no longer charged for it. */
  timerGone(id: number): void {
    const p = this.chargedTimers.get(id);
    if (!p) return;
    this.chargedTimers.delete(id);
    p.usage.timers--;
  }

  /**
   * Queues an event for a process, charged `bytes` (its payload, when the receiver is the one charged), handing
   * it straight to a task pulling for it. Returns null, or why it was refused: the queue holds `events` already,
   * or the payload would put the process past `bytes`. `force` (answers) passes both.
   */
  queueEvent(p: Process, event: LuaTable, options: { force?: boolean; bytes?: number } = {}): string | null {
    const puller = this.pullerOf(p, event);
    if (puller) {
      if (puller.wait?.on === 'pull') kickOnPull(p, puller.wait.filter, this.cpuTime(p));
      this.collected(p, event);
      this.wake(puller, eventValues(event), `event:${String(event.get('type'))}`);
      return null;
    }
    const bytes = options.bytes ?? 0;
    if (!options.force) {
      if (p.events.length >= this.limits.events) return limitMessage('events', `process ${p.pid}`, p.events.length);
      if (p.usage.bytes + bytes > this.limits.bytes) return limitMessage('bytes', `process ${p.pid}`, p.usage.bytes);
    }
    p.events.push(event);
    p.usage.bytes += bytes;
    if (bytes > 0) this.eventBytes.set(event, bytes);
    return null;
  }

  /** Removes a waiting event from a process's queue (pulled, or dropped), giving back what it was charged. */
  takeEvent(p: Process, index: number): LuaValue {
    const [event] = p.events.splice(index, 1);
    if (event instanceof LuaTable) {
      p.usage.bytes -= this.eventBytes.get(event) ?? 0;
      this.eventBytes.delete(event);
      this.collected(p, event);
    }
    return event;
  }

  /** An answer reached its caller's hands: the call no longer counts against 'calls'. */
  private collected(p: Process, event: LuaTable): void {
    if (isAnswer(event)) p.usage.calls--;
  }

  /** The first task of `p` (in creation order) blocked in a pull that `event` passes. */
  private pullerOf(p: Process, event: LuaTable): Task | undefined {
    for (const t of p.tasks.values()) if (t.wait?.on === 'pull' && eventMatches(event, t.wait.filter)) return t;
    return undefined;
  }

  // ---------------------------------------------------------------------------------------------
  // Endings
  // ---------------------------------------------------------------------------------------------

  /**
   * A task's function returned or raised. The main task's end is its process's. Another task leaves the table;
   * its joiners wake; what it left to collect (values in the sandbox, or an error) waits in `results` until a join.
   */
  private endTask(task: Task, result: { ok: boolean; values?: boolean; error?: string }, failure?: { message: string; traceback: string }): void {
    const p = task.process;
    if (task.tid === MAIN_TID) {
      const status: ExitStatus = failure
        ? { code: EXIT_CODES.error, kind: 'error', message: failure.message, traceback: namePreludeFrames(failure.traceback) }
        : { code: EXIT_CODES.ok, kind: 'exited' };
      return this.finish(p, status);
    }
    this.lifecycle.end(task);
    p.vm.releaseThread(task.thread);
    this.record('task', task, { op: 'end', ok: result.ok });
    const joiners = task.joiners.splice(0);
    if (joiners.length === 0 && (!result.ok || result.values)) p.results.set(task.tid, { ok: result.ok, error: result.error });
    for (const j of joiners) this.wake(j, result.ok ? [true] : [false, result.error ?? null], `task:${task.tid}`);
  }

  /**
   * The main task's program raised an object whose metatable has a __tostring: as lua.c's message handler, the
   * task goes on in a thread of its own running that __tostring on the object (error-text.lua: ordinary program
   * code, preempted, counted, killable); endFailing ends it. Another task's error object is shown by its type, as its join says.
   */
  private findErrorText(task: Task, failure: { message: string; traceback: string }, object: VmRef, tostring: VmRef): void {
    const p = task.process;
    if (task.tid !== MAIN_TID) {
      p.vm.unref(object);
      p.vm.unref(tostring);
      return this.endTask(task, { ok: false, error: failure.message }, failure);
    }
    task.failing = { message: failure.message, traceback: failure.traceback };
    p.vm.releaseThread(task.thread);
    task.thread = p.vm.newThread(this.preludes.loadErrorText(p.vm), [tostring, object]);
    p.vm.unref(tostring);
    p.vm.unref(object);
    this.record('yield', task, { error: failure.message });
    this.lifecycle.yielded(task);
  }

  /**
   * The __tostring ended: a string it returned is the message, without a traceback (lua.c's words); anything else,
   * the failure as found; an error of its own is the message, its traceback above the program's, as lua.c shows it
   * (where its message handler, a C function, stands between them).
   */
  private endFailing(task: Task, failure: { message: string; traceback: string }, outcome: ResumeOutcome): void {
    task.failing = null;
    if (outcome.kind === 'error') {
      if (outcome.object) task.process.vm.unref(outcome.object);
      if (outcome.tostring) task.process.vm.unref(outcome.tostring);
      // error-text.lua's own frame (the last) reads as the C function it stands for, lua.c's message handler
      const above = outcome.traceback.split('\n').slice(0, -1);
      const traceback = [...above, '\t[C]: in ?', ...failure.traceback.split('\n').slice(1)].join('\n');
      return this.endTask(task, { ok: false }, { message: outcome.message, traceback });
    }
    const text = outcome.kind === 'return' ? outcome.values[0] : undefined;
    if (typeof text === 'string') return this.endTask(task, { ok: false }, { message: text, traceback: '' });
    this.endTask(task, { ok: false }, failure);
  }

  /** Runs one of the process's flushes (its buffered writes reach their streams) as the stand-in task, uncounted. */
  private runFlusher(p: Process, flush: VmRef | undefined): void {
    if (!flush) return;
    const caller = this.current;
    this.current = setupTask(p);
    try {
      p.vm.call(flush, []);
    } catch (e) {
      if (!(e instanceof VmRunError)) throw e; // a failed flush loses what it held, as a failed write would
    } finally {
      this.current = caller;
    }
  }

  /**
   * The end of a process that was not killed, as Lua's lua_close: the pending `<close>` variables of the thread
   * os.exit(code, true) came from, then every finalizer. Their code cannot yield (it runs as the stand-in task,
   * outside any slice), so the yield limit kills what would not end; what was written before is out already.
   */
  private closeState(p: Process): void {
    const close = p.exitClose;
    if (close === 'skip' || (close === null && p.finalizer === null)) return;
    this.runFlusher(p, this.streams.flusher(p));
    const caller = this.current;
    this.current = setupTask(p);
    p.closing = true;
    try {
      if (close !== null) p.vm.closeThread(close);
      if (p.finalizer !== null) p.vm.call(p.finalizer, []);
    } catch (e) {
      if (!(e instanceof VmRunError)) throw e; // killed at the yield limit: the end goes on
    } finally {
      p.closing = false;
      this.current = caller;
    }
  }

  /** Ends a process: every task dies, its timers go, its state is closed, waiters are woken. */
  private finish(p: Process, status: ExitStatus): void {
    if (p.exit) return;
    if (status.kind !== 'killed') {
      this.closeState(p);
      this.runFlusher(p, this.streams.takeFlusher(p));
    }
    p.exit = status;
    for (const [tid, r] of p.results) {
      if (!r.ok) this.output(p.pid, 'stderr', `task ${tid} failed: ${String(r.error)}\n`);
    }
    p.results.clear();
    for (const t of [...p.tasks.values()]) this.lifecycle.end(t);
    this.scheduler.remove(p);
    for (const id of this.timers.cancelProcess(p.pid)) this.timerGone(id);
    this.interactions.processEnded(p);
    this.streams.processEnded(p);
    this.streams.flush(); // its last output reaches the host while the process is still known (init files it by pid)
    p.counters.peakMemory = Math.max(p.counters.peakMemory, p.vm.memoryUsed());
    // a killed state's __gc metamethods run in the close: with no current task, their system calls are refused
    // (they would be taken for the running task's: the killer's os.spawn of a ref from another state)
    const caller = this.current;
    this.current = null;
    p.vm.close();
    this.current = caller;
    const data: Record<string, string | number> = { code: status.code, status: status.kind };
    if (status.message) data.reason = status.message;
    this.trace.record(this.now(), status.kind === 'killed' ? 'kill' : 'exit', p.pid, undefined, data);
    const parent = this.processes.parentOf(p);
    const waiters = parent ? [...parent.tasks.values()].filter((t) => t.wait?.on === 'wait' && t.wait.pid === p.pid) : [];
    for (const t of waiters) this.wake(t, exitValues(status), `exit:${p.pid}`);
    this.processes.rehome(p);
    for (const listener of this.exitListeners) listener(p);
    if (waiters.length > 0) this.processes.reap(p.pid);
    this.streams.flush();
  }
}

/** Compiles a program; an error Lua gives without a position (a binary chunk refused) names the program. */
function loadProgram(vm: VmState, source: ByteString, name: string): VmRef {
  try {
    return vm.load(source, `@${name}`);
  } catch (e) {
    if (e instanceof VmLoadError && !e.message.startsWith(`${name}:`)) throw new VmLoadError(`${name}: ${e.message}`);
    throw e;
  }
}

/** The stand-in task a process's preludes run as, before its main task exists (tid 0, never scheduled). */
function setupTask(process: Process): Task {
  const task = newTask(0, process, { id: -1 });
  task.state = 'running';
  return task;
}

/** Refuses a process that would go past its tree's 'processes' limit (os.run answers nil and this message). */
function checkTree(limits: Limits, size: number, tree: number): void {
  if (size >= limits.processes) throw new SpawnError(limitMessage('processes', `the tree of process ${tree}`, size));
}

/** A new Lua state, or a spawn error when the engine has no room for one (its shared memory budget is full). */
function newStateOrRefuse(vm: Vm, options: StateOptions): VmState {
  try {
    return vm.newState(options);
  } catch (e) {
    if (e instanceof VmRunError) throw new SpawnError(`${e.message} (limit 'heap', see thox run --limit)`);
    throw e;
  }
}
