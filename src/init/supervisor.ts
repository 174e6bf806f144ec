// init, the service manager (pid 1): each service's target and state, reconciled one toward the other —
// start in dependency order (in parallel where the graph allows), readiness, restarts, stops, reverse-order shutdown.
import type { Kernel } from '../kernel/kernel.js';
import { EXIT_CODES, type ExitStatus, type Process } from '../kernel/process.js';
import { SpawnError, type OutputStream } from '../kernel/services.js';
import { LuaTable, type ByteString } from '../vm/vm.js';
import type { ServiceDefinition } from './definitions.js';
import { orderingEdges, type Configuration } from './graph.js';
import { HealthChecks } from './health.js';
import { InitTimers } from './init-timers.js';
import { LineSplitter, LogRing } from './log-ring.js';
import { BackoffDelay, StartHistory, wantsRestart } from './restart.js';
import { describeState, INACTIVE, statePid, traceFields, type ServiceState, type Target } from './states.js';

/** What pid 1 runs: the supervisor is the kernel-side half; this process owns init's contexts and timers and drains their events. */
const INIT_SOURCE = 'while true do os.pull() end\n';
/** Lines the system log keeps. */
export const SYSTEM_LOG_LINES = 10_000;

export interface Service {
  /** Its definition (a reload may replace it). */
  def: ServiceDefinition;
  target: Target;
  state: ServiceState;
  /** The context it binds its calls on and clients reach it by: owned by init, the same across restarts. */
  readonly context: number;
  readonly log: LogRing;
  backoff: BackoffDelay;
  starts: StartHistory;
  /** When it last became ready (kernel clock, ms), or null. */
  readySince: number | null;
  /** Its pending backoff or stop-timeout timer. */
  timer: number | null;
  /** Its start-timeout timer, while it is starting. */
  startTimer: number | null;
  /** Its process was killed for not becoming ready in time: if not restarted, it fails (start-timeout). */
  startTimedOut: boolean;
  /** The next exit is restarted whatever the policy (a health check asked for it). */
  forceRestart: boolean;
  /** Its other processes when its stop began: they go with it. */
  stopGroup: number[];
}

/** A command refused: no such service, or one that must be reset first. */
export class ServiceError extends Error {}

export class Supervisor {
  readonly process: Process;
  readonly services = new Map<string, Service>();
  readonly systemLog = new LogRing(SYSTEM_LOG_LINES);
  /** Services to reconcile, in the order they became due (an array and a set: a big Set with many deletions iterates slowly from its start). */
  private readonly due: Service[] = [];
  private readonly isDue = new Set<Service>();
  private settling = false;
  /** Called once the reconciling under way is done (answers that must see its outcome). */
  private readonly afterSettle: Array<() => void> = [];
  private shuttingDown = false;
  /** Main pid → its service. */
  private readonly byPid = new Map<number, Service>();
  /** Every other live process of a service (spawned by its main process or by one of these) → the service; kept when the main process ends first. */
  private readonly members = new Map<number, Service>();
  /** Service context id → its service. */
  private readonly byContext = new Map<number, Service>();
  /** Services a reload removed: stopping, forgotten once they have no process. */
  private readonly removing = new Set<Service>();
  /** The targets started: a service a reload adds starts when it belongs to one. */
  private readonly startedTargets = new Set<string>();
  /** Services a restart stops while their target stays up: each starts again once it has no process. */
  private readonly restarting = new Set<Service>();
  /** Service → the services ordered after it (requires or after). */
  private readonly dependents = new Map<string, Service[]>();
  private readonly timers: InitTimers;
  private readonly health: HealthChecks;
  private readonly splitter = new LineSplitter();
  private readonly listeners = new Set<(s: Service) => void>();
  private readonly commandListeners = new Set<(name: string, target: Target) => void>();

  constructor(
    readonly kernel: Kernel,
    config: Configuration,
  ) {
    if (kernel.processes.size > 0) throw new Error('init must be the first process of its kernel');
    this.process = kernel.spawn({ name: 'init', source: INIT_SOURCE });
    kernel.processes.reaper = this.process.pid;
    this.timers = new InitTimers(kernel, this.process);
    this.health = new HealthChecks(kernel, this.process, this.timers, (name, failures, why, unhealthy) =>
      this.unhealthy(this.get(name), failures, why, unhealthy),
    );
    for (const def of config.services.values()) this.add(def);
    this.linkDependents();
    for (const error of config.errors) this.say('stderr', error);
    kernel.onExit((p) => this.exited(p));
    kernel.onSpawn((p) => {
      const s = this.byPid.get(p.ppid) ?? this.members.get(p.ppid);
      if (s) this.members.set(p.pid, s);
    });
    kernel.interactions.onBind((ctx) => {
      const s = this.byContext.get(ctx.id);
      if (s) this.checkBound(s);
    });
  }

