// Several computers in one thox (`thox run --computers N`): a kernel each on one shared clock, each with its id,
// label, file system, terminal and peripherals in one World (so their modems reach each other), driven together.
import { VirtualClock, type Clock } from '../kernel/clock.js';
import { Kernel } from '../kernel/kernel.js';
import type { Process } from '../kernel/process.js';
import { SeededRandom } from '../kernel/random.js';
import type { Trace } from '../kernel/trace.js';
import type { OutputStream } from '../kernel/services.js';
import { hostRandom, RealClock } from '../host/real-clock.js';
import { awake, type DriveResult } from '../host/driver.js';
import type { InputSource } from '../host/input-feed.js';
import { Peripherals } from '../contexts/peripheral.js';
import { peripheralType } from '../devices/peripherals/registry.js';
import type { World } from '../devices/peripherals/world.js';
import type { ProgramLoader } from '../kernel/services.js';
import { type ComputerInfo, MAX_LABEL } from '../contexts/computer.js';
import { FsError } from '../devices/fs-errors.js';
import { LabelFile } from '../devices/label-file.js';
import { Disks } from '../devices/disks.js';
import type { FileSystem } from '../devices/filesystem.js';
import { join } from 'node:path';
import type { Vm } from '../vm/vm.js';
import type { RunOptions } from './run.js';
import type { Restart } from './power.js';

/** How long one computer's burst of slices may hold the host's event loop, in milliseconds of host time. */
const BURST_MS = 10;

/** The clock of a run: virtual with --deterministic, else the host's (one for all its computers). */
export function runClock(deterministic: boolean): Clock {
  return deterministic ? new VirtualClock() : new RealClock();
}

/** A kernel for one computer of a run, as its options say. */
export function newKernel(
  vm: Vm,
  opts: RunOptions,
  parts: { clock: Clock; loader: ProgramLoader; trace?: Trace; output: (pid: number, stream: OutputStream, text: string) => void; input?: boolean },
): Kernel {
  return new Kernel({
    vm,
    clock: parts.clock,
    random: opts.deterministic || opts.seed !== undefined ? new SeededRandom(opts.seed ?? 0) : hostRandom,
    loader: parts.loader,
    output: parts.output,
    input: parts.input,
    quantum: opts.quantum,
    memoryLimit: opts.memoryLimit,
    limits: opts.limit,
    policy: opts.policy,
    trace: parts.trace,
    vmSeed: opts.deterministic ? (opts.seed ?? 0) : undefined,
  });
}

/** One computer's peripherals, attached as --peripheral gives them; its drives take the store's disks (disks/<id>/). */
export function computerPeripherals(
  kernel: Kernel,
  world: World,
  id: number,
  opts: Pick<RunOptions, 'deterministic' | 'peripheral'>,
  filesystem: FileSystem,
  storeDir: string,
): Peripherals {
  const now = opts.deterministic ? () => kernel.clock.epochMs + kernel.now() : undefined;
  const peripherals = new Peripherals(kernel, world, id, new Disks(filesystem, storeDir, now));
  for (const [side, type] of opts.peripheral ?? []) peripherals.attach(side, peripheralType(type));
  return peripherals;
}

/**
 * A computer's id and label: `given` (--label) for this run if there is one, else the label saved in the store; a
 * label a program sets is saved. A saved label that cannot be read or is not 1 to 32 bytes is ignored, and `warn` told.
 */
export function computerInfo(storeDir: string, id: number, given: string | undefined, warn: (line: string) => void): ComputerInfo {
  const file = new LabelFile(join(storeDir, 'systems'), id);
  return { id, label: given ?? savedLabel(file, warn), save: (label) => file.write(label) };
}

function savedLabel(file: LabelFile, warn: (line: string) => void): string | null {
  try {
    const label = file.read();
    if (label === null || (label.length >= 1 && label.length <= MAX_LABEL)) return label;
    warn(`ignoring the label saved in '${file.path}': not 1 to ${MAX_LABEL} bytes`);
  } catch (e) {
    if (!(e instanceof FsError)) throw e;
    warn(`ignoring the label saved in '${file.path}': ${e.message}`);
  }
  return null;
}

/** One computer of several: its kernel and the process of the program the run started on it (a fresh one after a reboot). */
export interface Computer {
  readonly id: number;
  readonly kernel: Kernel;
  process: Process;
  /** Starts the program afresh when it asked for a reboot before its process ended (see power.ts). */
  readonly restart?: Restart;
}

/**
 * Runs the computers, each for a burst in turn, until every started process has ended, nothing can run on any
 * of them (deadlock), or `timeoutMs` of the shared clock passes. Idle time is slept or skipped as in drive(), and
 * input steps (for the first computer) are taken when all of them are idle; live input or `stop` ends a sleep.
 */
export async function driveComputers(
  computers: readonly Computer[],
  clock: Clock,
  options: { timeoutMs?: number; input?: InputSource; stop?: AbortSignal } = {},
): Promise<DriveResult> {
  const { timeoutMs, input, stop } = options;
  const deadline = timeoutMs === undefined ? Infinity : clock.now() + timeoutMs;
  for (;;) {
    let ran = false;
    let until = Infinity;
    const blocked: string[] = [];
    for (const c of computers) {
      if (c.process.exit) continue;
      const burstEnd = performance.now() + BURST_MS;
      let r = c.kernel.step();
      // a computer that ran may have sent the others events: the clock moves only after a round where none ran
      if (r.kind === 'ran') ran = true;
      while (r.kind === 'ran' && !c.process.exit && performance.now() < burstEnd) r = c.kernel.step();
      if (r.kind === 'idle') until = Math.min(until, r.until);
      else if (r.kind === 'deadlock') blocked.push(...r.blocked.map((b) => `computer ${c.id}: ${b}`));
    }
    if (!stop?.aborted) for (const c of computers) if (c.process.exit) c.process = c.restart?.() ?? c.process; // a signal's kill is no reboot
    const running = computers.filter((c) => !c.process.exit);
    if (running.length === 0) return { kind: 'exited', process: computers[0].process };
    if (clock.now() >= deadline) return { kind: 'timeout' };
    const inputAt = input?.nextAt(); // asked after every round: live input starts once the terminal is drawn on
    if (ran) {
      await new Promise((resolve) => setImmediate(resolve));
      continue;
    }
    if (input && inputAt !== undefined && inputAt <= clock.now()) {
      input.step(clock.now());
      continue;
    }
    if (until === Infinity && inputAt === undefined) return { kind: 'deadlock', blocked };
    const next = Math.min(until, inputAt ?? Infinity, deadline);
    if (clock.virtual && next !== Infinity) clock.advanceTo(next);
    else await awake(Math.max(0, next - clock.now()), input, stop);
  }
}
