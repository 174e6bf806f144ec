// Interaction costs: RPC round trips per second between two Lua processes, native-context calls per
// second, and store writes and reads per second on the directory backend.
import { runStoreBench } from '../store/bench.js';
import type { Vm } from '../vm/vm.js';
import { benchProgramSource, bootKernel } from './boot.js';
import { median, timed } from './stats.js';
import { num, type Table } from './table.js';

export const RPC_TARGET = 50_000;

export interface IpcResult {
  tables: Table[];
  rpc: { rate: number; met: boolean };
}

/** Calls per CPU second for `n` calls of bench_rpc (to a Lua server, or to the kernel with 'native'). */
function callsPerSecond(vm: Vm, n: number, native: boolean): number {
  const { kernel } = bootKernel(vm);
  const source = benchProgramSource('bench_rpc');
  const { cpuMs } = timed(() => {
    const p = kernel.spawn({ name: 'bench_rpc.lua', source, args: native ? [String(n), 'native'] : [String(n)] });
    kernel.runUntilIdle({ until: () => p.exit !== null });
    if (p.exit?.kind !== 'exited') throw new Error(`bench_rpc: ${p.exit?.kind} ${p.exit?.message ?? ''}`);
  });
  return n / (cpuMs / 1000);
}

export function runIpc(config: { vm: Vm; calls: number; reps: number; quick: boolean }, log: (line: string) => void): IpcResult {
  const measure = (native: boolean): number => {
    callsPerSecond(config.vm, Math.max(100, config.calls / 10), native); // warm-up
    return median(Array.from({ length: config.reps }, () => callsPerSecond(config.vm, config.calls, native)));
  };
  const rpc = measure(false);
  const native = measure(true);
  log('  calls measured');
  const store = runStoreBench({ quick: config.quick });
  log('  store measured');
  const calls: Table = {
    title: 'Interactions, wasmoon',
    columns: ['measure', 'per second', 'target', 'status'],
    rows: [
      [
        `RPC round trips between two Lua processes (os.call + os.pull), x ${num(config.calls)}`,
        num(rpc),
        `>= ${num(RPC_TARGET)}`,
        rpc >= RPC_TARGET ? 'ok' : 'MISS',
      ],
      [`native-context calls (timer.now on the root context), x ${num(config.calls)}`, num(native), '', ''],
    ],
    notes: [`median of ${config.reps} runs after a warm-up, per CPU second (process.cpuUsage); real clock, no trace`],
  };
  const storeTable: Table = {
    title: 'Store, directory backend',
    columns: ['operation', 'ops', 'per second'],
    rows: store.map((r) => [r.case, num(r.ops), num(r.perSecond)]),
    notes: ['a fresh folder under the system temp dir; put = write a temp file, fsync, rename, fsync the folder (unless "no fsync")'],
  };
  return { tables: [calls, storeTable], rpc: { rate: rpc, met: rpc >= RPC_TARGET } };
}