  private add(def: ServiceDefinition): Service {
    const context = this.kernel.interactions.create(this.process, null, null).id;
    const s: Service = {
      def,
      target: 'down',
      state: INACTIVE,
      context,
      log: new LogRing(def.log_lines),
      backoff: new BackoffDelay(def.backoff),
      starts: new StartHistory(def.start_limit),
      readySince: null,
      timer: null,
      startTimer: null,
      startTimedOut: false,
      forceRestart: false,
      stopGroup: [],
    };
    this.services.set(def.name, s);
    this.byContext.set(context, s);
    return s;
  }

  /** Who is ordered after whom, from the definitions (a service being removed keeps its own edges). */
  private linkDependents(): void {
    this.dependents.clear();
    for (const name of this.services.keys()) this.dependents.set(name, []);
    for (const s of this.services.values()) for (const d of orderingEdges(s.def)) this.dependents.get(d)?.push(s);
  }

  get(name: string): Service {
    const s = this.services.get(name);
    if (!s) throw new ServiceError(`no such service: ${name}`);
    return s;
  }

  /** Hears every change of a service's state or target. */
  onChange(listener: (s: Service) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Hears the user's commands that set a target (start, stop, restart), from the socket or from inside thox. */
  onCommand(listener: (name: string, target: Target) => void): () => void {
    this.commandListeners.add(listener);
    return () => this.commandListeners.delete(listener);
  }

  /** A user's start, stop or restart of a service, told to those who keep targets across boots. */
  command(name: string, command: 'start' | 'stop' | 'restart'): void {
    if (command === 'start') this.start(name);
    else if (command === 'stop') this.stop(name);
    else this.restart(name);
    for (const l of this.commandListeners) l(name, command === 'stop' ? 'down' : 'up');
  }

  /**
   * Calls `answer` once process `pid` (a service's old main process) has ended and no stop is under way, after
   * init has reconciled what that changed (a restart's new process is started by then). Returns a cancel.
   */
  whenGone(s: Service, pid: number | null, answer: () => void): () => void {
    const gone = () => (pid === null || this.kernel.processes.get(pid)?.exit !== null) && s.state.kind !== 'stopping';
    if (gone()) {
      answer();
      return () => {};
    }
    const stop = this.onChange((changed) => {
      if (changed !== s || !gone()) return;
      stop();
      this.afterSettle.push(answer);
    });
    return stop;
  }

  // ---------------------------------------------------------------------------------------------
  // Commands: they change targets; reconciling does the rest
  // ---------------------------------------------------------------------------------------------

  /** Wants a service up, with what it requires or wants. A service failed by its start limit must be reset first. */
  start(name: string): void {
    const s = this.get(name);
    if (s.state.kind === 'failed' && s.state.reason === 'start-limit-hit') {
      throw new ServiceError(`service '${name}' is ${describeState(s.state)}: reset it first`);
    }
    this.pullUp(s, new Set());
    this.settle();
  }

  /** Starts every member of a target. */
  startTarget(target: string): void {
    this.startedTargets.add(target);
    const seen = new Set<Service>();
    for (const s of this.services.values()) if (s.def.targets.includes(target)) this.pullUp(s, seen);
    this.settle();
  }

  /** Wants a service down, with every service that requires it; each stops after what is ordered after it. */
  stop(name: string): void {
    this.pushDown(this.get(name));
    this.settle();
  }

  /**
   * Stops a running service with every running service ordered after it (requires or after, at any depth: a
   * service stops only once those have), each after what is ordered after it, as a stop does, and starts them
   * again in dependency order (their targets stay up); starts it if it is not running.
   */
  restart(name: string): void {
    const s = this.get(name);
    if (statePid(s.state) === null) return this.start(name);
    this.setTarget(s, 'up');
    this.stopToRestart(s);
    this.settle();
  }

  /** Marks a running service and the running services ordered after it, at any depth, to stop and start again. */
  private stopToRestart(s: Service): void {
    for (const r of this.withDependents(s, 'ordering', () => false)) {
      if (statePid(r.state) === null) continue;
      this.restarting.add(r);
      this.touch(r);
    }
  }

  /** Forgets a service's failures: its start history and backoff; a failed or exited service becomes inactive. */
  reset(name: string): void {
    const s = this.get(name);
    s.starts.clear();
    s.backoff.reset();
    if (s.state.kind === 'failed' || s.state.kind === 'exited') this.set(s, INACTIVE);
    this.settle();
  }

  /**
   * Takes a new configuration: a running service whose definition changed restarts with the new one, an added
   * service starts when it belongs to a started target, a removed one stops and is forgotten; the others are
   * left alone. The new configuration's errors go to the system log.
   */
  reload(config: Configuration): { added: string[]; changed: string[]; removed: string[] } {
    for (const error of config.errors) this.say('stderr', error);
    const removed = [...this.services.values()].filter((s) => !config.services.has(s.def.name) && !this.removing.has(s));
    const added: Service[] = [];
    const changed: Service[] = [];
    for (const def of config.services.values()) {
      const s = this.services.get(def.name);
      if (!s) added.push(this.add(def));
      else if (JSON.stringify(s.def) !== JSON.stringify(def)) changed.push(this.redefine(s, def));
    }
    this.linkDependents();
    for (const s of removed) {
      this.removing.add(s);
      this.setTarget(s, 'down');
    }
    for (const s of changed) {
      if (statePid(s.state) !== null) this.stopToRestart(s);
      else if (s.target === 'up' && (s.state.kind === 'failed' || s.state.kind === 'exited')) this.set(s, INACTIVE); // perhaps fixed
    }
    for (const s of added) if (s.def.targets.some((t) => this.startedTargets.has(t))) this.pullUp(s, new Set());
    this.settle();
    const names = (list: Service[]) => list.map((s) => s.def.name);
    return { added: names(added), changed: names(changed), removed: names(removed) };
  }

  /** A service's new definition: its restart accounting starts afresh; its log keeps its lines. */
  private redefine(s: Service, def: ServiceDefinition): Service {
    s.def = def;
    s.backoff = new BackoffDelay(def.backoff);
    s.starts = new StartHistory(def.start_limit);
    s.log.resize(def.log_lines);
    return s;
  }

  /** A removed service that has stopped: it goes, with its context. */
  private forget(s: Service): void {
    this.removing.delete(s);
    this.timers.cancel(s.timer);
    this.services.delete(s.def.name);
    this.byContext.delete(s.context);
    this.kernel.interactions.close(this.process, s.context);
    this.linkDependents();
    this.say('stdout', `${s.def.name}: removed`);
  }

  /** Stops every service in reverse dependency order, then the orphans init adopted, then init itself. */
  shutdown(): void {
    this.shuttingDown = true;
    this.say('stdout', 'shutting down');
    for (const s of this.services.values()) this.pushDown(s);
    this.settle();
  }

  /** Whether init has ended (after a shutdown). */
  get ended(): boolean {
    return this.process.exit !== null;
  }

  /**
   * Wants `root` up, after what it requires or wants, depth first (so those are reconciled first); `seen` is
   * shared by the services of one command, so each is visited once. Iterative: a chain of 10,000 is fine.
   */
  private pullUp(root: Service, seen: Set<Service>): void {
    if (seen.has(root)) return;
    seen.add(root);
    const pulled = (s: Service) => [...s.def.requires, ...s.def.wants].map((d) => this.get(d));
    const stack = [{ s: root, deps: pulled(root), next: 0 }];
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      if (top.next < top.deps.length) {
        const d = top.deps[top.next++];
        if (!seen.has(d)) {
          seen.add(d);
          stack.push({ s: d, deps: pulled(d), next: 0 });
        }
        continue;
      }
      stack.pop();
      this.setTarget(top.s, 'up');
      if (top.s.state.kind === 'exited' || (top.s.state.kind === 'failed' && top.s.state.reason !== 'start-limit-hit')) this.set(top.s, INACTIVE);
    }
  }

