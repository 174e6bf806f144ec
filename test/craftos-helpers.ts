// Test helpers for the craftos runtime: run a CraftOS program in a simulated system and read what it left on the
// terminal (its rows), its standard streams and its exit status; input events are delivered one at a time when idle.
import type { InputEvent } from '../src/devices/input.js';
import { KEYS } from '../src/devices/keys.js';
import { Terminal } from '../src/devices/terminal.js';
import type { ExitStatus } from '../src/kernel/process.js';
import { simulate, type Simulation } from '../src/testing.js';
import type { VmName } from '../src/vm/vm.js';

export interface CraftosRun {
  /** The terminal's rows, trailing spaces removed. */
  rows: string[];
  /** The rows up to the last non-empty one, joined by newlines (what a test usually compares). */
  screen: string;
  stdout: string;
  stderr: string;
  exit: ExitStatus | null;
  sim: Simulation;
}

export interface CraftosOptions {
  vm?: VmName;
  /** Input events, each delivered once the program waits (every task blocked). */
  input?: InputEvent[];
  termSize?: { width: number; height: number };
  /** Peripherals attached by side (side → type name, as --peripheral). */
  peripherals?: Record<string, string>;
  /** A terminal without colours (a plain computer's). */
  plain?: boolean;
  /** Run as thox run --exit-on-shutdown does: a shutdown's code is the exit status. */
  exitOnShutdown?: boolean;
  /** Program arguments. */
  args?: string[];
  /** Stop after this much virtual time (ms), for programs that never end. */
  deadlineMs?: number;
  /** CPU seconds without an event before "Too long without yielding" (CRAFTOS_YIELD_TIMEOUT; CC's 7 by default). */
  yieldTimeout?: number;
  /** Boot as `thox run cc` does (the runtime's own boot program) after running `source` as a program to set up. */
  boot?: boolean;
}

/** Runs `source` as a CraftOS program (`thox run --runtime craftos`) to its end. */
export async function runCraftos(source: string, options: CraftosOptions = {}): Promise<CraftosRun> {
  const terminal = new Terminal(options.termSize?.width, options.termSize?.height, !options.plain);
  const computer = { id: 0, label: null, shutdown: (code: number) => (options.exitOnShutdown ? code : 0) };
  const sim = await simulate({ vm: options.vm, programs: { main: source }, terminal, peripherals: options.peripherals, computer });
  const env = new Map<string, string>();
  if (options.yieldTimeout !== undefined) env.set('CRAFTOS_YIELD_TIMEOUT', String(options.yieldTimeout));
  const deadline = options.deadlineMs ?? 600_000;
  let proc = sim.kernel.spawn({ name: 'main', args: options.args ?? [], runtime: 'craftos', env });
  sim.run({ until: () => proc.exit !== null, deadlineMs: deadline });
  if (options.boot) {
    proc = sim.kernel.spawn({ name: '', args: [], runtime: 'craftos', env, runtimeResolves: true });
    sim.run({ until: () => proc.exit !== null, deadlineMs: deadline });
  }
  for (const event of options.input ?? []) {
    if (proc.exit !== null) break;
    sim.input.deliver(event);
    sim.run({ until: () => proc.exit !== null, deadlineMs: deadline });
  }
  const rows: string[] = [];
  for (let y = 1; y <= terminal.height; y++) rows.push((terminal.getLine(y)?.[0] ?? '').replace(/ +$/, ''));
  let last = rows.length;
  while (last > 0 && rows[last - 1] === '') last--;
  return { rows, screen: rows.slice(0, last).join('\n'), stdout: sim.output.stdout, stderr: sim.output.stderr, exit: proc.exit, sim };
}

/** The events of typing `text` (one `char` each). */
export function typed(text: string): InputEvent[] {
  return [...text].map((char) => ({ type: 'char', char }));
}

/** The events of typing each command line and pressing enter. */
export function lines(...commands: string[]): InputEvent[] {
  return commands.flatMap((command) => [...typed(command), key('enter')]);
}

/** The event of pressing the key named `name` (CraftOS's key names). */
export function key(name: string): InputEvent {
  const code = KEYS[name];
  if (code === undefined) throw new Error(`no key named ${name}`);
  return { type: 'key', key: code, held: false };
}

/** Both VMs, for describe.each. */
export const VMS: VmName[] = ['wasmoon', 'fengari'];
