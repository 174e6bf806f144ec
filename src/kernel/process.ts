// Processes (the unit of isolation and accounting: a Lua state, counters, exit status) and tasks
// (the unit of scheduling: one Lua thread of a process), with their states and what they wait on.
import { LuaFloat, LuaTable, type LuaValue, type VmState, type VmThread } from '../vm/vm.js';

export type TaskState = 'ready' | 'running' | 'blocked' | 'dead';

/** What a blocked task waits for; the kernel wakes it with the values the system call returns. */
export type Wait =
  | { on: 'sleep'; timer: number }
  | { on: 'pull'; filter: EventFilter; timer: number | null }
  | { on: 'wait'; pid: number; timer: number | null }
  | { on: 'join'; tid: number }
  | { on: 'exit' };

export interface Task {
  readonly tid: number;
  readonly process: Process;
  readonly thread: VmThread;
  state: TaskState;
  /** Values handed to the thread on its next resume (the answer to its last system call). */
  resumeWith: LuaValue[];
  wait: Wait | null;
  /** A request registered by a blocking system call during the running slice. */
  request: Wait | null;
  /** The hook asked for a yield during this slice. */
  preempted: boolean;
  /** Instructions run since the last point where the task could yield. */
  stuckInstructions: number;
  /** A preemption is owed but the task could not yield when it fell due. */
  deferred: boolean;
  /** The values the task's function returned, or its error, for join. */
  result: { ok: boolean; values: LuaValue[] } | null;
  /** A join has taken the result (an error nobody took is reported when the process ends). */
  collected: boolean;
  joiners: Task[];
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
  readonly tasks: Task[];
  readonly events: LuaValue[];
  readonly counters: Counters;
  /** Instruction count of the state when the current slice began. */
  sliceStartInstructions: number;
  /** Next task to run among this process's ready tasks (round-robin cursor). */
  cursor: number;
  exit: ExitStatus | null;
  /** Set while the process is being torn down: an exit or kill decided during a slice. */
  exiting: ExitStatus | null;
  outOfMemory: boolean;
  /** Its children whose records exist: running, or ended and not yet waited for. */
  readonly children: Set<number>;
  /** The context the process knows as 0 (given by its parent; the root context at the top). */
  context0: number;
}

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

/** Lua's equality for primitives: 2 and 2.0 are equal. */
function sameValue(a: LuaValue | undefined, b: LuaValue): boolean {
  const x = a instanceof LuaFloat ? a.value : a;
  const y = b instanceof LuaFloat ? b.value : b;
  return x === y;
}

/** Exit codes the kernel gives processes that did not choose one. */
export const EXIT_CODES = { ok: 0, error: 1, killed: 137 } as const;

/** A fresh task record, ready to run `thread`. */
export function newTask(tid: number, process: Process, thread: VmThread, resumeWith: LuaValue[] = []): Task {
  return {
    tid, process, thread, state: 'ready', resumeWith, wait: null, request: null, preempted: false,
    stuckInstructions: 0, deferred: false, result: null, collected: false, joiners: [],
  };
}

/** A fresh process record with no tasks yet (fields written out: a spread made slow, dictionary-mode objects). */
export function newProcess(init: {
  pid: number; ppid: number; name: string; program: string | null; args: string[]; runtime: string; vm: VmState; context0: number;
}): Process {
  return {
    pid: init.pid, ppid: init.ppid, name: init.name, program: init.program, args: init.args, runtime: init.runtime,
    vm: init.vm, tasks: [], events: [],
    counters: { instructions: 0, cpuTime: 0, slices: 0, preemptions: 0, peakMemory: 0 },
    sliceStartInstructions: 0, cursor: 0, exit: null, exiting: null, outOfMemory: false, children: new Set(),
    context0: init.context0,
  };
}