  /** Wants `root` down, with every service that requires it, at any depth. */
  private pushDown(root: Service): void {
    for (const s of this.withDependents(root, 'requires', (d) => d.target === 'down')) this.setTarget(s, 'down');
  }

  /**
   * `root` and every service that requires it (`via` 'requires') or is ordered after it (`via` 'ordering':
   * requires or after), at any depth, not going through a service `skip` holds back.
   */
  private withDependents(root: Service, via: 'requires' | 'ordering', skip: (s: Service) => boolean): Service[] {
    const found: Service[] = [];
    const seen = new Set<Service>();
    const work = [root];
    for (let s = work.pop(); s; s = work.pop()) {
      if (seen.has(s) || skip(s)) continue;
      seen.add(s);
      found.push(s);
      for (const d of this.dependents.get(s.def.name)!) if (via === 'ordering' || d.def.requires.includes(s.def.name)) work.push(d);
    }
    return found;
  }

  private setTarget(s: Service, target: Target): void {
    if (s.target === target) return;
    s.target = target;
    this.kernel.trace.record(this.kernel.now(), 'service', this.process.pid, undefined, { name: s.def.name, target });
    this.touch(s);
  }

  // ---------------------------------------------------------------------------------------------
  // Reconciling
  // ---------------------------------------------------------------------------------------------

