// The soak run: many processes, calls, tasks and crashing services through one kernel, then the check that
// nothing stayed behind (kernel tables, Lua states, host functions, host heap) and that every call was answered.
import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import { installNativeContexts } from '../contexts/index.js';
import { VirtualClock } from '../kernel/clock.js';
import { Kernel } from '../kernel/kernel.js';
import { SeededRandom } from '../kernel/random.js';
import { FactoryLoader, memoryStore } from '../store/index.js';
import type { HostFunction, StateOptions, Vm, VmState } from '../vm/vm.js';
import { timed } from './stats.js';

/** How much of each kind of work one soak run does. */
export interface SoakCounts {
  /** Processes spawned (os.run_code) and reaped (os.wait). */
  processes: number;
  /** RPC round trips between Lua clients and a Lua service bound on a context. */
  rpc: number;
  /** RPC calls to a native context (timer.now on the root context). */
  native: number;
  /** Tasks spawned (os.spawn), most of them joined (os.join). */
  tasks: number;
  /** Calls to a service that crashes and is restarted by a Lua supervisor. */
  crashCalls: number;
}

/** The default run: the figures the hardening issue asks for. */
export const FULL: SoakCounts = { processes: 100_000, rpc: 1_000_000, native: 1_000_000, tasks: 1_000_000, crashCalls: 200_000 };
/** `--quick` (and the test): the same checks over small counts. */
export const QUICK: SoakCounts = { processes: 300, rpc: 3_000, native: 3_000, tasks: 3_000, crashCalls: 3_000 };
/** How much of the default run fengari (Lua in JS, many times slower) does. */
export const FENGARI_SCALE = 0.1;

/** What the kernel and the engine hold: all must be back to their baseline after the run. */
export interface Holdings {
  luaStates: number;
  hostFunctions: number;
  processes: number;
  tasks: number;
  contexts: number;
  callsInFlight: number;
  timers: number;
  queuedEvents: number;
}

/** The holdings, in the order they are reported. */
export const HOLDING_NAMES: ReadonlyArray<keyof Holdings> = [
  'luaStates',
  'hostFunctions',
  'processes',
  'tasks',
  'contexts',
  'callsInFlight',
  'timers',
  'queuedEvents',
];

export interface PhaseFigures {
  key: keyof SoakCounts;
  phase: string;
  /** Units of work done (processes, calls, tasks). */
  count: number;
  cpuMs: number;
  wallMs: number;
  /** What the phase's programs reported (answers by status, restarts...). */
  report: Record<string, number>;
}

export interface SoakResult {
  vm: string;
  phases: PhaseFigures[];
  before: { holdings: Holdings; heapUsed: number };
  after: { holdings: Holdings; heapUsed: number };
  /** Calls sent that got no answer at all, or only their timeout. */
  unanswered: number;
  /** Why the run failed its checks (empty when it passed). */
  failures: string[];
}

/** Host-heap growth allowed between the baseline and the end (see docs/security.md, "Soak"). */
export const HEAP_TOLERANCE = 8 * 1024 * 1024;
/** Seconds a crash-phase client allows each call: an answer can only be this late if the kernel lost the call. */
const CALL_TIMEOUT = 3600;

/**
 * A client: `calls` calls named `name` on its context 0, at most `window` in flight; checks each answer is
 * for a call it made (once) and an OK one echoes its argument; prints its counts by status. After a refused
 * call it sleeps a moment (a restarting service is not hammered).
 */
