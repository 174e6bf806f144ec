// Processes (the unit of isolation and accounting: a Lua state, counters, exit status) and tasks
// (the unit of scheduling: one Lua thread of a process): their records, states and what they wait on.
import { LuaFloat, LuaTable, type LuaValue, type VmRef, type VmState, type VmThread } from '../vm/vm.js';

/**
 * A task's life: ready → running → (blocked → ready →) … → ended. Only lifecycle.ts changes it. An ended
 * task leaves the process's table at once; what it returned waits in `Process.results` until joined.
 */
export type TaskState = 'ready' | 'running' | 'blocked' | 'ended';

/** What a blocked task waits for; the kernel wakes it with the values the system call returns. */
export type Wait =
  | { on: 'sleep'; timer: number }
  | { on: 'pull'; filter: EventFilter; timer: number | null }
  | { on: 'wait'; pid: number; timer: number | null }
  | { on: 'join'; tid: number }
  /** A read from, or a write to, one of its streams (src/kernel/streams.ts holds what it waits to do). */
  | { on: 'stream'; fd: number };

export interface Task {
  /** Its id within its process: the main task is 1, the tasks it starts 2, 3, … (never reused). */
  readonly tid: number;
  readonly process: Process;
  /** Its Lua thread (the main task's is replaced once, when its runtime prelude returns: see `program`). */
  thread: VmThread;
  state: TaskState;
  /** Values handed to the thread on its next resume (the answer to its last system call). */
  resumeWith: LuaValue[];
  wait: Wait | null;
  /** A wait registered by a blocking system call during the running slice; the task blocks when it yields. */
  request: Wait | null;
  /** The hook asked for a yield during this slice. */
  preempted: boolean;
  /** Instructions run since the last point where the task could yield. */
  stuckInstructions: number;
  /** A preemption is owed but the task could not yield when it fell due. */
  deferred: boolean;
  /** Tasks of the same process blocked in a join of this one. */
  readonly joiners: Task[];
  /** The main task runs its runtime prelude first; this is the program it runs, with its arguments, once the
   *  prelude returns without a runner (null after that, and for every other task; see main-task.lua). */
  program: { fn: VmRef; args: LuaValue[] } | null;
  /** The main task's program raised an error object with a __tostring: its failure, while the task's thread runs
   *  that __tostring to find the object's text (null otherwise). */
  failing: { message: string; traceback: string } | null;
}

/** What an ended task left for a join: its error, or that its values wait in the sandbox's table. */
export interface TaskResult {
  ok: boolean;
  /** The error message when not ok. */
  error?: LuaValue;
}

export type ExitKind = 'exited' | 'error' | 'killed';

export interface ExitStatus {
  code: number;
  kind: ExitKind;
  /** The error message or kill reason. */
  message?: string;
  traceback?: string;
}

export interface Counters {
  instructions: number;
  /** Milliseconds of kernel-clock time spent in this process's slices. */
  cpuTime: number;
  slices: number;
  preemptions: number;
  peakMemory: number;
}

export interface Process {
  readonly pid: number;
  /** Its parent; when the parent ends first, the parent's parent adopts it (0: started by the host). */
  ppid: number;
  readonly name: string;
  /** The program it runs (a store name, or a file the host user ran), which owns a data stream; null for code. */
  readonly program: string | null;
  readonly args: string[];
  readonly runtime: string;
  readonly vm: VmState;
  /** Its tasks that have not ended, by tid, in creation order. */
  readonly tasks: Map<number, Task>;
  /** Its ready tasks in the order they became ready (the scheduler serves them first in, first out). */
  readonly ready: Task[];
  /** Whether the process is in the scheduler's run queue (exactly when `ready` is not empty and it is not running). */
  queued: boolean;
  /** The tid its next task gets. */
  nextTid: number;
  /** Ended tasks with something to collect (values or an error) that no join has taken yet. */
  readonly results: Map<number, TaskResult>;
  readonly events: LuaValue[];
  readonly counters: Counters;
  /** Instruction count of the state when the current slice began. */
  sliceStartInstructions: number;
  /** os.watchdog: an error with `message` in the running task once it has used `limitMs` of CPU since `kickedAt`;
   *  `onPull`: an event taken by an unfiltered pull kicks it too (kickOnPull). */
  watchdog: { limitMs: number; kickedAt: number; message: string; onPull: boolean } | null;
  exit: ExitStatus | null;
  /** Set while the process is being torn down: an exit or kill decided during its own slice. */
  exiting: ExitStatus | null;
  /** What its end closes, as Lua's lua_close (Kernel.closeState): nothing (`skip`) after os.exit without close;
   *  after os.exit(code, true), first the pending `<close>` variables of the calling task's thread; with null (its
   *  main task returned or failed), only its finalizers run. */
  exitClose: VmThread | 'skip' | null;
  /** Set while its end runs its code (`<close>` handlers, finalizers): its exit is decided, yet it is not killed
   *  for that; the yield limit still bounds it. */
  closing: boolean;
  /** The sandbox's function that runs all its finalizers at its end (registered with its first finalizer). */
  finalizer: VmRef | null;
  /** Set when its state ran out of memory: the reason it is killed with (MESSAGES.outOfMemory or .heapFull). */
  outOfMemory: string | null;
  /** Its children whose records exist: running, or ended and not yet waited for. */
  readonly children: Set<number>;
  /** The context the process knows as 0 (given by its parent; the root context at the top). */
  context0: number;
  /** Its process tree: the pid of the process the host started that it descends from (never changes). */
  readonly tree: number;
  /** The kernel objects it is charged for that its other fields do not count (see limits.ts). */
  readonly usage: Usage;
  /** Its environment (os.getenv): given by its parent, or the parent's own; empty at the top, never the host's. */
  readonly env: ReadonlyMap<string, string>;
  /** The folder of the program file it was run from (require looks there), or its parent's; null if none. */
  readonly folder: ProgramFolder | null;
}

