// `thox run`: resolves a program (a file, a store name, or runtime#name), boots a kernel with the
// chosen VM, clock and limits, drives it until the program exits, and maps the outcome to an exit status.
import { installNativeContexts } from '../contexts/index.js';
import { closeSync, createReadStream, openSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { DEFAULT_MEMORY_LIMIT, DEFAULT_QUANTUM, type Kernel, SpawnError } from '../kernel/kernel.js';
import type { Limits } from '../kernel/limits.js';
import { Trace, type TraceFormat } from '../kernel/trace.js';
import { drive, type DriveResult } from '../host/driver.js';
import { HostInput } from '../host/input.js';
import { HostProgramFolder, luaFileText } from '../host/program-folder.js';
import { openStore, StoreLoader } from '../store/index.js';
import { loadVm } from '../vm/load.js';
import { runContained, workerHeapMb } from './contained.js';
import { CliError, EXIT, fail, STOP_SIGNALS, typed, UsageError, type StopSignal } from './errors.js';
import { Terminal } from '../devices/terminal.js';
import { colourDepth } from '../host/ansi-colour.js';
import type { HostSize } from '../host/ansi-renderer.js';
import { Screen, type ScreenMode } from '../host/screen.js';
import { dumpScreen } from '../host/screen-dump.js';
import { type NamedScreen, OtherScreens } from '../host/other-screens.js';
import type { MountSpec, Seconds, TermSize } from './options.js';
import { systemFileSystem } from '../devices/fs-setup.js';
import { FsError } from '../devices/fs-errors.js';
import type { FileSystem } from '../devices/filesystem.js';
import type { Vm, VmName } from '../vm/vm.js';
import type { Clock } from '../kernel/clock.js';
import type { OutputStream, SpawnRequest } from '../kernel/services.js';
import type { Store } from '../store/index.js';
import { World } from '../devices/peripherals/world.js';
import { type Computer, computerInfo, computerPeripherals, driveComputers, newKernel, runClock } from './computers.js';
import type { InputDelivery } from '../contexts/input.js';
import { parseInputScript, ScriptError, type ScriptStep } from '../devices/input-script.js';
import { combined, type InputSource, ScriptFeed, TtyInput } from '../host/input-feed.js';
import { fittedSize, HostResizeFeed } from '../host/host-size.js';
import { parentPort } from 'node:worker_threads';
import { ForwardedTty } from './contained-tty.js';
import { driveWithReboots, PowerSwitch, type Restart, restarter } from './power.js';
import { hostMounts } from './mounts.js';

export interface RunOptions {
  vm: VmName;
  runtime?: string;
  quantum: number;
  deterministic: boolean;
  seed?: number;
  trace?: string;
  traceFormat?: TraceFormat;
  memoryLimit: number;
  /** The first process's environment (--env NAME=VALUE, repeatable); empty without it. */
  env?: ReadonlyMap<string, string>;
  /** Kernel limits given with --limit NAME=N (the others keep their defaults). */
  limit?: Partial<Limits>;
  timeout?: Seconds;
  policy: 'round-robin' | 'random';
  debug: boolean;
  /** The user store directory (`--store DIR`; default from $THOX_STORE, $XDG_DATA_HOME or ~/.local/share). */
  store?: string;
  /** Which system this is: its file system is systems/<computerId> in the store. */
  computerId: number;
  /** Host folders mounted writable (--mount) and read-only (--mount-ro). */
  mount?: MountSpec[];
  mountRo?: MountSpec[];
  /** The file system's capacity in bytes (--disk-size). */
  diskSize: number;
  /** Already inside a worker with a heap limit (see contained.ts). */
  contained?: boolean;
  /** `--headless`: the terminal as plain text lines on stdout (also without it when stdout is no terminal). */
  headless?: boolean;
  /** `--term-size WxH`: the session terminal's size (default 51x19). */
  termSize?: TermSize;
  /** `--dump-screen FILE`: the terminal's last frame written there at the end. */
  dumpScreen?: string;
  /** `--exit-on-shutdown`: a runtime's shutdown(code) gives the run's exit status (the `computer` context's shutdown). */
  exitOnShutdown?: boolean;
  /** `--input FILE`: an event script fed to the focused process (see docs/devices.md, "Input events"). */
  input?: string;
  /** `--computers N`: run the program on N computers (ids from --computer-id on), connected by their modems. */
  computers: number;
  /** `--show ID`: which of them is shown (its terminal the session terminal, given the input); default the first. */
  show?: number;
  /** `--label NAME`, repeatable: the labels of the computers in order. */
  label?: string[];
  /** `--peripheral SIDE=TYPE`, repeatable: what every computer has attached. */
  peripheral?: Array<[string, string]>;
  /** The host's screen as decided before a worker starts (a worker's stdin and stdout are never terminals). */
  host?: HostScreen;
  /** For `thox run -` in a worker: the program the main thread read from standard input. */
  stdinProgram?: string;
}

/**
 * The largest --quantum. The host regains control only between slices, and a lone task's slice runs up to
 * 100 quanta: at 1,000,000 that is about 1 s of wasmoon and 2 s of fengari before Ctrl-C or --timeout act.
 */
export const MAX_QUANTUM = 1_000_000;

export const RUN_DEFAULTS = { quantum: DEFAULT_QUANTUM, memoryLimit: DEFAULT_MEMORY_LIMIT };

interface Target {
  /** The name as the program sees it (arg[0], chunk names): UTF-8 bytes. */
  name: string;
  source?: string;
  runtime?: string;
  /** For a program file: its folder, where require looks. */
  folder?: string;
  /** `runtime#NAME` naming no file, or a bare runtime name: the runtime finds it (see SpawnRequest.runtimeResolves). */
  runtimeResolves?: boolean;
}

/** The name `thox run -` gives a program read from standard input (lua5.4's chunk name for it). */
const STDIN_NAME = 'stdin';

/** A program in the system's file system under a mounted folder: `--runtime R /PATH/prog.lua` with `--mount PATH=DIR`. */
export interface MountedProgram {
  runtime: string;
  mounts: MountSpec[];
}

/** Whether `spec` is `/PATH/...` for the path of one of `mounts` (no host file of that name). */
function underMount(spec: string, mounts: MountSpec[]): boolean {
  const trimmed = (path: string): string => path.replace(/^\/+|\/+$/g, '');
  return spec.startsWith('/') && mounts.some((m) => trimmed(spec).startsWith(`${trimmed(m.path)}/`)) && !statSync(spec, { throwIfNoEntry: false });
}

/**
 * `runtime#name`, a path to a file, `-` (the program from standard input), or a program name in the store; or a
 * program under a mount point, left to the runtime to find in the system's file system.
 */
export function resolveTarget(spec: string, loader: StoreLoader, stdinProgram?: string, mounted?: MountedProgram): Target {
  if (spec === '-') return { name: STDIN_NAME, source: stdinProgram ?? luaFileText(readFileSync(0, 'latin1')) };
  if (mounted && underMount(spec, mounted.mounts) && loader.runtime(mounted.runtime) !== null) {
    return { name: spec, runtime: mounted.runtime, runtimeResolves: true };
  }
  let runtime: string | undefined;
  let rest = spec;
  const hash = spec.indexOf('#');
  if (hash > 0 && !statSync(spec, { throwIfNoEntry: false })) {
    runtime = spec.slice(0, hash);
    rest = spec.slice(hash + 1);
    if (rest === '') throw new UsageError(`'${typed(spec)}': no program name after '#'`);
  }
  const file = statSync(rest, { throwIfNoEntry: false });
  if (file?.isFile()) return { name: toByteString(basename(rest)), source: luaFileText(readFileSync(rest, 'latin1')), runtime, folder: dirname(rest) };
  // the runtime's own program names (cc#ls: before a stored program, which runs only if the runtime has no runner)
  if (!file && runtime !== undefined && loader.runtime(runtime) !== null) return { name: rest, runtime, runtimeResolves: true };
  // the runtime alone (`thox run cc`: its boot program)
  if (!file && runtime === undefined && !loader.program(rest) && loader.runtime(rest) !== null) return { name: '', runtime: rest, runtimeResolves: true };
  if (!loader.program(rest)) {
    if (file?.isDirectory()) throw new UsageError(`'${typed(rest)}' is a directory, not a program (give a .lua file in it, or a program name)`);
    throw new UsageError(`program not found: '${typed(rest)}' (no such file, and no program of that name in programs/)`);
  }
  return { name: rest, runtime };
}

/** Runs a program to completion; returns the process exit status for the host. */
export async function runCommand(spec: string, args: string[], opts: RunOptions): Promise<number> {
  const store = openStore({ dir: opts.store });
  const loader = new StoreLoader(store);
  const mounts = [...(opts.mount ?? []), ...(opts.mountRo ?? [])];
  const target = resolveTarget(spec, loader, opts.stdinProgram, opts.runtime === undefined ? undefined : { runtime: opts.runtime, mounts });
  const runtime = opts.runtime ?? target.runtime ?? 'native';
  if (opts.runtime && target.runtime && opts.runtime !== target.runtime) {
    throw new UsageError(`two runtimes given: --runtime ${typed(opts.runtime)} and '${typed(target.runtime)}#'`);
  }
  if (loader.runtime(runtime) === null) {
    throw new UsageError(`unknown runtime '${typed(runtime)}' (known: ${loader.runtimeNames().join(', ')})`);
  }
  if (opts.traceFormat && !opts.trace) throw new UsageError('--trace-format needs --trace FILE');
  if (opts.trace) checkWritable(opts.trace, 'trace file');
  if (opts.dumpScreen) checkWritable(opts.dumpScreen, 'screen dump file');
  const host = opts.host ?? hostScreen(opts);
  const script = opts.input === undefined ? undefined : readInputScript(opts.input);
  if (!opts.contained && opts.vm === 'fengari') {
    const outcome = await runContained(spec, args, spec === '-' ? { ...opts, host, stdinProgram: target.source } : { ...opts, host });
    if (outcome.outOfMemory) {
      return fail(
        `out of memory: fengari cannot limit one process, so the whole run was stopped at its ${workerHeapMb(opts.memoryLimit)} MB heap`,
        EXIT.killed,
      );
    }
    return outcome.code;
  }
  const vm = await loadVm(opts.vm);
  const deterministic = opts.deterministic;
  const trace = opts.trace ? new Trace(true) : undefined;
  // without --term-size, an ANSI session terminal follows the host terminal's size (see host-size.ts)
  const follow = opts.termSize === undefined && host.mode === 'ansi';
  const size = opts.termSize ? [opts.termSize.width, opts.termSize.height] : follow ? fittedSize(host.size) : undefined;
  const terminal = new Terminal(size?.[0], size?.[1]);
  const screen = new Screen(terminal, { mode: host.mode, depth: colourDepth(process.env), host: host.size, stdout: process.stdout, stderr: process.stderr });
  const clock = runClock(deterministic);
  const world = new World();
  const output = (_pid: number, stream: OutputStream, text: string): void => screen.output(stream, text);
  const shownAt = shownIndex(opts);
  const shownId = opts.computerId + shownAt;
  // with several computers each kernel's trace events carry its id (one trace, see trace.ts)
  const several = opts.computers > 1;
  const machine: MachineParts = { store, loader, clock, world, trace: several ? trace : undefined, output };
  const { kernel, peripherals, delivery, power } = bootComputer(vm, opts, shownAt, terminal, {
    ...machine,
    trace: several ? trace?.forComputer(shownId) : trace,
    input: spec !== '-',
  });
  let shown: Computer & { restart: Restart };
  let others: Array<Computer & { screens: NamedScreen[] }>;
  try {
    // every computer runs the same program
    const request: SpawnRequest = {
      name: target.name,
      source: target.source,
      program: target.source === undefined ? undefined : target.name.replace(/\.lua$/, ''),
      args: args.map(toByteString),
      runtime,
      folder: target.folder === undefined ? undefined : new HostProgramFolder(target.folder),
      env: opts.env,
      runtimeResolves: target.runtimeResolves,
    };
    shown = { id: shownId, kernel, process: kernel.spawn(request), restart: restarter(kernel, request, power) };
    others = otherComputers(vm, opts, shownAt, machine, request);
  } catch (e) {
    if (e instanceof SpawnError) throw new CliError(fromByteString(e.message), EXIT.error);
    throw e;
  }
  const monitors = peripherals.screens().map((m) => ({ name: `monitor ${m.name}`, terminal: m.terminal }));
  const beside = new OtherScreens([...monitors, ...others.flatMap((c) => c.screens)], host.mode, process.stdout);
  const stop = onStopSignals(
    (signal) => {
      for (const k of [kernel, ...others.map((c) => c.kernel)]) k.killAll(signal.reason);
    },
    (signal) => signal.name === 'SIGINT' && delivery.interrupt(),
  );
  const keys = inputSource(script, terminal, delivery, host, opts.contained === true, () => screen.refresh());
  delivery.live = keys !== undefined; // input.live(): whether a keyboard or a script feeds input events
  const resizes = follow ? new HostResizeFeed(terminal, delivery) : undefined;
  const input = combined([keys, resizes]);
  const resized = (): void => {
    const hostSize = { columns: process.stdout.columns, rows: process.stdout.rows };
    resizes?.resized(hostSize);
    screen.resize(hostSize);
  };
  process.stdout.on('resize', resized);
  // a worker's process.stdin is not the host's: a contained run reads descriptor 0 itself
  const stdin = new HostInput(kernel, opts.contained ? createReadStream('', { fd: 0, autoClose: false }) : process.stdin);
  let result: DriveResult;
  try {
    const timeoutMs = opts.timeout === undefined ? undefined : opts.timeout.seconds * 1000;
    const end = kernel.now() + (timeoutMs ?? Infinity); // one --timeout for the run, reboots included
    const left = (): number | undefined => (timeoutMs === undefined ? undefined : end - kernel.now());
    result =
      others.length === 0
        ? await driveWithReboots(
            shown.restart,
            shown.process,
            (p) => drive(kernel, p.pid, { timeoutMs: left(), outputs: [process.stdout, process.stderr], stop: stop.signal, input, stdin }),
            stop.signal,
          )
        : await driveComputers(byId([shown, ...others]), clock, { timeoutMs, input, stop: stop.signal });
  } catch (e) {
    screen.finish(); // the host's screen back before the error is told
    throw e;
  } finally {
    stop.dispose();
    if (keys instanceof TtyInput) keys.close();
    process.stdout.off('resize', resized);
    stdin.close();
  }
  const signal = stop.received();
  for (const k of [kernel, ...others.map((c) => c.kernel)]) k.killAll(result.kind === 'timeout' ? 'timeout' : signal ? signal.reason : 'the program exited');
  screen.finish();
  beside.finish();
  if (opts.dumpScreen) {
    dumpScreen(terminal, opts.dumpScreen);
    beside.dump(opts.dumpScreen);
  }
  if (trace && opts.trace) writeFileSync(opts.trace, trace.render(opts.traceFormat ?? formatFromName(opts.trace)));
  if (signal) return fail(signal.message, signal.status);
  const code = reportOutcome(result, opts);
  const rest = [shown, ...others].filter((c) => result.kind !== 'exited' || c.process !== result.process);
  return othersOutcome(byId(rest), result) ?? code;
}

/** `--show ID` as an index among the computers (0: the first); a usage error for an id not run. */
function shownIndex(opts: RunOptions): number {
  if (opts.show === undefined) return 0;
  const last = opts.computerId + opts.computers - 1;
  if (opts.show < opts.computerId || opts.show > last) {
    throw new UsageError(`--show ${opts.show}: no such computer (the run's ids are ${opts.computerId} to ${last})`);
  }
  return opts.show - opts.computerId;
}

/** Computers in the order of their ids (the order they run in, the first's status the run's). */
function byId<C extends Computer>(computers: C[]): C[] {
  return computers.sort((a, b) => a.id - b.id);
}

/** What every computer of a run shares, and where its kernel's output and trace go. */
interface MachineParts {
  store: Store;
  loader: StoreLoader;
  clock: Clock;
  world: World;
  trace?: Trace;
  output: (pid: number, stream: OutputStream, text: string) => void;
  input?: boolean;
}

/** One computer (the `index`-th of the run): its kernel with the native contexts over its terminal, file system
 *  (`systems/<id>`), label and peripherals. */
function bootComputer(vm: Vm, opts: RunOptions, index: number, terminal: Terminal, parts: MachineParts) {
  const id = opts.computerId + index;
  const kernel = newKernel(vm, opts, parts);
  const filesystem = openFileSystem(parts.store.location, { ...opts, computerId: id }, kernel);
  const peripherals = computerPeripherals(kernel, parts.world, id, opts, filesystem, parts.store.location);
  const power = new PowerSwitch(opts.exitOnShutdown);
  const computer = {
    ...computerInfo(parts.store.location, id, opts.label?.[index], warn),
    reboot: () => power.reboot(),
    shutdown: (code: number) => power.shutdown(code),
  };
  const delivery = installNativeContexts(kernel, { store: parts.store, terminal, filesystem, computer, peripherals });
  return { kernel, peripherals, delivery, power };
}

/**
 * The other computers of --computers N: each its kernel (its events in the run's trace), file system, terminal and
 * the same program started; their printed output shares the host's, their terminal and monitors are `screens`.
 */
function otherComputers(vm: Vm, opts: RunOptions, shownAt: number, machine: MachineParts, request: SpawnRequest): Array<Computer & { screens: NamedScreen[] }> {
  const others: Array<Computer & { screens: NamedScreen[] }> = [];
  for (let i = 0; i < opts.computers; i++) {
    if (i === shownAt) continue;
    const id = opts.computerId + i;
    const terminal = new Terminal(opts.termSize?.width, opts.termSize?.height);
    const { kernel, peripherals, power } = bootComputer(vm, opts, i, terminal, { ...machine, trace: machine.trace?.forComputer(id) });
    const p = kernel.spawn(request);
    const monitors = peripherals.screens().map((m) => ({ name: `computer ${id} monitor ${m.name}`, terminal: m.terminal }));
    others.push({ id, kernel, process: p, restart: restarter(kernel, request, power), screens: [{ name: `computer ${id}`, terminal }, ...monitors] });
  }
  return others;
}

/** With several computers: a failure of another computer's program is told, and is the run's status if the first's is 0. */
function othersOutcome(others: readonly Computer[], result: DriveResult): number | undefined {
  if (result.kind !== 'exited' || result.process.exit?.code !== 0) return undefined;
  for (const c of others) {
    const status = c.process.exit;
    if (status && status.code !== 0) {
      process.stderr.write(`thox: computer ${c.id}: ${status.message ?? status.kind}\n`);
      return status.code;
    }
  }
  return undefined;
}

/** A warning on stderr (the run goes on). */
function warn(line: string): void {
  process.stderr.write(`thox: ${line}\n`);
}

/** The --input script, parsed whole before the run (an error names its line). */
function readInputScript(file: string): ScriptStep[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read the input script '${typed(file)}': ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  try {
    return parseInputScript(text);
  } catch (e) {
    if (e instanceof ScriptError) throw new UsageError(`input script '${typed(file)}', ${e.message}`);
    throw e;
  }
}

/**
 * Input events: the --input script, else the host terminal when stdin and stdout are terminals (in a worker, its
 * bytes forwarded by the main thread), else none.
 */
function inputSource(
  script: ScriptStep[] | undefined,
  terminal: Terminal,
  delivery: InputDelivery,
  host: HostScreen,
  contained: boolean,
  takeScreen: () => void,
): InputSource | undefined {
  if (script) return new ScriptFeed(script, delivery, terminal);
  if (host.mode !== 'ansi' || !host.tty) return undefined;
  const stdin = contained && parentPort ? new ForwardedTty(parentPort) : process.stdin;
  return new TtyInput(stdin, process.stdout, terminal, delivery, () => process.emit('SIGINT'), takeScreen);
}

/**
 * The system's file system: its tree in the store, the ROM, and the host folders given (each must be a folder); with
 * --deterministic, file times on the kernel's clock.
 */
function openFileSystem(storeDir: string, opts: RunOptions, kernel: Kernel): FileSystem {
  const now = opts.deterministic ? () => kernel.clock.epochMs + kernel.now() : undefined;
  const mounts = hostMounts(opts.mount, opts.mountRo);
  try {
    return systemFileSystem({ storeDir, computerId: opts.computerId, capacity: opts.diskSize, mounts, now });
  } catch (e) {
    if (e instanceof FsError) throw new UsageError(`cannot set up the file system: ${e.message}`);
    throw e;
  }
}

/** Says how the run ended and returns its exit status. */
function reportOutcome(result: DriveResult, opts: RunOptions): number {
  if (result.kind === 'timeout') return fail(`timed out after ${opts.timeout?.text} s${opts.deterministic ? ' of virtual time' : ''}`, EXIT.timeout);
  if (result.kind === 'deadlock') return fail(`deadlock: nothing can run and no timer is pending\n  ${result.blocked.join('\n  ')}`, EXIT.deadlock);
  const status = result.process.exit!;
  if (status.kind === 'error') {
    process.stderr.write(Buffer.from(`${status.message}\n${status.traceback ? `${status.traceback}\n` : ''}`, 'latin1'));
    return status.code;
  }
  if (status.kind === 'killed') return fail(`${result.process.name}: ${status.message ?? 'killed'}`, status.code);
  return status.code;
}

/** A host string (UTF-16) as the UTF-8 bytes a Lua program sees. */
function toByteString(s: string): string {
  return Buffer.from(s, 'utf8').toString('latin1');
}

/** Bytes a program wrote (a UTF-8 byte string) as a host string. */
function fromByteString(s: string): string {
  return Buffer.from(s, 'latin1').toString('utf8');
}

/** Refuses, before anything runs, an output file that cannot be written. */
function checkWritable(file: string, what: string): void {
  try {
    closeSync(openSync(file, 'w'));
  } catch (e) {
    throw new UsageError(`cannot write the ${what} '${typed(file)}': ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
}

/** The host's screen: how the terminal is shown, the host terminal's size if known, and whether stdin is a terminal. */
export interface HostScreen {
  mode: ScreenMode;
  size: HostSize;
  tty: boolean;
}

/** ANSI on a terminal, headless with --headless or when stdout is no terminal; the terminal's size if known. */
function hostScreen(opts: RunOptions): HostScreen {
  const tty = process.stdout.isTTY === true;
  const size = tty ? { columns: process.stdout.columns, rows: process.stdout.rows } : {};
  return { mode: opts.headless || !tty ? 'headless' : 'ansi', size, tty: process.stdin.isTTY === true };
}

function formatFromName(file: string): TraceFormat {
  if (file.endsWith('.jsonl')) return 'jsonl';
  if (file.endsWith('.json')) return 'chrome';
  return 'text';
}

/**
 * While a run lasts: the first stop signal received, told to `handler` and to `signal` (which ends waits on output);
 * one that `intercept` takes (SIGINT as a program's terminate event) is not a stop.
 */
function onStopSignals(
  handler: (signal: StopSignal) => void,
  intercept: (signal: StopSignal) => boolean,
): { signal: AbortSignal; received(): StopSignal | undefined; dispose(): void } {
  const controller = new AbortController();
  let first: StopSignal | undefined;
  const listeners = STOP_SIGNALS.map((stop) => {
    const listener = (): void => {
      if (intercept(stop)) return;
      first ??= stop;
      handler(stop);
      controller.abort();
    };
    process.on(stop.name, listener);
    return () => process.off(stop.name, listener);
  });
  const dispose = (): void => {
    for (const off of listeners) off();
  };
  return { signal: controller.signal, received: () => first, dispose };
}