const CLIENT = `
local calls, window, name, timeout = tonumber((...)), tonumber((select(2, ...))), select(3, ...), tonumber((select(4, ...)))
local waiting, inflight, sent = {}, 0, 0
local count = {}
for code = 0, 6 do count[code] = 0 end
local function collect()
  local a = os.pull('answer')
  local arg = waiting[a.cid]
  assert(arg, 'an answer to a call not made, or answered twice: ' .. tostring(a.cid))
  waiting[a.cid] = nil
  inflight = inflight - 1
  count[a.status] = count[a.status] + 1
  if a.status == os.status.OK and name == 'echo' then assert(a.args[1] == arg, 'echo answered with another value') end
  if a.status ~= os.status.OK then os.sleep(0.001) end
end
while sent < calls do
  while inflight < window and sent < calls do
    sent = sent + 1
    local cid = os.call(0, name, sent)
    if timeout > 0 then os.timeout(cid, timeout) end
    waiting[cid] = sent
    inflight = inflight + 1
  end
  collect()
end
while inflight > 0 do collect() end
local s = os.status
print(string.format('sent=%d ok=%d no_such_call=%d callee_died=%d timeout=%d other=%d', sent, count[s.OK],
  count[s.NO_SUCH_CALL], count[s.CALLEE_DIED], count[s.TIMEOUT], count[s.DENIED] + count[s.BAD_ARGUMENT] + count[s.ERROR]))`;

/** A service: binds 'echo' on its context 0 and answers with the argument; with `crash` > 0 it dies after that many answers (by error or os.exit, in turn), leaving what it pulled and what waits in its queue unanswered. */
const SERVICE = `
local crash = tonumber((...))
assert(os.bind(0, 'echo'))
local served = 0
while true do
  local call = os.pull('call')
  if crash > 0 and served == crash then
    if os.pid() % 2 == 0 then error('planned crash', 0) end
    os.exit(3)
  end
  os.answer(call.cid, os.status.OK, call.args[1])
  served = served + 1
end`;

/**
 * The supervisor: starts the service on a new context, a keeper task that restarts it whenever it ends,
 * and the clients on that context; waits for the clients, then stops the keeper and the service.
 */
const SUPERVISOR = `
local calls, clients, window, crash, timeout = ...
local CLIENT, SERVICE = ${luaString(CLIENT)}, ${luaString(SERVICE)}
local ctx = os.context()
local done, restarts, service = false, 0, nil
local function start() service = assert(os.run_code(SERVICE, { context = ctx, args = { crash } })) end
start()
local keeper = os.spawn(function()
  while true do
    os.wait(service)
    if done then return end
    restarts = restarts + 1
    start()
  end
end)
local pids = {}
for i = 1, tonumber(clients) do
  pids[i] = assert(os.run_code(CLIENT, { context = ctx, args = { tostring(calls // clients), window, 'echo', timeout } }))
end
for _, pid in ipairs(pids) do
  local code, kind, message = os.wait(pid)
  assert(code == 0, 'a client ended with ' .. tostring(kind) .. ': ' .. tostring(message))
end
done = true
os.kill(service)
os.join(keeper)
print(string.format('restarts=%d', restarts))`;

/** Native callers: `clients` processes on the root context calling timer.now. */
const NATIVE = `
local calls, clients, window = ...
local CLIENT = ${luaString(CLIENT)}
local pids = {}
for i = 1, tonumber(clients) do pids[i] = assert(os.run_code(CLIENT, { args = { tostring(calls // clients), window, 'timer.now', '0' } })) end
for _, pid in ipairs(pids) do assert(os.wait(pid) == 0, 'a client failed') end`;

/**
 * Children in batches: each makes a context, a timer and a sleeping task, then ends in one of four ways
 * (returns, os.exit(2), an error, or killed by the parent while it waits); the parent checks each status.
 */
