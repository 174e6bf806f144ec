// What the kernel offers the code plugged into it — the system calls, the interactions (contexts and RPC) and the native
// contexts — as one narrow interface, so none of them reaches into the Kernel class (and no import cycles).
import type { ByteString, LuaTable, LuaValue, Vm, VmRef } from '../vm/vm.js';
import type { Clock } from './clock.js';
import type { Interactions } from './interactions.js';
import type { ExitStatus, Process, ProgramFolder, Task, Wait } from './process.js';
import type { StandardEnds, Streams } from './streams.js';
import type { ProcessTable } from './process-table.js';
import type { Random } from './random.js';
import type { Timer, TimerQueue } from './timers.js';
import type { Trace, TraceKind } from './trace.js';
import type { Limits } from './limits.js';

/** Where the kernel finds programs, runtimes and libraries by name. */
export interface ProgramLoader {
  /** A program's source and the name it is known by in error messages, or null when there is none. */
  program(name: string): { name: string; source: ByteString } | null;
  runtime(name: string): ByteString | null;
  library(name: string): { source: ByteString; where: string } | { missing: string };
}

export type OutputStream = 'stdout' | 'stderr';

export interface SpawnRequest {
  /** Program name (looked up through the loader) or, with `source`, the name to show. */
  name: string;
  source?: ByteString;
  args?: string[];
  runtime?: string;
  ppid?: number;
  /** With `source`: the program the source is (a file the host user ran), which gives it a data stream. */
  program?: string;
  /** The child's context 0 (default: the parent's). */
  context?: number;
  /** More contexts the child is given. */
  contexts?: number[];
  /** Its descriptors 0-2 where not its parent's (pipes). */
  streams?: StandardEnds;
  /** Its environment (default: the parent's; empty at the top). */
  env?: ReadonlyMap<string, string>;
  /** The folder require searches (default: the parent's; none at the top). */
  folder?: ProgramFolder;
  /** The runtime's runner finds the program by `name` itself (its own program names, e.g. `cc#ls`): the runner gets
   *  no program function; a stored program of that name runs only if the runtime has no runner (docs/runtimes.md). */
  runtimeResolves?: boolean;
}

/** A process could not be started: a one-line reason (unknown program or runtime, a syntax error...). */
export class SpawnError extends Error {}

export interface KernelServices {
  readonly processes: ProcessTable;
  readonly interactions: Interactions;
  readonly clock: Clock;
  readonly random: Random;
  readonly loader: ProgramLoader;
  readonly timers: TimerQueue;
  readonly limits: Limits;
  /** Bytes of Lua memory per process (0: none). */
  readonly memoryLimit: number;
  readonly vm: Vm;
  /** The scheduling trace (recorded when enabled: `--trace`, or the `trace` context). */
  readonly trace: Trace;
  /** Every process's descriptors and the host's streams. */
  readonly streams: Streams;
  /** The task whose slice is running now. */
  readonly current: Task | null;
  now(): number;
  output(pid: number, stream: OutputStream, text: ByteString): void;
  record(kind: TraceKind, task: Task | null, data?: Record<string, string | number | boolean>): void;
  spawn(req: SpawnRequest): Process;
  /** The one way a process ends (at once, or at the end of its own running slice). */
  exit(p: Process, status: ExitStatus): void;
  kill(pid: number, reason?: string): boolean;
  startTask(p: Process, fn: VmRef): Task;
  addTimer(p: Process, tid: number, seconds: number, purpose: Timer['purpose'], cid?: number): number;
  cancelTimer(id: number): boolean;
  /** A timer fired: its process is no longer charged for it. */
  timerGone(id: number): void;
  /** Queues an event (charged `bytes`); null, or why it was refused (a limit). `force` passes the limits. */
  queueEvent(p: Process, event: LuaTable, options?: { force?: boolean; bytes?: number }): string | null;
  /** Removes a waiting event from a process's queue, giving back what it was charged. */
  takeEvent(p: Process, index: number): LuaValue;
  /** A blocking system call of the running task registers what it waits for; the task blocks when it yields. */
  request(task: Task, wait: Wait): void;
  /** Takes back the running task's request (it could not yield to wait after all); returns whether there was one. */
  withdrawRequest(task: Task): boolean;
  /** Wakes a blocked task with the values its system call returns. */
  wake(task: Task, values: LuaValue[], by: string): void;
  /** Whether the running task has used its slice's time and another task waits (checked after system calls). */
  overdue(task: Task): boolean;
  cpuTime(p: Process): number;
  instructionsRun(p: Process): number;
  onExit(listener: (p: Process) => void): void;
  /** A process was started (after its parent's contexts were granted to it, before it runs). */
  onSpawn(listener: (p: Process) => void): void;
  onTimer(listener: (id: number) => void): void;
  /** A task failed a system call that counts as time in a C call (a preemption that could not pass). */
  noteDeferred(task: Task): void;
}
