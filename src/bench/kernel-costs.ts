// The kernel's own costs: task switches per second (tasks of one process, and processes), spawn + exit per
// second (from Lua with os.run_code + os.wait, and from TypeScript), and where the time of one spawn goes.
import { DEFAULT_MEMORY_LIMIT, DEFAULT_QUANTUM, type Kernel } from '../kernel/kernel.js';
import { newProcess, newTask, type Process, type Task } from '../kernel/process.js';
import { KERNEL_CHUNKS, SANDBOX_SOURCE } from '../kernel/sandbox.js';
import { installSystemCalls } from '../kernel/syscalls.js';
import { FactoryLoader } from '../store/factory.js';
import { LuaTable, type StateOptions, type Vm, type VmRef, type VmState } from '../vm/vm.js';
import { benchProgramSource, bootKernel } from './boot.js';
import { median, timed } from './stats.js';
import { num, type Table } from './table.js';

export const SWITCH_TARGET = 200_000;
export const SPAWN_TARGET = 5_000;

export interface KernelCostsConfig {
  vm: Vm;
  /** os.yield() calls per task in the switch benchmarks. */
  yields: number;
  /** Children per spawn benchmark run. */
  spawns: number;
  /** Measured repetitions (after one discarded warm-up). */
  reps: number;
}

interface Measure {
  label: string;
  perSecond: number[];
  detail: string;
  target: number | null;
}

/** One timed run: `count` things (slices, spawns, resumes) in `cpuMs` of CPU time and `wallMs` of wall time. */
interface Run {
  count: number;
  unit: string;
  cpuMs: number;
  wallMs: number;
}

function rateOf(r: Run): { rate: number; detail: string } {
  return {
    rate: r.count / (r.cpuMs / 1000),
    detail: `${num(r.count)} ${r.unit} in ${num(r.cpuMs)} ms CPU (${num(r.wallMs)} ms wall), ${((1000 * r.cpuMs) / r.count).toFixed(2)} µs each`,
  };
}

/** Runs the kernel until idle and checks every given process exited normally. */
function runToEnd(kernel: Kernel, procs: Process[]): void {
  const r = kernel.runUntilIdle();
  if (r.kind !== 'done') throw new Error(`kernel ended with ${r.kind}`);
  for (const p of procs) if (p.exit?.kind !== 'exited') throw new Error(`${p.name}: ${p.exit?.kind} ${p.exit?.message ?? ''}`);
}

const slices = (procs: Process[]): number => procs.reduce((n, p) => n + p.counters.slices, 0);

function switchesInOneProcess(vm: Vm, n: number): { rate: number; detail: string } {
  const { kernel } = bootKernel(vm);
  const source = benchProgramSource('bench_yield_tasks');
  const {
    cpuMs,
    wallMs,
    result: p,
  } = timed(() => {
    const p = kernel.spawn({ name: 'bench_yield_tasks.lua', source, args: [String(n)] });
    runToEnd(kernel, [p]);
    return p;
  });
  return rateOf({ count: slices([p]), unit: 'slices', cpuMs, wallMs });
}

function switchesBetweenProcesses(vm: Vm, n: number): { rate: number; detail: string } {
  const { kernel } = bootKernel(vm);
  const source = benchProgramSource('bench_yield');
  const {
    cpuMs,
    wallMs,
    result: procs,
  } = timed(() => {
    const procs = [1, 2].map(() => kernel.spawn({ name: 'bench_yield.lua', source, args: [String(n)] }));
    runToEnd(kernel, procs);
    return procs;
  });
  return rateOf({ count: slices(procs), unit: 'slices', cpuMs, wallMs });
}

function spawnsFromLua(vm: Vm, n: number): { rate: number; detail: string } {
  const { kernel } = bootKernel(vm);
  const source = benchProgramSource('bench_spawn');
  const { cpuMs, wallMs } = timed(() => runToEnd(kernel, [kernel.spawn({ name: 'bench_spawn.lua', source, args: [String(n)] })]));
  if (kernel.processes.size !== 1) throw new Error(`${kernel.processes.size - 1} children were not reaped`);
  return rateOf({ count: n, unit: 'children', cpuMs, wallMs });
}

function spawnsFromHost(vm: Vm, n: number): { rate: number; detail: string } {
  const { kernel } = bootKernel(vm);
  const { cpuMs, wallMs } = timed(() => {
    for (let i = 0; i < n; i++) {
      const p = kernel.spawn({ name: 'child', source: 'return 1' });
      runToEnd(kernel, [p]);
      kernel.processes.reap(p.pid);
    }
  });
  return rateOf({ count: n, unit: 'processes', cpuMs, wallMs });
}

