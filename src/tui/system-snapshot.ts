// What the panel shows of the system, read through a narrow interface: the process table (like top), the services
// and their states from init, the system log's tail. CPU share is the CPU time a process used since the last snapshot
// over the time that passed (kernel clock).
import type { Process } from '../kernel/process.js';
import type { LogEntry } from '../init/log-ring.js';
import { describeState, statePid, type ServiceState, type Target } from '../init/states.js';

/** What the snapshot reads of the kernel. */
export interface KernelView {
  now(): number;
  readonly processes: { live(): Process[] };
  cpuTime(p: Process): number;
  instructionsRun(p: Process): number;
}

/** What it reads of init. */
export interface InitView {
  readonly services: ReadonlyMap<string, { state: ServiceState; target: Target }>;
  readonly systemLog: { snapshot(n?: number): LogEntry[] };
}

export interface ProcessRow {
  pid: number;
  ppid: number;
  name: string;
  /** Its runtime prelude (native, craftos...). */
  runtime: string;
  /** running, ready, or what it waits on (pull, sleep, stream...). */
  state: string;
  /** Share of one CPU since the last snapshot, 0 to 1. */
  cpu: number;
  /** CPU time used in all, ms. */
  cpuTime: number;
  /** Bytes of Lua memory. */
  memory: number;
  instructions: number;
}

export interface ServiceRow {
  name: string;
  state: string;
  target: Target;
  pid: number | null;
}

export interface Snapshot {
  processes: ProcessRow[];
  services: ServiceRow[];
  log: LogEntry[];
}

/** Log lines a snapshot keeps (the most any panel shows). */
const LOG_LINES = 50;

export class SystemSnapshot {
  private last = { at: 0, cpu: new Map<number, number>() };

  constructor(
    private readonly kernel: KernelView,
    private readonly init: InitView,
  ) {}

  take(): Snapshot {
    const now = this.kernel.now();
    const elapsed = now - this.last.at;
    const cpu = new Map<number, number>();
    const processes = this.kernel.processes.live().map((p): ProcessRow => {
      const cpuTime = this.kernel.cpuTime(p);
      cpu.set(p.pid, cpuTime);
      const used = cpuTime - (this.last.cpu.get(p.pid) ?? 0);
      return {
        pid: p.pid,
        ppid: p.ppid,
        name: p.name,
        runtime: p.runtime,
        state: processState(p),
        cpu: elapsed > 0 ? Math.min(1, Math.max(0, used / elapsed)) : 0,
        cpuTime,
        memory: p.vm.memoryUsed(),
        instructions: this.kernel.instructionsRun(p),
      };
    });
    this.last = { at: now, cpu };
    const services = [...this.init.services].map(([name, s]) => ({ name, state: describeState(s.state), target: s.target, pid: statePid(s.state) }));
    return { processes, services, log: this.init.systemLog.snapshot(LOG_LINES) };
  }
}

/** running when a task runs, ready when one may, else what its first task waits on. */
function processState(p: Process): string {
  const tasks = [...p.tasks.values()];
  if (tasks.some((t) => t.state === 'running')) return 'running';
  if (tasks.some((t) => t.state === 'ready')) return 'ready';
  return tasks[0]?.wait?.on ?? 'blocked';
}