  /** Reconciles every service due, until none is; then ends init if it is shutting down and all is stopped. */
  private settle(): void {
    if (this.settling) return;
    this.settling = true;
    try {
      for (let i = 0; i < this.due.length; i++) {
        const s = this.due[i];
        this.isDue.delete(s);
        if (s.target === 'up' && !this.restarting.has(s)) this.bringUp(s);
        else this.bringDown(s);
        if (this.restarting.has(s) && statePid(s.state) === null) this.restarted(s);
      }
    } finally {
      this.due.length = 0;
      this.isDue.clear();
      this.settling = false;
    }
    for (const s of this.removing) if (statePid(s.state) === null) this.forget(s);
    if (this.shuttingDown && !this.ended) this.finishShutdown();
    for (const f of this.afterSettle.splice(0)) f();
  }

  private bringUp(s: Service): void {
    if (s.state.kind !== 'inactive' && s.state.kind !== 'blocked') return;
    const wait = this.waitingOn(s);
    if (wait?.failed) return this.set(s, { kind: 'failed', reason: `dependency-failed: ${wait.on}` });
    if (wait) {
      if (s.state.kind !== 'blocked' || s.state.on !== wait.on) this.set(s, { kind: 'blocked', on: wait.on });
      return;
    }
    this.spawn(s);
  }

  /**
   * The first dependency `s` must wait for (required: ready; after: ready or settled; either: not about to be
   * restarted), or that failed it.
   */
  private waitingOn(s: Service): { on: string; failed: boolean } | null {
    for (const name of s.def.requires) {
      const d = this.get(name);
      if (d.state.kind === 'failed' || d.state.kind === 'exited') return { on: name, failed: true };
      if (d.state.kind !== 'ready' || this.restarting.has(d)) return { on: name, failed: false };
    }
    for (const name of s.def.after) {
      const d = this.get(name);
      if (d.target === 'up' && (this.restarting.has(d) || !['ready', 'failed', 'exited'].includes(d.state.kind))) return { on: name, failed: false };
    }
    return null;
  }

  private bringDown(s: Service): void {
    const st = s.state;
    if (st.kind === 'blocked' || st.kind === 'backoff' || (st.kind === 'ready' && st.pid === null)) {
      this.timers.cancel(s.timer);
      s.timer = null;
      for (const pid of this.membersOf(s)) this.kernel.kill(pid, `service ${s.def.name} stopped`);
      return this.set(s, INACTIVE);
    }
    const pid = statePid(st);
    if (pid === null || st.kind === 'stopping') return;
    if (this.dependents.get(s.def.name)!.some((d) => statePid(d.state) !== null && this.stopsBefore(d, s))) return; // they stop first
    this.beginStop(s, pid);
  }

  /**
   * Whether `d`, ordered after `s`, must have stopped before `s` stops: when it requires `s` (it cannot run without
   * it), or when it is going down or restarting too. One that only comes `after` `s` and stays up is left running:
   * `after` orders what one command starts or stops, as systemd's After= does.
   */
  private stopsBefore(d: Service, s: Service): boolean {
    return d.def.requires.includes(s.def.name) || d.target === 'down' || this.restarting.has(d);
  }

  /** A service a restart stopped has no process left: it is reconciled toward its target again. */
  private restarted(s: Service): void {
    this.restarting.delete(s);
    this.markDue(s);
  }

