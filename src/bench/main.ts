// `npm run bench`: runs every benchmark once (CPU, kernel costs, idle memory), prints aligned text tables and writes
// them as Markdown to bench-results/latest.md. Options: --quick, --only=cpu,fengari,kernel,ipc,memory,latency,terminal,fs,services,io,devices,craftos,tui.
import { RPC_TARGET, runIpc, type IpcResult } from './ipc.js';
import { runFs } from './fs.js';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { PACKAGE_ROOT } from '../paths.js';
import { loadVm } from '../vm/load.js';
import type { Vm } from '../vm/vm.js';
import { tryLoadVm } from './boot.js';
import { KERNEL_OVERHEAD_TARGET, NATIVE_GEOMEAN_TARGET, runCpu, WORKLOADS, type CpuResult } from './cpu.js';
import { runKernelCosts, SPAWN_TARGET, SWITCH_TARGET, type KernelCostsResult } from './kernel-costs.js';
import { LATENCY_TARGET_MS, runLatency, type LatencyResult } from './latency.js';
import { LUA_INSTALL_HINT, nativeLuaVersion } from './lua-native.js';
import { IO_TARGET, runIo, type IoResult } from './io.js';
import { ALIVE_TARGET, hostBytes, MEMORY_TARGET_KB, runMemory, type MemoryResult } from './memory.js';
import { num, ratio, renderMarkdown, renderText, type Table } from './table.js';
import { FRAME_TARGET_MS, ROW_BYTES_TARGET, runTerminal, type TerminalResult } from './terminal.js';
import { GROWTH_TARGET, runServices, type ServicesResult } from './services.js';
import { runBootServices } from './boot-services.js';
import { runDevices } from './devices.js';
import { CRAFTOS_TARGET, runCraftosBench, type CraftosBenchResult } from './craftos.js';
import { runTui } from './tui.js';

const SECTIONS = ['cpu', 'fengari', 'kernel', 'ipc', 'memory', 'latency', 'terminal', 'fs', 'services', 'io', 'devices', 'craftos', 'tui'] as const;
type Section = (typeof SECTIONS)[number];

/** fengari runs the same programs with this much of the work (it is ~15x slower), fewer rounds. */
const FENGARI_SCALE = 0.0625;

class UsageError extends Error {}

function parseArgs(argv: string[]): { quick: boolean; only: Set<Section> } {
  let quick = false;
  let only = new Set<Section>(SECTIONS);
  for (const a of argv) {
    if (a === '--quick') quick = true;
    else if (a.startsWith('--only=')) {
      const names = a.slice(7).split(',');
      const bad = names.filter((n) => !(SECTIONS as readonly string[]).includes(n));
      if (bad.length) throw new UsageError(`unknown section(s) ${bad.join(', ')}; known: ${SECTIONS.join(', ')}`);
      only = new Set(names as Section[]);
    } else throw new UsageError(`unknown option ${a} (use --quick, --only=${SECTIONS.join(',')})`);
  }
  return { quick, only };
}

/** The commit measured, and whether the working tree had changes (other work in progress is measured too). */
function sourceVersion(): string {
  const cwd = fileURLToPath(PACKAGE_ROOT);
  const head = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd, encoding: 'utf8' });
  if (head.status !== 0) return 'not a git checkout';
  const dirty = spawnSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd, encoding: 'utf8' }).stdout.trim() !== '';
  return `commit ${head.stdout.trim()}${dirty ? ' + uncommitted changes' : ''}`;
}

