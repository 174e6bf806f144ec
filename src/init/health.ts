// Health checks of ready services: every `period` seconds a check process, child of init (the check program, or
// one that makes the check call on the service's context), fails when it exits non-zero or outlives `timeout`;
// `threshold` failures in a row make init restart the service.
import type { Kernel } from '../kernel/kernel.js';
import { SpawnError } from '../kernel/services.js';
import type { ExitStatus, Process } from '../kernel/process.js';
import type { HealthCheck } from './definitions.js';
import type { InitTimers } from './init-timers.js';

/** What a check by call runs: the call on the service's context; an answer other than OK fails it, with its words. */
const CALL_CHECK_SOURCE = `local ctx, name = ...
local cid = os.call(tonumber(ctx), name, select(3, ...))
local a = os.pull({ type = 'answer', cid = cid })
if a.status ~= os.status.OK then error(("call '%s' failed: %s"):format(name, tostring(a.args[1])), 0) end
`;

/** A service under watch: its check, its context (where a check call goes) and its failures in a row so far. */
interface Watched {
  readonly name: string;
  readonly check: HealthCheck;
  readonly context: number;
  failures: number;
}

interface Running {
  readonly watched: Watched;
  readonly pid: number;
  readonly timeout: number;
}

export class HealthChecks {
  /** Service name → its next check's timer. */
  private readonly scheduled = new Map<string, number>();
  /** Check process pid → the check. */
  private readonly running = new Map<number, Running>();

  constructor(
    private readonly kernel: Kernel,
    private readonly init: Process,
    private readonly timers: InitTimers,
    /** A check of service `name` failed (`failures` in a row): what it said; `unhealthy` when the threshold is reached. */
    private readonly report: (name: string, failures: number, why: string, unhealthy: boolean) => void,
  ) {}

  /** Starts checking a service that became ready. */
  begin(name: string, check: HealthCheck, context: number): void {
    this.schedule({ name, check, context, failures: 0 });
  }

  /** Stops checking a service (no longer ready): its next check is cancelled and a running one killed. */
  end(name: string): void {
    this.timers.cancel(this.scheduled.get(name) ?? null);
    this.scheduled.delete(name);
    for (const [pid, r] of this.running) {
      if (r.watched.name !== name) continue;
      this.running.delete(pid);
      this.timers.cancel(r.timeout);
      this.kernel.kill(pid, 'health check no longer needed');
    }
  }

  /** Whether `pid` is a running check (its exit is the check's result). */
  owns(pid: number): boolean {
    return this.running.has(pid);
  }

  /** A check process ended: a pass, or a failure counted toward the threshold. */
  ended(p: Process, status: ExitStatus): void {
    const r = this.running.get(p.pid);
    if (!r) return;
    this.running.delete(p.pid);
    this.timers.cancel(r.timeout);
    if (status.code === 0) {
      r.watched.failures = 0;
      return this.schedule(r.watched);
    }
    this.fail(r.watched, status.message ?? `check exited with code ${status.code}`);
  }

  private schedule(w: Watched): void {
    this.scheduled.set(
      w.name,
      this.timers.after(w.check.period, () => this.run(w)),
    );
  }

  private run(w: Watched): void {
    this.scheduled.delete(w.name);
    let check: Process;
    try {
      check = this.spawnCheck(w);
    } catch (e) {
      if (!(e instanceof SpawnError)) throw e;
      return this.fail(w, e.message);
    }
    const timeout = this.timers.after(w.check.timeout, () => this.kernel.kill(check.pid, `health check timed out after ${w.check.timeout} s`));
    this.running.set(check.pid, { watched: w, pid: check.pid, timeout });
  }

  private spawnCheck(w: Watched): Process {
    const { program, call, args } = w.check;
    if (program !== null) return this.kernel.spawn({ name: program, args: [...args], ppid: this.init.pid });
    return this.kernel.spawn({
      name: 'health-call',
      source: CALL_CHECK_SOURCE,
      args: [String(w.context), call ?? '', ...args],
      ppid: this.init.pid,
      contexts: [w.context],
    });
  }

  private fail(w: Watched, why: string): void {
    w.failures++;
    const unhealthy = w.failures >= w.check.threshold;
    this.report(w.name, w.failures, why, unhealthy);
    if (!unhealthy) this.schedule(w);
  }
}