  private spawn(s: Service): void {
    let p: Process;
    try {
      p = this.kernel.spawn({ name: s.def.program, args: [...s.def.args], runtime: s.def.runtime, ppid: this.process.pid, contexts: [s.context] });
    } catch (e) {
      if (!(e instanceof SpawnError)) throw e;
      this.say('stderr', `${s.def.name}: ${e.message}`, s);
      return this.set(s, { kind: 'failed', reason: 'spawn-error' });
    }
    s.starts.record(this.kernel.now());
    this.byPid.set(p.pid, s);
    this.set(s, s.def.type === 'simple' ? { kind: 'ready', pid: p.pid } : { kind: 'starting', pid: p.pid });
    if ((s.def.type === 'notify' || s.def.type === 'bind') && s.def.start_timeout > 0) this.watchStart(s, p.pid);
  }

  /** Kills a notify or bind service still starting `start_timeout` seconds after its spawn. */
  private watchStart(s: Service, pid: number): void {
    const seconds = s.def.start_timeout;
    s.startTimer = this.timers.after(seconds, () => {
      s.startTimer = null;
      s.startTimedOut = true;
      this.say('stderr', `${s.def.name}: not ready ${seconds} s after its start: killed`, s);
      this.kernel.kill(pid, `start timeout (${seconds} s)`);
    });
  }

  /** Asks the service to stop (a 'terminate' event), and kills it when it has not ended after its stop timeout. */
  private beginStop(s: Service, pid: number): void {
    const p = this.kernel.processes.get(pid)!;
    s.stopGroup = this.membersOf(s);
    this.set(s, { kind: 'stopping', pid });
    this.kernel.queueEvent(p, LuaTable.from({ type: 'terminate' }), { force: true });
    this.timers.cancel(s.timer);
    s.timer = this.timers.after(s.def.stop_timeout, () => {
      s.timer = null;
      this.say('stderr', `${s.def.name}: still running ${s.def.stop_timeout} s after 'terminate': killed`, s);
      this.kernel.kill(pid, `stop timeout (${s.def.stop_timeout} s)`);
    });
  }

  // ---------------------------------------------------------------------------------------------
  // Events: exits, readiness, health
  // ---------------------------------------------------------------------------------------------

  private exited(p: Process): void {
    if (p === this.process) return;
    const status = p.exit!;
    if (this.health.owns(p.pid)) this.health.ended(p, status);
    const s = this.byPid.get(p.pid);
    this.members.delete(p.pid);
    if (p.ppid === this.process.pid) this.kernel.processes.reap(p.pid); // init's children and the orphans it adopted
    if (s) {
      this.byPid.delete(p.pid);
      this.serviceEnded(s, status);
    }
    this.settle();
  }

  private serviceEnded(s: Service, status: ExitStatus): void {
    const timedOut = s.startTimedOut;
    s.startTimedOut = false;
    this.timers.cancel(s.timer);
    s.timer = null;
    for (const pid of s.stopGroup) this.kernel.kill(pid, `service ${s.def.name} stopped`);
    s.stopGroup = [];
    const stableFor = s.state.kind === 'ready' && s.readySince !== null ? (this.kernel.now() - s.readySince) / 1000 : 0;
    if (s.state.kind === 'stopping' || s.target === 'down') return this.set(s, INACTIVE);
    if (s.def.type === 'oneshot' && status.code === EXIT_CODES.ok) return this.set(s, { kind: 'ready', pid: null });
    const restart = s.forceRestart || wantsRestart(s.def.restart, status);
    s.forceRestart = false;
    if (status.code !== EXIT_CODES.ok) this.say('stderr', `${s.def.name}: ended with code ${status.code}${status.message ? `: ${status.message}` : ''}`, s);
    if (!restart) return this.set(s, timedOut ? { kind: 'failed', reason: 'start-timeout' } : { kind: 'exited', code: status.code });
    if (s.starts.exhausted(this.kernel.now())) return this.set(s, { kind: 'failed', reason: 'start-limit-hit' });
    const delay = s.backoff.take(stableFor);
    this.set(s, { kind: 'backoff', until: this.kernel.now() + delay * 1000 });
    s.timer = this.timers.after(delay, () => {
      s.timer = null;
      this.set(s, INACTIVE);
      this.settle();
    });
  }