async function main(): Promise<void> {
  const { quick, only } = parseArgs(process.argv.slice(2));
  const loadWasmoon = (): Promise<Vm> => loadVm('wasmoon');
  const started = performance.now();
  const log = (line: string): void => {
    process.stderr.write(`${line}\n`);
  };
  const luaVersion = nativeLuaVersion();
  const header = [
    `thox benchmarks, ${new Date().toISOString()}${quick ? ' (--quick)' : ''}, ${sourceVersion()}`,
    `node ${process.version}, ${cpus().length} x ${cpus()[0]?.model ?? 'unknown CPU'} (load average ${loadavg()[0].toFixed(2)} at start), ${luaVersion?.split('  ')[0] ?? `lua5.4 absent (${LUA_INSTALL_HINT})`}`,
  ];
  process.stdout.write(`${header.join('\n')}\n\n`);
  const tables: Table[] = [];
  const emit = (ts: Table[]): void => {
    for (const t of ts) process.stdout.write(`${renderText(t)}\n\n`);
    tables.push(...ts);
  };

  const wasmoon = await loadWasmoon();
  let cpu: CpuResult | null = null;
  let costs: KernelCostsResult | null = null;
  let memory: MemoryResult | null = null;
  let ipc: IpcResult | null = null;
  let latency: LatencyResult | null = null;
  let terminal: TerminalResult | null = null;
  let services: ServicesResult | null = null;
  let fengariNote: string | null = null;
  let io: IoResult | null = null;

  if (only.has('cpu')) {
    log('CPU workloads, wasmoon');
    cpu = runCpu({ vm: wasmoon, scale: 1, rounds: quick ? 2 : 5, warmups: 1, native: luaVersion !== null, nativeTarget: true }, log);
    emit(cpu.tables);
  }
  if (only.has('fengari')) {
    log('CPU workloads, fengari');
    const loaded = await tryLoadVm('fengari');
    if ('vm' in loaded) {
      try {
        emit(runCpu({ vm: loaded.vm, scale: FENGARI_SCALE, rounds: quick ? 1 : 3, warmups: 1, native: luaVersion !== null, nativeTarget: false }, log).tables);
      } catch (e) {
        fengariNote = `fengari failed: ${e instanceof Error ? e.message : String(e)}`;
      }
    } else {
      fengariNote = `fengari backend absent: ${loaded.error}`;
    }
    if (fengariNote) {
      emit([
        {
          title: 'CPU workloads, fengari',
          columns: ['workload', 'kernel', 'bare', 'bare+hook'],
          rows: WORKLOADS.map((w) => [w.name, 'absent', 'absent', 'absent']),
          notes: [fengariNote],
        },
      ]);
    }
  }
  if (only.has('kernel')) {
    log('Kernel costs, wasmoon');
    costs = await runKernelCosts({ vm: wasmoon, yields: quick ? 10_000 : 50_000, spawns: quick ? 300 : 1_000, reps: quick ? 2 : 3 }, log);
    emit(costs.tables);
  }
  if (only.has('ipc')) {
    log('Interactions and store');
    ipc = runIpc({ vm: wasmoon, calls: quick ? 5_000 : 30_000, reps: quick ? 2 : 3, quick }, log);
    emit(ipc.tables);
  }
  if (only.has('memory')) {
    log('Idle-process memory, wasmoon');
    memory = await runMemory(loadWasmoon, quick ? [1_000] : [1_000, ALIVE_TARGET], log);
    emit(memory.tables);
  }
  if (only.has('latency')) {
    log('Sibling latency, wasmoon');
    latency = runLatency(wasmoon, quick ? 1 : 3, log);
    emit(latency.tables);
  }
  if (only.has('fs')) {
    log('File system, wasmoon');
    emit(runFs({ vm: wasmoon, megabytes: quick ? 8 : 32, reps: quick ? 2 : 3 }, log).tables);
  }

  if (only.has('terminal')) {
    log('Terminal');
    terminal = runTerminal({ vm: wasmoon, rows: quick ? 20_000 : 100_000, reps: quick ? 2 : 3 }, log);
    emit(terminal.tables);
  }

  if (only.has('devices')) {
    log('Devices: input, modems, peripherals, wasmoon');
    emit((await runDevices({ vm: wasmoon, n: quick ? 20_000 : 100_000, reps: quick ? 2 : 3 }, log)).tables);
  }

  if (only.has('services')) {
    log('init: services, wasmoon');
    services = runServices(wasmoon, quick ? [100, 1_000] : [100, 1_000, 10_000], log);
    emit(services.tables);
    emit((await runBootServices(quick ? 100 : 1_000, log)).tables);
  }

  if (only.has('io')) {
    log('io, wasmoon');
    io = runIo({ vm: wasmoon, scale: quick ? 0.2 : 1, reps: quick ? 1 : 3, native: luaVersion !== null }, log);
    emit(io.tables);
  }

  let craftos: CraftosBenchResult | null = null;
  if (only.has('craftos')) {
    log('craftos runtime, wasmoon');
    craftos = runCraftosBench({ vm: wasmoon, frames: quick ? 100 : 500, events: quick ? 2_000 : 100_000, reps: quick ? 2 : 3 }, log);
    emit(craftos.tables);
  }

  if (only.has('tui')) {
    log('terminal UI (thox shell)');
    emit((await runTui({ reps: quick ? 20 : 100 }, log)).tables);
  }

  const summary = summarize(cpu, costs, memory, ipc, latency, terminal, services, io, craftos);
  if (summary) emit([summary]);
  const seconds = (performance.now() - started) / 1000;
  process.stdout.write(`(whole run: ${seconds.toFixed(0)} s)\n`);

  const dir = fileURLToPath(new URL('bench-results/', PACKAGE_ROOT));
  mkdirSync(dir, { recursive: true });
  const md = [`# ${header[0]}`, '', header[1], '', ...tables.map((t) => `${renderMarkdown(t)}\n`), `Whole run: ${seconds.toFixed(0)} s.`, ''];
  writeFileSync(`${dir}latest.md`, md.join('\n'));
  log(`wrote ${dir}latest.md`);
}

