// Memory of idle processes: N processes each blocked in os.pull('never'), alive at once in a fresh VM
// instance; Lua-reported bytes, wasm heap growth and Node's memoryUsage() deltas, per process.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Kernel } from '../kernel/kernel.js';
import { MAIN_TID } from '../kernel/process.js';
import type { Vm } from '../vm/vm.js';
import { benchProgramSource, bootKernel, wasmHeapBytes } from './boot.js';
import { timed } from './stats.js';
import { num, type Table } from './table.js';

export const MEMORY_TARGET_KB = 64;
export const ALIVE_TARGET = 10_000;

/** Node's gc(), turned on at run time (`npm run bench` runs plain node, without --expose-gc), or null. */
const gcFunction: (() => void) | null = (() => {
  try {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as unknown;
    return typeof gc === 'function' ? (gc as () => void) : null;
  } catch {
    return null;
  }
})();
export const forcedGc = gcFunction !== null;

/** A full GC when available (twice, so weak callbacks and finalizers settle); otherwise nothing. */
function collect(): void {
  gcFunction?.();
  gcFunction?.();
}

export interface MemoryRow {
  count: number;
  alive: number;
  /** Bytes per process by measure. */
  lua: number;
  wasm: number | null;
  jsHeap: number;
  rss: number;
  external: number;
  arrayBuffers: number;
  spawnUs: number;
  switchRate: number;
}

export interface MemoryResult {
  tables: Table[];
  rows: MemoryRow[];
}

/** Two processes yielding back and forth while the idle ones stay blocked: does scheduling still scale? */
function switchesWithIdle(kernel: Kernel, n: number): number {
  const source = benchProgramSource('bench_yield');
  const { cpuMs, result: procs } = timed(() => {
    const procs = [1, 2].map(() => kernel.spawn({ name: 'bench_yield.lua', source, args: [String(n)] }));
    while (procs.some((p) => !p.exit)) {
      const r = kernel.step();
      if (r.kind !== 'ran') break;
    }
    return procs;
  });
  return procs.reduce((s, p) => s + p.counters.slices, 0) / (cpuMs / 1000);
}

async function measureAlive(makeVm: () => Promise<Vm>, count: number): Promise<MemoryRow> {
  const vm = await makeVm(); // a fresh wasm instance, so its heap growth is ours alone
  const { kernel } = bootKernel(vm);
  const source = benchProgramSource('bench_idle');
  collect();
  const before = process.memoryUsage();
  const heapBefore = wasmHeapBytes(vm);
  const { cpuMs, result: r } = timed(() => {
    for (let i = 0; i < count; i++) kernel.spawn({ name: 'bench_idle.lua', source });
    return kernel.runUntilIdle();
  });
  const spawnUs = (cpuMs * 1000) / count;
  if (r.kind !== 'deadlock') throw new Error(`expected every process to block, got ${r.kind}`);
  const live = kernel.processes.live();
  const alive = live.filter((p) => p.tasks.get(MAIN_TID)?.wait?.on === 'pull').length;
  collect();
  const after = process.memoryUsage();
  const heapAfter = wasmHeapBytes(vm);
  const lua = live.reduce((s, p) => s + p.vm.memoryUsed(), 0);
  const switchRate = switchesWithIdle(kernel, 20_000);
  kernel.killAll('benchmark over');
  for (const pid of [...kernel.processes.keys()]) kernel.processes.reap(pid);
  return {
    count,
    alive,
    spawnUs,
    switchRate,
    lua: lua / count,
    wasm: heapBefore !== null && heapAfter !== null ? (heapAfter - heapBefore) / count : null,
    jsHeap: (after.heapUsed - before.heapUsed) / count,
    rss: (after.rss - before.rss) / count,
    external: (after.external - before.external) / count,
    arrayBuffers: (after.arrayBuffers - before.arrayBuffers) / count,
  };
}

/** Host bytes per process: the wasm heap it took (at least what Lua reports: a fresh instance starts with free
 *  heap, so small counts grow it less than they use) plus the JS heap. */
export function hostBytes(r: MemoryRow): number {
  return Math.max(r.lua, r.wasm ?? r.external) + r.jsHeap;
}

export async function runMemory(makeVm: () => Promise<Vm>, counts: number[], log: (line: string) => void): Promise<MemoryResult> {
  const rows: MemoryRow[] = [];
  for (const count of counts) {
    rows.push(await measureAlive(makeVm, count));
    log(`  ${num(count)} idle processes measured`);
  }
  const kb = (bytes: number | null): string => (bytes === null ? 'n/a' : (bytes / 1024).toFixed(1));
  const table: Table = {
    title: 'Idle processes (each blocked in os.pull), per process',
    columns: ['alive', 'blocked', 'spawn+block µs', 'Lua KB', 'wasm heap KB', 'JS heap KB', 'host KB', 'rss KB', 'external KB', 'switches/s', 'status'],
    rows: rows.map((r) => {
      const host = hostBytes(r);
      const ok = host / 1024 <= MEMORY_TARGET_KB && r.alive === r.count;
      return [
        num(r.count),
        num(r.alive),
        num(r.spawnUs),
        kb(r.lua),
        kb(r.wasm),
        kb(r.jsHeap),
        kb(host),
        kb(r.rss),
        kb(r.external),
        num(r.switchRate),
        ok ? 'ok' : `MISS (> ${MEMORY_TARGET_KB} KB or not all alive)`,
      ];
    }),
    notes: [
      'each count in a fresh wasm instance; spawned from the host, then run until every process blocked (the kernel reports deadlock)',
      'Lua KB: memoryUsed() of each state (the bytes the per-process limit counts); wasm heap KB: growth of the linear memory; JS heap KB: heapUsed delta',
      `host KB = max(Lua KB, wasm heap KB) + JS heap KB (judged against the target, <= ${MEMORY_TARGET_KB} KB); rss/external: process.memoryUsage() deltas${forcedGc ? ' (after a forced GC)' : ' (no forced GC available)'}`,
      'spawn+block µs: CPU time to spawn them all and run each to its block, per process; switches/s (per CPU second): two more processes doing os.yield() while all the idle ones stay alive',
    ],
  };
  return { tables: [table], rows };
}