  /** service.ready() from a starting 'notify' service's main process. Returns why not, or null. */
  notifyReady(pid: number): string | null {
    const s = this.byPid.get(pid);
    if (!s) return `process ${pid} is not the main process of a service`;
    if (s.def.type !== 'notify') return `service '${s.def.name}' is of type '${s.def.type}', not 'notify'`;
    if (s.state.kind === 'starting') {
      this.set(s, { kind: 'ready', pid });
      this.settle();
    }
    return null;
  }

  /** A 'bind' service is ready when every name it declares is bound on its context. */
  private checkBound(s: Service): void {
    if (s.state.kind !== 'starting' || s.def.type !== 'bind') return;
    const ctx = this.kernel.interactions.contexts.get(s.context)!;
    if (!s.def.binds.every((name) => ctx.bindings.has(name))) return;
    this.set(s, { kind: 'ready', pid: s.state.pid });
    this.settle();
  }

  private unhealthy(s: Service, failures: number, why: string, unhealthy: boolean): void {
    this.say('stderr', `${s.def.name}: health check failed (${failures}/${s.def.health!.threshold}): ${why}`, s);
    this.kernel.trace.record(this.kernel.now(), 'service', this.process.pid, undefined, { name: s.def.name, health: 'fail', failures });
    const pid = statePid(s.state);
    if (!unhealthy || pid === null) return;
    s.forceRestart = true;
    this.kernel.kill(pid, `health check failed ${failures} times`);
  }

  // ---------------------------------------------------------------------------------------------
  // State changes, logs
  // ---------------------------------------------------------------------------------------------

  private set(s: Service, state: ServiceState): void {
    const was = s.state;
    s.state = state;
    if (was.kind === 'starting' && state.kind !== 'starting') {
      this.timers.cancel(s.startTimer);
      s.startTimer = null;
    }
    this.kernel.trace.record(this.kernel.now(), 'service', this.process.pid, undefined, { name: s.def.name, ...traceFields(state) });
    if (state.kind === 'ready' && was.kind !== 'ready') {
      s.readySince = this.kernel.now();
      if (s.def.health && state.pid !== null) this.health.begin(s.def.name, s.def.health, s.context);
    } else if (state.kind !== 'ready' && was.kind === 'ready') {
      s.readySince = null;
      this.health.end(s.def.name);
    }
    this.touch(s);
    for (const l of this.listeners) l(s);
  }

  /** Marks a service, what is ordered after it and what it is ordered after, to be reconciled. */
  private touch(s: Service): void {
    this.markDue(s);
    for (const d of this.dependents.get(s.def.name) ?? []) this.markDue(d);
    for (const name of orderingEdges(s.def)) {
      const d = this.services.get(name);
      if (d) this.markDue(d);
    }
  }

  private markDue(s: Service): void {
    if (this.isDue.has(s)) return;
    this.isDue.add(s);
    this.due.push(s);
  }

  private finishShutdown(): void {
    if ([...this.services.values()].some((s) => statePid(s.state) !== null)) return;
    this.shuttingDown = false; // done: the kills below must not bring us here again
    for (const p of this.kernel.processes.live()) if (p.ppid === this.process.pid) this.kernel.kill(p.pid, 'system shutdown');
    this.say('stdout', 'all services stopped');
    this.kernel.exit(this.process, { code: EXIT_CODES.ok, kind: 'exited' });
  }

  /** The live processes of a service other than its main process (those left by an earlier run too). */
  private membersOf(s: Service): number[] {
    return [...this.members].filter(([, owner]) => owner === s).map(([pid]) => pid);
  }

  /** The service a process belongs to: the one whose main process it is or was started by (at any depth). */
  serviceOf(pid: number): Service | undefined {
    return this.byPid.get(pid) ?? this.members.get(pid);
  }

  /**
   * Output of a process (the kernel's output callback passes it here): a service's lines go to its ring and
   * the system log. Returns whether the output was a service's.
   */
  output(pid: number, stream: OutputStream, text: ByteString): boolean {
    const s = this.serviceOf(pid);
    if (!s) return false;
    for (const line of this.splitter.split(`${pid}:${stream}`, text)) {
      const entry = { t: this.kernel.now(), service: s.def.name, stream, text: line };
      s.log.push(entry);
      this.systemLog.push(entry);
    }
    return true;
  }

  /** A line of init's own in the system log, and in the log of the service it is about. */
  private say(stream: OutputStream, text: string, about?: Service): void {
    const entry = { t: this.kernel.now(), service: 'init', stream, text };
    this.systemLog.push(entry);
    about?.log.push(entry);
  }
}