const PROCESSES = `
local count, batch = tonumber((...)), tonumber((select(2, ...)))
local CHILD = [[
  local mode = ...
  os.context()
  os.timer(60)
  os.spawn(function() os.sleep(60) end)
  if mode == 'exit' then os.exit(2) end
  if mode == 'error' then error('planned', 0) end
  if mode == 'wait' then os.pull('never') end
]]
local MODES = { 'end', 'exit', 'error', 'wait' }
local CODES = { ['end'] = 0, exit = 2, error = 1, wait = 137 }
local done = 0
while done < count do
  local pids = {}
  for i = 1, math.min(batch, count - done) do
    local mode = MODES[(done + i) % 4 + 1]
    pids[i] = { assert(os.run_code(CHILD, { args = { mode } })), mode }
  end
  os.yield() -- the children start
  for _, c in ipairs(pids) do if c[2] == 'wait' then os.kill(c[1]) end end
  for _, c in ipairs(pids) do
    local code = os.wait(c[1])
    assert(code == CODES[c[2]], c[2] .. ' ended with ' .. tostring(code))
  end
  done = done + #pids
end
print(string.format('reaped=%d', done))`;

/** Tasks in batches: joined with values, joined after an error, and fire-and-forget (some asleep on a timer). */
const TASKS = `
local count, batch = tonumber((...)), tonumber((select(2, ...)))
local done, joined, failed = 0, 0, 0
while done < count do
  local tids = {}
  for i = 1, math.min(batch, count - done) do
    local kind = i % 4
    if kind == 0 then
      tids[#tids + 1] = os.spawn(function() return i, { i } end)
    elseif kind == 1 then
      tids[#tids + 1] = os.spawn(function() error('planned', 0) end)
    elseif kind == 2 then
      os.spawn(function() end)
    else
      os.spawn(function() os.sleep(0.001) end)
    end
  end
  for _, tid in ipairs(tids) do
    local ok = os.join(tid)
    if ok then joined = joined + 1 else failed = failed + 1 end
  end
  os.sleep(0.002) -- the sleepers wake and end
  done = done + math.min(batch, count - done)
end
assert(os.info().tasks == 1, 'tasks left: ' .. os.info().tasks)
print(string.format('joined=%d failed=%d', joined, failed))`;

/** A Lua long-string literal holding `s` (which holds no ']==]'). */
function luaString(s: string): string {
  return `[==[${s}]==]`;
}

/** A Vm whose states are counted (created minus closed) and whose host functions are collected (distinct objects). */
class CountingVm {
  liveStates = 0;
  readonly hostFunctions = new Set<HostFunction>();

  constructor(private readonly inner: Vm) {}

  get vm(): Vm {
    const counting = this;
    const { inner } = this;
    return {
      name: inner.name,
      integerBits: inner.integerBits,
      luaVersion: inner.luaVersion,
      hasMemoryLimit: inner.hasMemoryLimit,
      setMemoryBudget: (bytes) => inner.setMemoryBudget(bytes),
      memoryTotal: () => inner.memoryTotal(),
      newState(options: StateOptions): VmState {
        const state = inner.newState(options);
        counting.liveStates++;
        return counting.watch(state);
      },
    };
  }