/** The floor under a task switch: resume a thread that yields at once, on a bare state, no kernel. */
function bareRoundTrips(vm: Vm, n: number, withHostCall: boolean): { rate: number; detail: string } {
  const state = vm.newState({ memoryLimit: DEFAULT_MEMORY_LIMIT, hookCount: DEFAULT_QUANTUM, onHook: () => 'continue' });
  try {
    state.setHostFunction(null, 'host', () => [false]);
    const body = withHostCall ? 'host() y()' : 'y()';
    const thread = state.newThread(state.load(`local y, host = coroutine.yield, host while true do ${body} end`, '=roundtrip'));
    const { cpuMs, wallMs } = timed(() => {
      for (let i = 0; i < n; i++) state.resume(thread, []);
    });
    return rateOf({ count: n, unit: 'resumes', cpuMs, wallMs });
  } finally {
    state.close();
  }
}

/** Discarded runs before the measured ones: the first spawns in a wasm instance also grow its heap. */
const WARMUPS = 2;

function measure(label: string, target: number | null, reps: number, body: () => { rate: number; detail: string }): Measure {
  for (let i = 0; i < WARMUPS; i++) body();
  const runs = Array.from({ length: reps }, body);
  const rates = runs.map((r) => r.rate);
  const mid = runs.find((r) => r.rate === median(rates)) ?? runs[0];
  return { label, perSecond: rates, detail: mid.detail, target };
}

export interface KernelCostsResult {
  tables: Table[];
  switches: { label: string; rate: number; met: boolean }[];
  spawns: { label: string; rate: number; met: boolean }[];
}

export async function runKernelCosts(config: KernelCostsConfig, log: (line: string) => void): Promise<KernelCostsResult> {
  const { vm, reps } = config;
  const switches = [
    measure(`task switches/s: 2 tasks in 1 process, os.yield() x ${num(config.yields)} each`, SWITCH_TARGET, reps, () =>
      switchesInOneProcess(vm, config.yields),
    ),
    measure(`task switches/s: 2 processes, os.yield() x ${num(config.yields)} each`, SWITCH_TARGET, reps, () => switchesBetweenProcesses(vm, config.yields)),
  ];
  switches.push(
    measure('reference, no kernel: VmState.resume <-> coroutine.yield() round trips/s', null, reps, () => bareRoundTrips(vm, 2 * config.yields, false)),
    measure('reference, no kernel: same with a host-function call before each yield', null, reps, () => bareRoundTrips(vm, 2 * config.yields, true)),
  );
  log('  task switches measured');
  const spawns = [
    measure(`spawn+exit/s: Lua parent, os.run_code + os.wait x ${num(config.spawns)}`, SPAWN_TARGET, reps, () => spawnsFromLua(vm, config.spawns)),
    measure(`spawn+exit/s: host, kernel.spawn + runUntilIdle + reap x ${num(config.spawns)}`, SPAWN_TARGET, reps, () => spawnsFromHost(vm, config.spawns)),
  ];
  log('  spawns measured');
  const rows = [...switches, ...spawns].map((m) => {
    const rate = median(m.perSecond);
    const met = m.target === null || rate >= m.target;
    return [
      m.label,
      num(rate),
      m.target === null ? '' : `>= ${num(m.target)}`,
      m.target === null ? '' : met ? 'ok' : 'MISS',
      `${num(Math.min(...m.perSecond))}-${num(Math.max(...m.perSecond))}`,
      m.detail,
    ];
  });
  const breakdown = await spawnBreakdown(vm, config.spawns);
  log('  spawn breakdown measured');
  const steps = [...breakdown.entries()].filter(([phase]) => phase !== COMPARISON);
  const total = steps.reduce((a, [, b]) => a + b.us, 0);
  const kb = (bytes: number): string => (bytes / 1024).toFixed(1);
  const breakdownRows = steps.map(([phase, x]) => [phase, x.us.toFixed(1), `${((100 * x.us) / total).toFixed(0)}%`, kb(x.bytes)]);
  const live = steps.slice(0, -1).reduce((a, [, b]) => a + b.bytes, 0);
  breakdownRows.push(['total of the phases', total.toFixed(1), '100%', `${kb(live)} live before close`]);
  const hostSpawn = 1e6 / median(spawns[1].perSecond);
  breakdownRows.push(['(measured above: kernel.spawn + run + reap)', hostSpawn.toFixed(1), '', '']);
  const comparison = breakdown.get(COMPARISON);
  if (comparison) breakdownRows.push([COMPARISON, comparison.us.toFixed(1), '', '']);
  return {
    tables: [
      {
        title: `Kernel costs, ${vm.name}`,
        columns: ['measure', 'median', 'target', 'status', `range of ${reps}`, 'median run'],
        rows,
        notes: [
          `rates per CPU second (process.cpuUsage, user + system); median of ${reps} runs after ${WARMUPS} discarded warm-ups; a switch is one slice (kernel -> task -> kernel); real clock, no trace`,
          'spawn+exit: new Lua state, sandbox and runtime preludes, compile, first slice to exit, close, parent woken (Lua) or process reaped (host)',
        ],
      },
      {
        title: `One spawn, phase by phase, ${vm.name} (mean CPU µs per spawn)`,
        columns: ['phase', 'µs', 'share', 'Lua KB added'],
        rows: breakdownRows,
        notes: [
          `the steps Kernel.spawn takes, each phase timed over batches of 100 states (${num(Math.max(1, Math.round(config.spawns / 100)) * 100)} in all); the measured row is the host spawn+exit figure above, which adds kernel bookkeeping and scheduling`,
        ],
      },
    ],
    switches: switches.filter((m) => m.target !== null).map((m) => ({ label: m.label, rate: median(m.perSecond), met: median(m.perSecond) >= m.target! })),
    spawns: spawns.map((m) => ({ label: m.label, rate: median(m.perSecond), met: median(m.perSecond) >= m.target! })),
  };
}

