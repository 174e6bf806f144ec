// `thox boot`: starts a system headless — init as pid 1, the services of a target, the control socket —
// prints the system log, and runs until SIGINT or SIGTERM, then shuts down in reverse order and exits.
import { existsSync, unlinkSync } from 'node:fs';
import { installNativeContexts } from '../contexts/index.js';
import { systemFileSystem } from '../devices/fs-setup.js';
import { Terminal } from '../devices/terminal.js';
import { colourDepth } from '../host/ansi-colour.js';
import { Screen } from '../host/screen.js';
import { Kernel, type OutputStream } from '../kernel/kernel.js';
import type { InputDelivery } from '../contexts/input.js';
import type { ByteString } from '../vm/vm.js';
import { SystemDriver } from '../host/system-driver.js';
import { hostRandom, RealClock } from '../host/real-clock.js';
import type { LogEntry } from '../init/log-ring.js';
import { ServiceError, type Supervisor } from '../init/supervisor.js';
import { loadConfiguration, startInit } from '../init/system.js';
import { openStore, StoreLoader, storeDirectory } from '../store/index.js';
import { loadVm } from '../vm/load.js';
import type { VmName } from '../vm/vm.js';
import { socketPath } from './control-protocol.js';
import { computerInfo, computerPeripherals } from './computers.js';
import { World } from '../devices/peripherals/world.js';
import { loadTargets, saveTarget, type SavedTargets } from './targets-file.js';
import { ControlServer } from './control-server.js';
import { CliError, EXIT, STOP_SIGNALS } from './errors.js';
import { request } from './svc.js';
import { hostMounts } from './mounts.js';
import type { MountSpec } from './options.js';

export interface BootOptions {
  vm: VmName;
  store?: string;
  target: string;
}

/** The system's file system and peripherals as `thox shell` may set them up (thox boot: none of them). */
export interface SystemDevices {
  /** Host folders mounted writable (--mount) and read-only (--mount-ro). */
  mount?: MountSpec[];
  mountRo?: MountSpec[];
  /** The file system's capacity in bytes (--disk-size). */
  diskSize?: number;
  /** `--peripheral SIDE=TYPE`, repeatable: what the computer has attached (besides, a drive takes floppies either way). */
  peripheral?: Array<[string, string]>;
}

/** Boots, runs until a stop signal and an orderly shutdown; returns the exit status. */
export async function bootCommand(opts: BootOptions): Promise<number> {
  // the system's terminal, shown headless: what services draw appears as lines among the log (as `thox run --headless`)
  const terminal = new Terminal();
  const screen = new Screen(terminal, { mode: 'headless', depth: colourDepth(process.env), stdout: process.stdout, stderr: process.stderr });
  const system = await startSystem(opts, terminal, (_pid, stream, text) => screen.output(stream, text));
  const show = (e: LogEntry) => void process.stdout.write(`${e.service}: ${e.text}\n`);
  for (const e of system.init.systemLog.snapshot()) show(e);
  system.init.systemLog.follow(show);
  const signals = STOP_SIGNALS.map((s) => {
    const listener = () => system.shutdown();
    process.on(s.name, listener);
    return () => process.off(s.name, listener);
  });
  try {
    await system.run(opts.target);
  } finally {
    for (const off of signals) off();
    system.close();
    screen.finish();
  }
  return EXIT.ok;
}

/** A system booted on the host: its kernel, init, the input delivery of its terminals, the control socket. */
export interface BootedSystem {
  readonly kernel: Kernel;
  readonly init: Supervisor;
  readonly delivery: InputDelivery;
  /** Starts the target's services and the targets the user set before, and runs until init ends. */
  run(target: string): Promise<void>;
  /** Runs the system again now (something outside changed it). */
  wake(): void;
  /** Stops the services in reverse order; run() returns once init has ended. */
  shutdown(): void;
  /** The control socket closed (after run()). */
  close(): void;
}

/**
 * Starts a system on a store: a kernel on the real clock, the native contexts over `terminal` (the session terminal)
 * and the system's file system, init as pid 1, the control socket `thox svc` talks to. What a process prints goes
 * to init (a service's log) or else to `output`. One system per store: a second is refused.
 */
export async function startSystem(opts: Omit<BootOptions, 'target'> & SystemDevices, terminal: Terminal, output: OutputSink): Promise<BootedSystem> {
  const mounts = hostMounts(opts.mount, opts.mountRo);
  const dir = storeDirectory(opts.store);
  await refuseSecondBoot(dir);
  const store = openStore({ dir: opts.store });
  const vm = await loadVm(opts.vm);
  let init: Supervisor | null = null;
  const kernel = new Kernel({
    vm,
    clock: new RealClock(),
    random: hostRandom,
    loader: new StoreLoader(store),
    output: (pid, stream, text) => {
      if (!init?.output(pid, stream, text)) output(pid, stream, text);
    },
  });
  const computer = computerInfo(store.location, 0, undefined, (line) => process.stderr.write(`thox: ${line}\n`));
  const filesystem = systemFileSystem({ storeDir: store.location, computerId: 0, capacity: opts.diskSize, mounts });
  const peripherals = computerPeripherals(kernel, new World(), 0, { deterministic: false, peripheral: opts.peripheral }, filesystem, store.location);
  const delivery = installNativeContexts(kernel, { store, terminal, filesystem, computer, peripherals });
  const system = startInit(kernel, store);
  init = system;
  const driver = new SystemDriver(kernel, () => system.ended);
  const saved = loadTargets(dir);
  if (saved.error) system.systemLog.push({ t: kernel.now(), service: 'init', stream: 'stderr', text: saved.error });
  const server = new ControlServer(
    system,
    kernel,
    dir,
    () => loadConfiguration(store),
    () => driver.wake(),
  );
  await server.listen();
  return {
    kernel,
    init: system,
    delivery,
    run: async (target) => {
      system.startTarget(target);
      restoreTargets(system, saved.targets);
      system.onCommand((name, t) => saveTarget(dir, saved.targets, name, t));
      await driver.run();
    },
    wake: () => driver.wake(),
    shutdown: () => {
      if (system.ended) return;
      system.shutdown();
      driver.wake();
    },
    close: () => server.close(),
  };
}

/** Where a process's printed output goes when it is no service's. */
export type OutputSink = (pid: number, stream: OutputStream, text: ByteString) => void;

/** The targets the user set before, in order, over the boot's target; a service no longer defined is skipped. */
function restoreTargets(init: Supervisor, targets: SavedTargets): void {
  for (const [name, target] of targets) {
    if (!init.services.has(name)) continue;
    try {
      if (target === 'up') init.start(name);
      else init.stop(name);
    } catch (e) {
      if (!(e instanceof ServiceError)) throw e;
    }
  }
}

/** A store runs one system: a live socket means a running boot (refused, naming its pid); a dead one is left over and removed. */
async function refuseSecondBoot(dir: string): Promise<void> {
  if (!existsSync(socketPath(dir))) return;
  let running: { pid: number } | null = null;
  try {
    running = (await request(dir, 'system', {})) as { pid: number };
  } catch {
    unlinkSync(socketPath(dir));
    return;
  }
  throw new CliError(`a system is already running on the store ${dir} (thox boot, pid ${running.pid})`, EXIT.error);
}
