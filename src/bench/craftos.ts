// The craftos runtime against native programs doing the same work: a full-screen blit (one term.blit per row) and
// an event round trip (queue one, pull it back), in CPU time per operation; the target is at most 1.3x native.
import { memoryFileSystem } from '../devices/fs-setup.js';
import type { Vm } from '../vm/vm.js';
import { bootKernel } from './boot.js';
import { median, timed } from './stats.js';
import { ratio, type Table } from './table.js';

export const CRAFTOS_TARGET = 1.3;

export interface CraftosBenchResult {
  tables: Table[];
  rows: { name: string; ratio: number }[];
}

/** The loops, as each runtime writes them; N is the number of operations. */
const PROGRAMS = {
  blit: {
    native: (n: number) => `local term = require('term') local w, h = term.getSize()
      local t, f, b = ('x'):rep(w), ('0'):rep(w), ('f'):rep(w)
      for _ = 1, ${n} do for y = 1, h do term.setCursorPos(1, y) term.blit(t, f, b) end end`,
    craftos: (n: number) => `local w, h = term.getSize()
      local t, f, b = ('x'):rep(w), ('0'):rep(w), ('f'):rep(w)
      for _ = 1, ${n} do for y = 1, h do term.setCursorPos(1, y) term.blit(t, f, b) end end`,
  },
  event: {
    native: (n: number) => `for i = 1, ${n} do os.queue({ type = 'e', i }) os.pull('e') end`,
    craftos: (n: number) => `for i = 1, ${n} do os.queueEvent('e', i) os.pullEvent('e') end`,
  },
};

/** CPU ms a program takes to run to its end under a runtime, in a fresh kernel. */
function runOnce(vm: Vm, source: string, runtime: string): number {
  const { kernel } = bootKernel(vm, {}, { filesystem: memoryFileSystem() });
  return timed(() => {
    const p = kernel.spawn({ name: 'bench_craftos', source, runtime });
    kernel.runUntilIdle({ until: () => p.exit !== null });
    if (p.exit?.kind !== 'exited') throw new Error(`bench_craftos (${runtime}): ${p.exit?.kind} ${p.exit?.message ?? ''}`);
  }).cpuMs;
}

/** CPU ms per operation: the median run of n operations less the median run of none (start-up and the runtime's prelude),
 *  after one run that is not counted (the host's compilers warm up on the first). */
function perOperation(vm: Vm, program: (n: number) => string, runtime: string, n: number, reps: number): number {
  runOnce(vm, program(n), runtime);
  const full = median(Array.from({ length: reps }, () => runOnce(vm, program(n), runtime)));
  const empty = median(Array.from({ length: reps }, () => runOnce(vm, program(0), runtime)));
  return (full - empty) / n;
}

export function runCraftosBench(config: { vm: Vm; frames: number; events: number; reps: number }, log: (line: string) => void): CraftosBenchResult {
  const measure = (kind: keyof typeof PROGRAMS, n: number): { native: number; craftos: number } => ({
    native: perOperation(config.vm, PROGRAMS[kind].native, 'native', n, config.reps),
    craftos: perOperation(config.vm, PROGRAMS[kind].craftos, 'craftos', n, config.reps),
  });
  const blit = measure('blit', config.frames);
  log('  blit measured');
  const event = measure('event', config.events);
  log('  events measured');
  const rows = [
    { name: 'craftos full-screen blit (51x19)', ratio: blit.craftos / blit.native, native: blit.native, craftos: blit.craftos, unit: 'ms' },
    { name: 'craftos pullEvent round trip', ratio: event.craftos / event.native, native: event.native * 1000, craftos: event.craftos * 1000, unit: 'µs' },
  ];
  return {
    rows,
    tables: [
      {
        title: 'craftos runtime against native, wasmoon',
        columns: ['operation', 'native', 'craftos', 'ratio', 'target', 'status'],
        rows: rows.map((r) => [
          r.name,
          `${r.native.toFixed(3)} ${r.unit}`,
          `${r.craftos.toFixed(3)} ${r.unit}`,
          ratio(r.ratio),
          `<= ${CRAFTOS_TARGET}x`,
          r.ratio <= CRAFTOS_TARGET ? 'ok' : 'MISS',
        ]),
        notes: [
          `CPU time per operation: median of ${config.reps} runs of ${config.frames} frames or ${config.events} round trips (after one not counted), less a run of none`,
        ],
      },
    ],
  };
}