/** A folder of Lua files a process may read for require (read-only, `.lua` text only, never outside it). */
export interface ProgramFolder {
  /** A file by its path inside the folder (`sub/init.lua`): its text and chunk name, or why it cannot be read. */
  read(path: string): { source: string; chunkname: string } | { missing: string };
}

/** What a process makes the kernel hold beyond its tasks, events and children. */
export interface Usage {
  /** Bytes of its waiting events' payloads and of its calls' arguments in flight. */
  bytes: number;
  /** Contexts it owns. */
  contexts: number;
  /** Calls it made whose answer it has not pulled. */
  calls: number;
  /** Its os.timer and timer.after timers pending. */
  timers: number;
  /** Its lines the kernel log keeps (charged by the log context; they outlive the process). */
  log: number;
  /** Files it holds open through the fs context (charged by that context). */
  files: number;
}

/** The main task's id in every process. */
export const MAIN_TID = 1;

/** What os.pull waits for: any event, events of one type, or events whose fields equal the given ones. */
export type EventFilter = null | string | LuaTable;

/** Whether an event passes a pull filter (field values compared as Lua primitives). */
export function eventMatches(event: LuaValue, filter: EventFilter): boolean {
  if (filter === null) return true;
  if (!(event instanceof LuaTable)) return false;
  if (typeof filter === 'string') return event.get('type') === filter;
  for (const [k, v] of filter.entries) if (!sameValue(event.get(k), v)) return false;
  return true;
}

/** An event reached a pull of `p` with `filter`: a watchdog set with os.watchdog's `on_pull` restarts its count at
 *  `now` (the process's CPU time) when the pull had no filter (a runtime's event loop, not its answer waits). */
export function kickOnPull(p: Process, filter: EventFilter, now: number): void {
  if (filter === null && p.watchdog?.onPull) p.watchdog.kickedAt = now;
}

/** Lua's equality for primitives: 2 and 2.0 are equal. */
function sameValue(a: LuaValue | undefined, b: LuaValue): boolean {
  const x = a instanceof LuaFloat ? a.value : a;
  const y = b instanceof LuaFloat ? b.value : b;
  return x === y;
}

/** Exit codes the kernel gives processes that did not choose one. */
export const EXIT_CODES = { ok: 0, error: 1, killed: 137 } as const;

/** The messages the kernel's own refusals carry, written once (the sandbox receives them through sys.constants). */
export const MESSAGES = {
  stuck: 'too long without yielding',
  outOfMemory: 'out of memory',
  heapFull: "out of memory: all processes together hold the engine's memory (limit 'heap', see thox run --limit)",
  cannotBlock: 'cannot block here: a system call inside a C call (sort comparator, metamethod called from C) cannot wait',
} as const;

/** The status of a process that exits with `code`: its low 8 bits, as C's exit() keeps them. */
export function exitedWith(code: number): ExitStatus {
  return { code: code & 0xff, kind: 'exited' };
}

/** A kill the kernel decides for a reason of its own. */
export function killedFor(message: string): ExitStatus {
  return { code: EXIT_CODES.killed, kind: 'killed', message };
}

/** What os.wait returns for an exit status: code, kind, message. */
export function exitValues(status: ExitStatus): LuaValue[] {
  return [status.code, status.kind, status.message ?? null];
}

/** A fresh task record (not yet ready: lifecycle.ts admits it). */
export function newTask(tid: number, process: Process, thread: VmThread, resumeWith: LuaValue[] = []): Task {
  return {
    tid,
    process,
    thread,
    state: 'ready',
    resumeWith,
    wait: null,
    request: null,
    preempted: false,
    stuckInstructions: 0,
    deferred: false,
    joiners: [],
    program: null,
    failing: null,
  };
}

/** A fresh process record with no tasks yet (fields written out: a spread made slow, dictionary-mode objects). */
export function newProcess(init: {
  pid: number;
  ppid: number;
  tree: number;
  name: string;
  program: string | null;
  args: string[];
  runtime: string;
  vm: VmState;
  context0: number;
  env?: ReadonlyMap<string, string>;
  folder?: ProgramFolder | null;
}): Process {
  return {
    pid: init.pid,
    ppid: init.ppid,
    name: init.name,
    program: init.program,
    args: init.args,
    runtime: init.runtime,
    vm: init.vm,
    tasks: new Map(),
    ready: [],
    queued: false,
    nextTid: MAIN_TID,
    results: new Map(),
    events: [],
    counters: { instructions: 0, cpuTime: 0, slices: 0, preemptions: 0, peakMemory: 0 },
    sliceStartInstructions: 0,
    watchdog: null,
    exit: null,
    exiting: null,
    exitClose: null,
    closing: false,
    finalizer: null,
    outOfMemory: null,
    children: new Set(),
    context0: init.context0,
    tree: init.tree,
    usage: { bytes: 0, contexts: 0, calls: 0, timers: 0, log: 0, files: 0 },
    env: init.env ?? new Map(),
    folder: init.folder ?? null,
  };
}