/** The issue's targets, each with the figure measured in this run. */
function summarize(
  cpu: CpuResult | null,
  costs: KernelCostsResult | null,
  memory: MemoryResult | null,
  ipc: IpcResult | null,
  latency: LatencyResult | null,
  terminal: TerminalResult | null,
  services: ServicesResult | null,
  io: IoResult | null,
  craftos: CraftosBenchResult | null,
): Table | null {
  const rows: string[][] = [];
  const status = (met: boolean): string => (met ? 'met' : 'MISSED');
  if (cpu) {
    rows.push([
      `kernel <= ${KERNEL_OVERHEAD_TARGET}x bare VM with the same hook, every workload`,
      cpu.overheadMisses.length ? `missed on ${cpu.overheadMisses.join(', ')}` : 'all workloads',
      status(cpu.overheadMisses.length === 0),
    ]);
    rows.push([
      `geo-mean kernel <= ${NATIVE_GEOMEAN_TARGET}x lua5.4 with the same hook`,
      Number.isFinite(cpu.nativeGeomean) ? ratio(cpu.nativeGeomean) : 'lua5.4 absent',
      Number.isFinite(cpu.nativeGeomean) ? status(cpu.nativeGeomean <= NATIVE_GEOMEAN_TARGET) : 'n/a',
    ]);
    if (cpu.checksumMismatches.length) rows.push(['checksums agree across columns', cpu.checksumMismatches.join('; '), 'MISSED']);
  }
  if (costs) {
    for (const s of costs.switches)
      rows.push([`>= ${num(SWITCH_TARGET)} task switches/s (${s.label.split(': ')[1]?.split(',')[0]})`, num(s.rate), status(s.met)]);
    for (const s of costs.spawns) rows.push([`>= ${num(SPAWN_TARGET)} spawns/s (${s.label.split(': ')[1]?.split(',')[0]})`, num(s.rate), status(s.met)]);
  }
  if (ipc) rows.push([`>= ${num(RPC_TARGET)} RPC round trips/s between two Lua processes`, num(ipc.rpc.rate), status(ipc.rpc.met)]);
  if (memory) {
    for (const r of memory.rows) {
      const host = hostBytes(r) / 1024;
      rows.push([`<= ${MEMORY_TARGET_KB} KB per idle process (${num(r.count)} alive)`, `${host.toFixed(1)} KB`, status(host <= MEMORY_TARGET_KB)]);
    }
    const big = memory.rows.find((r) => r.count >= ALIVE_TARGET);
    if (big) rows.push([`${num(ALIVE_TARGET)} processes alive at once`, `${num(big.alive)} blocked at once`, status(big.alive >= ALIVE_TARGET)]);
  }
  if (latency) {
    for (const r of latency.rows)
      rows.push([`sibling's longest pause <= ${LATENCY_TARGET_MS} ms beside: ${r.name}`, `${r.worstMs.toFixed(0)} ms`, status(r.met)]);
  }
  if (terminal) {
    rows.push([`terminal frame <= ${FRAME_TARGET_MS} ms (full repaint)`, `${terminal.fullMs.toFixed(3)} ms`, status(terminal.fullMs <= FRAME_TARGET_MS)]);
    rows.push([`terminal frame <= ${FRAME_TARGET_MS} ms (one-row update)`, `${terminal.rowMs.toFixed(3)} ms`, status(terminal.rowMs <= FRAME_TARGET_MS)]);
    rows.push([
      `one-row update <= ${ROW_BYTES_TARGET * 100}% of a full repaint's bytes`,
      `${(terminal.bytesRatio * 100).toFixed(1)}%`,
      status(terminal.bytesRatio <= ROW_BYTES_TARGET),
    ]);
  }
  if (services) {
    rows.push([
      `init: time per service grows <= ${GROWTH_TARGET}x per 10x more services`,
      `${services.worstGrowth.toFixed(2)}x`,
      status(services.worstGrowth <= GROWTH_TARGET),
    ]);
  }
  for (const r of io?.rows ?? [])
    rows.push([
      `${r.name} <= ${IO_TARGET}x lua5.4`,
      Number.isFinite(r.ratio) ? ratio(r.ratio) : 'lua5.4 absent',
      Number.isFinite(r.ratio) ? status(r.ratio <= IO_TARGET) : 'n/a',
    ]);
  for (const r of craftos?.rows ?? []) rows.push([`${r.name} <= ${CRAFTOS_TARGET}x native`, ratio(r.ratio), status(r.ratio <= CRAFTOS_TARGET)]);
  return rows.length ? { title: 'Targets', columns: ['target', 'measured', 'status'], rows } : null;
}

main().catch((e: unknown) => {
  if (e instanceof UsageError) {
    process.stderr.write(`bench: ${e.message}\n`);
    process.exitCode = 2;
    return;
  }
  process.stderr.write(`bench failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exitCode = 1;
});
