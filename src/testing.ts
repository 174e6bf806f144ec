// The scheduling-test API: a kernel in deterministic mode (virtual clock, seeded choices, recorded
// trace) over programs given as strings, with captured output. Used by thox's own tests and by yours.
import { installNativeContexts } from './contexts/index.js';
import type { ComputerInfo } from './contexts/computer.js';
import type { InputDelivery } from './contexts/input.js';
import { Peripherals } from './contexts/peripheral.js';
import { peripheralType } from './devices/peripherals/registry.js';
import { World } from './devices/peripherals/world.js';
import { Terminal } from './devices/terminal.js';
import { VirtualClock } from './kernel/clock.js';
import { Kernel, type OutputStream, type ProgramLoader, type StepResult } from './kernel/kernel.js';
import type { Process } from './kernel/process.js';
import type { Limits } from './kernel/limits.js';
import { SeededRandom } from './kernel/random.js';
import { Trace, type TraceFormat } from './kernel/trace.js';
import { checkTrace } from './kernel/trace-check.js';
import { memoryStore, StoreLoader, type Store } from './store/index.js';
import { loadVm } from './vm/load.js';
import { memoryFileSystem } from './devices/fs-setup.js';
import { Disks } from './devices/disks.js';
import type { FileSystem } from './devices/filesystem.js';
import type { Vm, VmName } from './vm/vm.js';

export interface SimulationOptions {
  /** Programs by name (as `os.run` and `spawn` find them), on top of the factory programs. */
  programs?: Record<string, string>;
  /** Libraries by name, for `require`. */
  libraries?: Record<string, string>;
  /** Runtimes (preludes) by name, on top of the factory ones, for `spawn(name, args, runtime)` and `os.run`. */
  runtimes?: Record<string, string>;
  /** Entries of the `services` namespace by name (service definitions `NAME.svc`, service programs). */
  services?: Record<string, string>;
  /** Hears every output as it is written (init routes services' lines to their logs this way). */
  onOutput?: (pid: number, stream: OutputStream, text: string) => void;
  vm?: VmName | Vm;
  seed?: number;
  quantum?: number;
  memoryLimit?: number;
  yieldLimit?: number;
  policy?: 'round-robin' | 'random';
  /** Counts and bytes per process or tree (see src/kernel/limits.ts); unnamed ones keep their defaults. */
  limits?: Partial<Limits>;
  /** The session terminal (default: a 51x19 colour one), which `term` draws on. */
  terminal?: Terminal;
  /** The file system the fs context serves (default: one in memory with the ROM). */
  filesystem?: FileSystem;
  /** The host's input, read by the first processes' io.read (ended after it); absent: stdin is empty. With `null`,
   *  the input stays open: a read waits and `run` ends with `input`, and `kernel.streams.feed` gives more. */
  stdin?: string | null;
  /** Peripherals attached by name (side → type name, as --peripheral), in a world of this computer alone. */
  peripherals?: Record<string, string>;
  /** Which computer it is and what its power calls do (default: computer 0, no label, no host for reboot or shutdown). */
  computer?: ComputerInfo;
}

export interface Simulation {
  kernel: Kernel;
  trace: Trace;
  /** The store the simulation's loader reads (its user layer in memory). */
  store: Store;
  /** Everything processes wrote, per stream, in order. */
  output: { stdout: string; stderr: string };
  /** The computer's peripherals (attach and detach them while it runs). */
  peripherals: Peripherals;
  /** Delivers input events to the focused process. */
  input: InputDelivery;
  /** The session terminal. */
  terminal: Terminal;
  spawn(name: string, args?: string[], runtime?: string): Process;
  /** Runs until nothing can run (time jumps to timers); `until` stops early. */
  run(options?: { until?: () => boolean; deadlineMs?: number }): StepResult;
  /** The trace as text (or another format). */
  render(format?: TraceFormat): string;
  /** Violations of the trace invariants (empty when sound). */
  check(): string[];
}

/**
 * A loader over a store whose user layer is in memory and holds the given programs, libraries and runtimes,
 * over the factory layer. Given programs keep their names as processes (`main`, not `main.lua`).
 */
function memoryLoader(store: Store, entries: Pick<SimulationOptions, 'programs' | 'libraries' | 'runtimes' | 'services'>): ProgramLoader {
  for (const [name, source] of Object.entries(entries.programs ?? {})) store.put('programs', name, source);
  for (const [name, source] of Object.entries(entries.libraries ?? {})) store.put('libraries', name, source);
  for (const [name, source] of Object.entries(entries.runtimes ?? {})) store.put('runtimes', name, source);
  for (const [name, source] of Object.entries(entries.services ?? {})) store.put('services', name, source);
  return new StoreLoader(store, { programName: (name, layer) => (layer === 'user' ? name : `${name}.lua`) });
}

export async function simulate(options: SimulationOptions = {}): Promise<Simulation> {
  const vm = typeof options.vm === 'object' ? options.vm : await loadVm(options.vm ?? 'wasmoon');
  const trace = new Trace(true);
  const output = { stdout: '', stderr: '' };
  const store = memoryStore();
  const kernel = new Kernel({
    vm,
    clock: new VirtualClock(),
    random: new SeededRandom(options.seed ?? 0),
    loader: memoryLoader(store, options),
    output: (pid: number, stream: OutputStream, text: string) => {
      output[stream] += text;
      options.onOutput?.(pid, stream, text);
    },
    quantum: options.quantum,
    memoryLimit: options.memoryLimit,
    yieldLimit: options.yieldLimit,
    policy: options.policy,
    limits: options.limits,
    trace,
    vmSeed: options.seed ?? 0,
    input: options.stdin !== undefined,
  });
  if (typeof options.stdin === 'string') {
    kernel.streams.feed(options.stdin);
    kernel.streams.endInput();
  }
  const terminal = options.terminal ?? new Terminal();
  const filesystem = options.filesystem ?? memoryFileSystem({ now: () => kernel.clock.epochMs + kernel.now() });
  const peripherals = new Peripherals(kernel, new World(), 0, new Disks(filesystem, null, () => kernel.clock.epochMs + kernel.now()));
  for (const [name, type] of Object.entries(options.peripherals ?? {})) peripherals.attach(name, peripheralType(type));
  const input = installNativeContexts(kernel, { store, terminal, filesystem, peripherals, computer: options.computer });
  return {
    kernel,
    peripherals,
    input,
    trace,
    store,
    output,
    terminal,
    spawn: (name, args = [], runtime) => kernel.spawn({ name, args, runtime }),
    run: (opts = {}) => kernel.runUntilIdle({ until: opts.until, deadline: opts.deadlineMs }),
    render: (format = 'text') => trace.render(format),
    check: () => checkTrace(trace.events),
  };
}
