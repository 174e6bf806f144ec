// Runs a CraftOS program (the craftos runtime) in a simulation, for the tests of the craftos libraries: what it
// printed (the terminal's rows down to the cursor, trailing blanks cut), how it ended, the simulation.
import { expect } from 'vitest';
import { Terminal } from '../src/devices/terminal.js';
import { type Simulation, simulate } from '../src/testing.js';
import type { VmName } from '../src/vm/vm.js';

export interface CraftosRun {
  /** The screen's lines from the top to the cursor's row. */
  screen: string;
  sim: Simulation;
  exit: { code: number; kind: string; message?: string } | null;
}

/** The terminal's rows 1..`last` as text, each without its trailing spaces, and no blank rows at the end. */
export function screenText(terminal: Terminal, last = terminal.cursorY): string {
  const rows: string[] = [];
  for (let y = 1; y <= Math.min(last, terminal.height); y++) rows.push((terminal.getLine(y)?.[0] ?? '').trimEnd());
  while (rows.length > 0 && rows[rows.length - 1] === '') rows.pop();
  return rows.join('\n');
}

/** Runs `source` as program `main` under the craftos runtime on a terminal of `width` x `height` until it ends. */
export async function runCraftos(
  vm: VmName,
  source: string,
  options: { width?: number; height?: number; until?: (sim: Simulation) => boolean; setup?: (sim: Simulation) => void } = {},
): Promise<CraftosRun> {
  const terminal = new Terminal(options.width ?? 120, options.height ?? 60);
  const sim = await simulate({ vm, terminal, programs: { main: source } });
  options.setup?.(sim);
  const p = sim.spawn('main', [], 'craftos');
  sim.run({ until: () => p.exit !== null || (options.until?.(sim) ?? false) });
  expect(sim.check()).toEqual([]);
  return { screen: screenText(terminal), sim, exit: p.exit };
}