/** Kernel.spawn's optional extra step when present in this tree: the host pattern functions (string-library). */
type Installer = (vm: VmState) => void;
async function optionalInstaller(module: string, name: string): Promise<Installer | null> {
  try {
    const mod = (await import(new URL(module, import.meta.url).href)) as Record<string, unknown>;
    return typeof mod[name] === 'function' ? (mod[name] as Installer) : null;
  } catch {
    return null;
  }
}

/** VmState.loadPrecompiled when this tree's VM layer has it (the kernel then loads its preludes as bytecode). */
type LoadPrecompiled = (bytecode: string, chunkname: string) => VmRef;
function precompiledLoader(state: VmState): LoadPrecompiled | null {
  const f = (state as unknown as { loadPrecompiled?: LoadPrecompiled }).loadPrecompiled;
  return typeof f === 'function' ? f.bind(state) : null;
}

/** Stripped bytecode of a chunk, as the kernel precompiles its preludes (string.dump in a private state). */
function precompile(vm: Vm, source: string, chunkname: string): string {
  const compiler = vm.newState({ memoryLimit: 0, hookCount: 0, onHook: () => 'continue' });
  try {
    const dump = compiler.load('local src, name = ... return string.dump(assert(load(src, name, "t")), true)', '=bench:compiler');
    return String(compiler.call(dump, [source, chunkname])[0]);
  } finally {
    compiler.close();
  }
}

