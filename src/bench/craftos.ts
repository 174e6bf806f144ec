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

/** The runtimes compared, each with its own spelling of the loop. */
const RUNTIMES = ['native', 'craftos'] as const;

/**
 * CPU ms per operation under each runtime: the median run of n operations less the median run of none (start-up and
 * the runtime's prelude), after one run of each that is not counted (the host's compilers warm up on the first). The
 * two runtimes' runs alternate, so a change in the machine's load falls on both.
 */
function perOperation(
  vm: Vm,
  programs: Record<(typeof RUNTIMES)[number], (n: number) => string>,
  n: number,
  reps: number,
): { native: number; craftos: number } {
  const full = { native: [] as number[], craftos: [] as number[] };
  const empty = { native: [] as number[], craftos: [] as number[] };
  for (const runtime of RUNTIMES) runOnce(vm, programs[runtime](n), runtime);
  for (let i = 0; i < reps; i++) {
    for (const runtime of RUNTIMES) {
      full[runtime].push(runOnce(vm, programs[runtime](n), runtime));
      empty[runtime].push(runOnce(vm, programs[runtime](0), runtime));
    }
  }
  const each = (runtime: (typeof RUNTIMES)[number]): number => (median(full[runtime]) - median(empty[runtime])) / n;
  return { native: each('native'), craftos: each('craftos') };
}

export function runCraftosBench(config: { vm: Vm; frames: number; events: number; reps: number }, log: (line: string) => void): CraftosBenchResult {
  const measure = (kind: keyof typeof PROGRAMS, n: number): { native: number; craftos: number } => perOperation(config.vm, PROGRAMS[kind], n, config.reps);
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
          `CPU time per operation: median of ${config.reps} runs of ${config.frames} frames or ${config.events} round trips (after one not counted; native and craftos runs alternate), less a run of none`,
        ],
      },
    ],
  };
}