  /** The state with its close, setHostFunction and setHostFunctions observed; every other member is the state's own. */
  private watch(state: VmState): VmState {
    const observed: Partial<VmState> = {
      close: () => {
        this.liveStates--;
        state.close();
      },
      setHostFunction: (table, name, fn) => {
        this.hostFunctions.add(fn);
        state.setHostFunction(table, name, fn);
      },
      setHostFunctions: (table, fns) => {
        for (const [, fn] of fns) this.hostFunctions.add(fn);
        state.setHostFunctions(table, fns);
      },
    };
    return new Proxy(state, {
      get: (target, key) => {
        const own = Reflect.get(observed, key);
        if (own !== undefined) return own;
        const value: unknown = Reflect.get(target, key);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  }
}

/** A full collection (twice: finalizers run in between), from node's --expose-gc or, failing that, switched on here. */
function collectGarbage(): void {
  const exposed: unknown = Reflect.get(globalThis, 'gc');
  let gc = exposed;
  if (typeof gc !== 'function') {
    setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc');
  }
  if (typeof gc !== 'function') throw new Error('cannot force a garbage collection (run node with --expose-gc)');
  gc();
  gc();
}

function heapUsed(): number {
  collectGarbage();
  return process.memoryUsage().heapUsed;
}

/** One kernel (virtual clock, seeded) over a counting VM, with the phases' programs run from the host. */
class Soak {
  readonly counting: CountingVm;
  readonly kernel: Kernel;
  private stdout = '';
  private stderr = '';

  constructor(vm: Vm, seed: number) {
    this.counting = new CountingVm(vm);
    this.kernel = new Kernel({
      vm: this.counting.vm,
      clock: new VirtualClock(),
      random: new SeededRandom(seed),
      loader: new FactoryLoader(),
      output: (_pid, stream, text) => {
        if (stream === 'stdout') this.stdout += text;
        else this.stderr += text;
      },
      vmSeed: seed,
    });
    installNativeContexts(this.kernel, { store: memoryStore() });
  }

  holdings(): Holdings {
    const k = this.kernel;
    const live = [...k.processes.values()];
    return {
      luaStates: this.counting.liveStates,
      hostFunctions: this.counting.hostFunctions.size,
      processes: k.processes.size,
      tasks: live.reduce((n, p) => n + p.tasks.size + p.results.size, 0),
      contexts: k.interactions.contexts.size,
      callsInFlight: k.interactions.contexts.inFlight,
      timers: k.timers.size,
      queuedEvents: live.reduce((n, p) => n + p.events.length, 0),
    };
  }

  /** Runs one program from the host to its end, reaps it; returns the numbers its processes printed (`key=N`, summed). */
  run(name: string, source: string, args: string[]): Record<string, number> {
    this.stdout = '';
    this.stderr = '';
    const p = this.kernel.spawn({ name, source, args });
    const r = this.kernel.runUntilIdle({ until: () => p.exit !== null });
    this.kernel.processes.reap(p.pid);
    if (p.exit?.kind !== 'exited' || p.exit.code !== 0) {
      const why = p.exit ? `${p.exit.kind}: ${p.exit.message ?? ''}` : `the kernel stopped (${r.kind})`;
      throw new Error(`soak ${name} failed: ${why} ${this.stderr}`.trim());
    }
    if (this.stderr !== '') throw new Error(`soak ${name} wrote to stderr: ${this.stderr}`);
    const report: Record<string, number> = {};
    for (const [, key, value] of this.stdout.matchAll(/(\w+)=(\d+)/g)) report[key] = (report[key] ?? 0) + Number(value);
    return report;
  }
}

const CLIENTS = 8;
const WINDOW = '16';
const BATCH = '100';

/** The phases, each a program and its arguments for a count. */
const PHASES: Array<{ phase: string; key: keyof SoakCounts; source: string; args: (n: number) => string[] }> = [
  { phase: 'processes spawned and reaped', key: 'processes', source: PROCESSES, args: (n) => [String(n), BATCH] },
  { phase: 'RPC calls, Lua client -> Lua service', key: 'rpc', source: SUPERVISOR, args: (n) => [String(n), String(CLIENTS), WINDOW, '0', '0'] },
  { phase: 'RPC calls, Lua client -> native (timer.now)', key: 'native', source: NATIVE, args: (n) => [String(n), String(CLIENTS), WINDOW] },
  { phase: 'tasks spawned (os.spawn, os.join)', key: 'tasks', source: TASKS, args: (n) => [String(n), BATCH] },
  {
    phase: 'calls to a crashing, restarted service',
    key: 'crashCalls',
    source: SUPERVISOR,
    args: (n) => [String(n), String(CLIENTS), WINDOW, '997', String(CALL_TIMEOUT)],
  },
];

/** Every count rounded to what the phases can split evenly (whole batches and clients). */
function rounded(counts: SoakCounts): SoakCounts {
  const to = (n: number, unit: number): number => Math.max(unit, Math.round(n / unit) * unit);
  return {
    processes: to(counts.processes, Number(BATCH)),
    rpc: to(counts.rpc, CLIENTS),
    native: to(counts.native, CLIENTS),
    tasks: to(counts.tasks, Number(BATCH)),
    crashCalls: to(counts.crashCalls, CLIENTS),
  };
}

/** Runs every phase once at 1/50 of its count (the baseline: warmed up, tables at their working sizes), then in full. */
export function runSoak(vm: Vm, requested: SoakCounts, log: (line: string) => void = () => {}, seed = 1): SoakResult {
  const counts = rounded(requested);
  const soak = new Soak(vm, seed);
  for (const { phase, key, source, args } of PHASES) {
    log(`warm-up: ${phase}`);
    soak.run(key, source, args(rounded({ ...counts, [key]: counts[key] / 50 })[key]));
  }
  const before = { holdings: soak.holdings(), heapUsed: heapUsed() };
  const phases: PhaseFigures[] = [];
  for (const { phase, key, source, args } of PHASES) {
    log(`${phase}: ${counts[key]}`);
    const { cpuMs, wallMs, result } = timed(() => soak.run(key, source, args(counts[key])));
    phases.push({ key, phase, count: counts[key], cpuMs, wallMs, report: result });
  }
  const after = { holdings: soak.holdings(), heapUsed: heapUsed() };
  return { vm: vm.name, phases, before, after, unanswered: unanswered(phases), failures: soakFailures(counts, phases, before, after) };
}

/** Calls sent in all phases that got no answer, or only their timeout. */
function unanswered(phases: PhaseFigures[]): number {
  return phases.reduce((n, f) => n + unansweredIn(f), 0);
}

/** Calls of a phase that got no answer, or only their timeout (0 for phases without calls). */
function unansweredIn(f: PhaseFigures): number {
  const r = f.report;
  if (r.sent === undefined) return 0;
  const answered = (r.ok ?? 0) + (r.no_such_call ?? 0) + (r.callee_died ?? 0) + (r.other ?? 0);
  return r.sent - answered;
}

/** What the figures say went wrong: anything held that was not held before, heap growth, lost calls, work not done. */
export function soakFailures(counts: SoakCounts, phases: PhaseFigures[], before: SoakResult['before'], after: SoakResult['after']): string[] {
  const out: string[] = [];
  for (const name of HOLDING_NAMES) {
    const [was, is] = [before.holdings[name], after.holdings[name]];
    if (is !== was) out.push(`${name}: ${was} before, ${is} after`);
  }
  const grown = after.heapUsed - before.heapUsed;
  if (grown > HEAP_TOLERANCE) out.push(`host heap grew by ${grown} bytes (tolerance ${HEAP_TOLERANCE})`);
  const lost = unanswered(phases);
  if (lost !== 0) out.push(`${lost} calls without an answer (or answered only by their timeout)`);
  const report = (key: keyof SoakCounts): Record<string, number> => phases.find((p) => p.key === key)?.report ?? {};
  const [processes, rpc, native, tasks, crash] = (['processes', 'rpc', 'native', 'tasks', 'crashCalls'] as const).map(report);
  if (processes.reaped !== counts.processes) out.push(`reaped ${processes.reaped} of ${counts.processes} processes`);
  if (rpc.ok !== counts.rpc) out.push(`${rpc.ok} of ${counts.rpc} Lua calls answered OK`);
  if (native.ok !== counts.native) out.push(`${native.ok} of ${counts.native} native calls answered OK`);
  if ((tasks.joined ?? 0) + (tasks.failed ?? 0) !== counts.tasks / 2) out.push(`joined ${tasks.joined + tasks.failed} of ${counts.tasks / 2} joinable tasks`);
  if (crash.sent !== counts.crashCalls) out.push(`the crash phase sent ${crash.sent} of ${counts.crashCalls} calls`);
  if (!((crash.restarts ?? 0) > 0 && (crash.callee_died ?? 0) > 0)) out.push('the service never crashed with calls pending');
  return out;
}