/** Times the steps of Kernel.spawn phase by phase, each over a batch of states (CPU time); mean µs per spawn. */
async function spawnBreakdown(vm: Vm, n: number): Promise<Map<string, { us: number; bytes: number }>> {
  const { kernel } = bootKernel(vm);
  const loader = new FactoryLoader();
  const stringLibrary = await optionalInstaller('../kernel/string-library.js', 'installStringLibrary');
  const probe = vm.newState({ memoryLimit: 0, hookCount: 0, onHook: () => 'continue' });
  const precompiled = precompiledLoader(probe) !== null;
  probe.close();
  const runtimeSource = loader.runtime('native')!;
  const sandboxBytes = precompiled ? precompile(vm, SANDBOX_SOURCE, '=kernel:sandbox') : '';
  const runtimeBytes = precompiled ? precompile(vm, runtimeSource, '=runtime:native') : '';
  // sys.kernel_chunk, as Preludes installs it: the bytecode of the kernel chunks the sandbox loads (some at start)
  const chunkBytes = new Map([...KERNEL_CHUNKS].map(([name, source]) => [name, precompile(vm, source, `=kernel:${name}`)]));
  const kernelChunk = (state: VmState): void => state.setHostFunction('sys', 'kernel_chunk', (call) => [chunkBytes.get(call.string(1, 'kernel_chunk'))!]);
  const phases = new Map<string, number>();
  const memory = new Map<string, number>();
  const BATCH = 100;
  const options = (): StateOptions => ({ memoryLimit: kernel.memoryLimit, hookCount: kernel.quantum, onHook: () => 'continue' });
  const batch = (record: boolean): void => {
    let states: VmState[] = [];
    let closed = false;
    const luaBytes = (): number => (closed ? 0 : states.reduce((sum, st) => sum + st.memoryUsed(), 0));
    const phase = <T>(name: string, body: () => T, adopt?: (result: T) => void): T => {
      const before = luaBytes();
      const { cpuMs, result } = timed(body);
      adopt?.(result);
      if (record) {
        phases.set(name, (phases.get(name) ?? 0) + cpuMs * 1000);
        memory.set(name, (memory.get(name) ?? 0) + luaBytes() - before);
      }
      return result;
    };
    const ids = Array.from({ length: BATCH }, (_, i) => i);
    const runtimes = phase('loader.runtime (the runtime prelude source)', () => ids.map(() => loader.runtime('native')!));
    phase(
      'vm.newState (lua_newstate + openlibs + hook)',
      () => ids.map(() => vm.newState(options())),
      (made) => {
        states = made;
      },
    );
    const tasks = states.map(standInTask);
    const each = (body: (state: VmState, i: number) => void): void => {
      states.forEach((state, i) => {
        kernel.current = tasks[i];
        body(state, i);
        kernel.current = null;
      });
    };
    phase('installSystemCalls (sys.* host functions)', () => each((state) => installSystemCalls(kernel, state)));
    if (stringLibrary) phase('installStringLibrary (pattern host functions)', () => each((state) => stringLibrary(state)));
    const sandboxes = precompiled
      ? phase('load sandbox prelude (precompiled, stripped)', () =>
          states.map((state) => {
            kernelChunk(state);
            return precompiledLoader(state)!(sandboxBytes, '=kernel:sandbox');
          }),
        )
      : phase('compile sandbox prelude', () => states.map((state) => state.load(SANDBOX_SOURCE, '=kernel:sandbox')));
    phase('run sandbox prelude', () => each((state, i) => state.call(sandboxes[i], [])));
    phase(`load + run runtime prelude (native${precompiled ? ', precompiled' : ''})`, () =>
      each((state, i) => {
        state.call(precompiled ? precompiledLoader(state)!(runtimeBytes, '=runtime:native') : state.load(runtimes[i], '=runtime:native'), []);
      }),
    );
    const mains = phase('set arg + compile program', () =>
      states.map((state) => {
        const args = LuaTable.list([]);
        args.set(0, 'child');
        state.setGlobal(null, 'arg', args);
        return state.load('return 1', '@child');
      }),
    );
    phase('newThread + first resume (to exit)', () => each((state, i) => state.resume(state.newThread(mains[i]), [])));
    phase('close state', () => {
      for (const state of states) state.close();
      closed = true;
    });
    if (precompiled) {
      // For comparison only (not a step of Kernel.spawn): what compiling the sandbox from source would cost.
      const spare = ids.map(() => vm.newState(options()));
      const { cpuMs } = timed(() => {
        for (const state of spare) state.load(SANDBOX_SOURCE, '=kernel:sandbox');
      });
      if (record) phases.set(COMPARISON, (phases.get(COMPARISON) ?? 0) + cpuMs * 1000);
      for (const state of spare) state.close();
    }
  };
  batch(false); // warm-up
  const batches = Math.max(1, Math.round(n / BATCH));
  for (let i = 0; i < batches; i++) batch(true);
  const out = new Map<string, { us: number; bytes: number }>();
  for (const [k, v] of phases) out.set(k, { us: v / (batches * BATCH), bytes: (memory.get(k) ?? 0) / (batches * BATCH) });
  return out;
}

/** The label of the row that is not a spawn step: compiling the sandbox from source, for comparison. */
export const COMPARISON = '(not a step: compiling the sandbox from source instead)';

/** A task standing for the process being set up, as Kernel.spawn installs one while the preludes run. */
function standInTask(vm: VmState): Task {
  const process = newProcess({ pid: 0, ppid: 0, name: 'bench', program: 'bench', args: [], runtime: 'native', vm, context0: 1, tree: 0 });
  const task = newTask(0, process, { id: -1 });
  task.state = 'running';
  return task;
}
