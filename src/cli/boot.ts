// `thox boot`: starts a system headless — init as pid 1, the services of a target, the control socket —
// prints the system log, and runs until SIGINT or SIGTERM, then shuts down in reverse order and exits.
import { existsSync, unlinkSync } from 'node:fs';
import { installNativeContexts } from '../contexts/index.js';
import { systemFileSystem } from '../devices/fs-setup.js';
import { Terminal } from '../devices/terminal.js';
import { colourDepth } from '../host/ansi-colour.js';
import { Screen } from '../host/screen.js';
import { Kernel } from '../kernel/kernel.js';
import { SystemDriver } from '../host/system-driver.js';
import { hostRandom, RealClock } from '../host/real-clock.js';
import type { LogEntry } from '../init/log-ring.js';
import { ServiceError, type Supervisor } from '../init/supervisor.js';
import { loadConfiguration, startInit } from '../init/system.js';
import { openStore, StoreLoader, storeDirectory } from '../store/index.js';
import { loadVm } from '../vm/load.js';
import type { VmName } from '../vm/vm.js';
import { socketPath } from './control-protocol.js';
import { computerInfo } from './computers.js';
import { loadTargets, saveTarget, type SavedTargets } from './targets-file.js';
import { ControlServer } from './control-server.js';
import { CliError, EXIT, STOP_SIGNALS } from './errors.js';
import { request } from './svc.js';

export interface BootOptions {
  vm: VmName;
  store?: string;
  target: string;
}

/** Boots, runs until a stop signal and an orderly shutdown; returns the exit status. */
export async function bootCommand(opts: BootOptions): Promise<number> {
  const dir = storeDirectory(opts.store);
  await refuseSecondBoot(dir);
  const store = openStore({ dir: opts.store });
  const vm = await loadVm(opts.vm);
  let init: Supervisor | null = null;
  // the system's terminal, shown headless: what services draw appears as lines among the log (as `thox run --headless`)
  const terminal = new Terminal();
  const screen = new Screen(terminal, { mode: 'headless', depth: colourDepth(process.env), stdout: process.stdout, stderr: process.stderr });
  const kernel = new Kernel({
    vm,
    clock: new RealClock(),
    random: hostRandom,
    loader: new StoreLoader(store),
    output: (pid, stream, text) => {
      if (!init?.output(pid, stream, text)) screen.output(stream, text);
    },
  });
  const computer = computerInfo(store.location, 0, undefined, (line) => process.stderr.write(`thox: ${line}\n`));
  installNativeContexts(kernel, { store, terminal, filesystem: systemFileSystem({ storeDir: store.location, computerId: 0 }), computer });
  const system = startInit(kernel, store);
  init = system;
  const show = (e: LogEntry) => void process.stdout.write(`${e.service}: ${e.text}\n`);
  for (const e of system.systemLog.snapshot()) show(e);
  system.systemLog.follow(show);
  const driver = new SystemDriver(kernel, () => system.ended);
  const saved = loadTargets(dir);
  if (saved.error) show({ t: kernel.now(), service: 'init', stream: 'stderr', text: saved.error });
  const server = new ControlServer(
    system,
    kernel,
    dir,
    () => loadConfiguration(store),
    () => driver.wake(),
  );
  await server.listen();
  const signals = STOP_SIGNALS.map((s) => {
    const listener = () => {
      if (system.ended) return;
      system.shutdown();
      driver.wake();
    };
    process.on(s.name, listener);
    return () => process.off(s.name, listener);
  });
  try {
    system.startTarget(opts.target);
    restoreTargets(system, saved.targets);
    system.onCommand((name, target) => saveTarget(dir, saved.targets, name, target));
    await driver.run();
  } finally {
    for (const off of signals) off();
    server.close();
    screen.finish();
  }
  return EXIT.ok;
}

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
