// The CPU table: each workload in programs/bench/ run as a thox process, on a bare VM state (with and without
// the count hook and the memory limit) and in native lua5.4, interleaved per round; medians, ratios and targets.
import { getOrInsertComputed } from '../maps.js';
import { DEFAULT_MEMORY_LIMIT, DEFAULT_QUANTUM } from '../kernel/kernel.js';
import type { StateOptions, Vm } from '../vm/vm.js';
import { benchProgramPath, benchProgramSource, bootKernel } from './boot.js';
import { LUA_INSTALL_HINT, nativeStartupMs, runNative } from './lua-native.js';
import { geomean, median, spread, timed } from './stats.js';
import { num, ratio, type Table } from './table.js';

export const WORKLOADS = [
  { name: 'fib', program: 'bench_fib', what: '24 x fib(25): recursive Lua calls, integer arithmetic' },
  { name: 'loop', program: 'bench_loop', what: '6e6 iterations: integer modulo, a branch, float accumulation' },
  { name: 'strings', program: 'bench_strings', what: 'table.concat of 200k pieces, 10k `..` appends, 200k short temporaries' },
  { name: 'tables', program: 'bench_tables', what: '150k table.insert, table.sort, table.sort with a Lua comparator' },
  { name: 'format', program: 'bench_format', what: '60k string.format lines, then match, gsub and 2 x find on each' },
  { name: 'closures', program: 'bench_closures', what: '400k iterations creating 2 closures and calling them 3 times' },
  { name: 'methods', program: 'bench_methods', what: '3e6 method calls through a 2-level __index chain' },
] as const;
type Workload = (typeof WORKLOADS)[number];

export const KERNEL_OVERHEAD_TARGET = 1.15;
export const NATIVE_GEOMEAN_TARGET = 1.6;

const COLUMNS = ['kernel', 'bare', 'bare+hook', 'bare+hook+mem', 'lua5.4', 'lua5.4+hook'] as const;
type Column = (typeof COLUMNS)[number];

export interface CpuConfig {
  vm: Vm;
  /** Work multiplier passed to every program as its first argument (as a string). */
  scale: number;
  rounds: number;
  warmups: number;
  /** Whether lua5.4 is on PATH. */
  native: boolean;
  /** Mark a geo-mean missing the lua5.4 target (only meaningful for the default VM). */
  nativeTarget: boolean;
}

interface Sample {
  cpuMs: number;
  wallMs: number;
  checksum: string;
}
interface Cell {
  cpu: number[];
  wall: number[];
  checksums: Set<string>;
  error?: string;
  absent?: string;
}

export interface CpuResult {
  tables: Table[];
  /** Workloads whose kernel/bare+hook ratio is above the target. */
  overheadMisses: string[];
  /** Geo-mean of kernel/lua5.4+hook (NaN without lua5.4). */
  nativeGeomean: number;
  checksumMismatches: string[];
}

const bareOptions = (hookCount: number, memoryLimit: number): StateOptions => ({ memoryLimit, hookCount, onHook: () => 'continue' });

/** The workload as the main chunk of a thox process: the same code, its returned checksum printed. */
function asProcess(source: string): string {
  return `print((function(...)\n${source}\nend)(...))`;
}

/** Boot a kernel, spawn the workload, run until idle (the process exits; the state is closed). */
function runKernel(vm: Vm, name: string, source: string, scale: string): Sample {
  const { cpuMs, wallMs, result } = timed(() => {
    const { kernel, output } = bootKernel(vm);
    const p = kernel.spawn({ name: `${name}.lua`, source: asProcess(source), args: [scale] });
    kernel.runUntilIdle();
    return { p, output };
  });
  const { p, output } = result;
  if (p.exit?.kind !== 'exited') throw new Error(`${name}: ${p.exit?.kind ?? 'still running'} ${p.exit?.message ?? ''}`);
  return { cpuMs, wallMs, checksum: output.stdout.trim() };
}

/** newState + load + call + close: the workload alone on a bare state (no sandbox, no kernel). */
function runBare(vm: Vm, options: StateOptions, name: string, source: string, scale: string): Sample {
  const { cpuMs, wallMs, result } = timed(() => {
    const state = vm.newState(options);
    try {
      return state.call(state.load(source, `@${name}.lua`), [scale])[0];
    } finally {
      state.close();
    }
  });
  return { cpuMs, wallMs, checksum: String(result) };
}

export function runCpu(config: CpuConfig, log: (line: string) => void): CpuResult {
  const { vm } = config;
  const scale = String(config.scale);
  const startup = config.native ? nativeStartupMs() : 0;
  const source = new Map(WORKLOADS.map((w) => [w.name, benchProgramSource(w.program)]));
  const src = (w: Workload): string => source.get(w.name)!;
  const runners: Record<Column, ((w: Workload) => Sample) | string> = {
    kernel: (w) => runKernel(vm, w.program, src(w), scale),
    bare: (w) => runBare(vm, bareOptions(0, 0), w.program, src(w), scale),
    'bare+hook': (w) => runBare(vm, bareOptions(DEFAULT_QUANTUM, 0), w.program, src(w), scale),
    'bare+hook+mem': vm.hasMemoryLimit ? (w) => runBare(vm, bareOptions(DEFAULT_QUANTUM, DEFAULT_MEMORY_LIMIT), w.program, src(w), scale) : 'n/a',
    'lua5.4': config.native ? (w) => runNative(benchProgramPath(w.program), scale, 0, startup) : 'absent',
    'lua5.4+hook': config.native ? (w) => runNative(benchProgramPath(w.program), scale, DEFAULT_QUANTUM, startup) : 'absent',
  };
  const cells = new Map<string, Cell>();
  const cell = (w: string, c: Column): Cell => {
    const key = `${w}/${c}`;
    return getOrInsertComputed(cells, key, () => ({ cpu: [], wall: [], checksums: new Set<string>() }));
  };

  const total = config.warmups + config.rounds;
  for (let round = 0; round < total; round++) {
    const t0 = performance.now();
    for (const w of WORKLOADS) {
      for (let k = 0; k < COLUMNS.length; k++) {
        const column = COLUMNS[(k + round) % COLUMNS.length]; // a different column goes first each round
        const runner = runners[column];
        const c = cell(w.name, column);
        if (typeof runner === 'string') {
          c.absent = runner;
          continue;
        }
        if (c.error) continue;
        try {
          const s = runner(w);
          c.checksums.add(s.checksum);
          if (round >= config.warmups) {
            c.cpu.push(s.cpuMs);
            c.wall.push(s.wallMs);
          }
        } catch (e) {
          c.error = e instanceof Error ? e.message.split('\n')[0] : String(e);
        }
      }
    }
    log(`  ${vm.name} round ${round + 1}/${total}${round < config.warmups ? ' (warm-up, discarded)' : ''}: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
  return tabulate(config, startup, cell);
}

function tabulate(config: CpuConfig, startupMs: number, cell: (w: string, c: Column) => Cell): CpuResult {
  const label = `${config.vm.name}${config.scale !== 1 ? `, work x${config.scale}` : ''}`;
  const usable = (x: Cell): boolean => !x.absent && !x.error && x.cpu.length > 0;
  const med = (w: string, c: Column): number => (usable(cell(w, c)) ? median(cell(w, c).cpu) : NaN);
  const show = (x: Cell): string => x.absent ?? (x.error ? 'error' : num(median(x.cpu), 1));
  const timeRows: string[][] = [];
  const ratioRows: string[][] = [];
  const overheadMisses: string[] = [];
  const checksumMismatches: string[] = [];
  const errors: string[] = [];
  const series: Record<'overhead' | 'hook' | 'mem' | 'machinery' | 'native' | 'floor' | 'wasm', number[]> = {
    overhead: [],
    hook: [],
    mem: [],
    machinery: [],
    native: [],
    floor: [],
    wasm: [],
  };
  for (const w of WORKLOADS) {
    const all = COLUMNS.map((c) => cell(w.name, c));
    const sums = new Set(all.flatMap((c) => [...c.checksums]));
    const spreadPct = Math.max(0, ...all.filter(usable).map((c) => spread(c.cpu))) * 100;
    COLUMNS.forEach((c, i) => {
      if (all[i].error) errors.push(`${w.name} / ${c}: ${all[i].error}`);
    });
    if (sums.size > 1) checksumMismatches.push(`${w.name}: ${[...sums].join(' | ')}`);
    timeRows.push([w.name, ...all.map(show), `${spreadPct.toFixed(0)}%`, sums.size === 1 ? [...sums][0] : `MISMATCH: ${[...sums].join(' | ')}`]);

    const r = {
      overhead: med(w.name, 'kernel') / med(w.name, 'bare+hook'),
      hook: med(w.name, 'bare+hook') / med(w.name, 'bare'),
      mem: med(w.name, 'bare+hook+mem') / med(w.name, 'bare+hook'),
      machinery: med(w.name, 'kernel') / med(w.name, 'bare+hook+mem'),
      native: med(w.name, 'kernel') / med(w.name, 'lua5.4+hook'),
      floor: med(w.name, 'bare+hook') / med(w.name, 'lua5.4+hook'),
      wasm: med(w.name, 'bare') / med(w.name, 'lua5.4'),
    };
    for (const k of Object.keys(series) as (keyof typeof series)[]) series[k].push(r[k]);
    const marks: string[] = [];
    if (r.overhead > KERNEL_OVERHEAD_TARGET) {
      marks.push(`MISS kernel/bare+hook > ${KERNEL_OVERHEAD_TARGET}`);
      overheadMisses.push(w.name);
    }
    if (sums.size > 1) marks.push('CHECKSUM MISMATCH');
    ratioRows.push([
      w.name,
      ratio(r.overhead),
      ratio(r.hook),
      ratio(r.mem),
      ratio(r.machinery),
      ratio(r.native),
      ratio(r.floor),
      ratio(r.wasm),
      marks.join('; ') || 'ok',
    ]);
  }
  const g = (k: keyof typeof series): number => geomean(series[k].filter(Number.isFinite));
  const nativeGeomean = series.native.every(Number.isFinite) ? g('native') : NaN;
  let geoMark = 'no lua5.4';
  if (Number.isFinite(nativeGeomean))
    geoMark = !config.nativeTarget ? '' : nativeGeomean > NATIVE_GEOMEAN_TARGET ? `MISS geo-mean kernel/lua5.4+hook > ${NATIVE_GEOMEAN_TARGET}` : 'ok';
  ratioRows.push([
    'geo-mean',
    ratio(g('overhead')),
    ratio(g('hook')),
    ratio(g('mem')),
    ratio(g('machinery')),
    ratio(nativeGeomean),
    ratio(g('floor')),
    ratio(g('wasm')),
    geoMark,
  ]);

  // Wall time against CPU time per column: about 1.00 on an idle machine.
  const load = COLUMNS.map((c) => {
    const f = geomean(
      WORKLOADS.map((w) => cell(w.name, c))
        .filter(usable)
        .map((x) => median(x.wall) / median(x.cpu)),
    );
    return Number.isFinite(f) ? `${c} ${f.toFixed(2)}` : null;
  }).filter((x) => x !== null);
  const timeNotes = [
    `CPU ms, median of ${config.rounds} runs after ${config.warmups} discarded warm-up round(s); columns interleaved, a different one first each round; spread = (max-min)/median of the worst column`,
    `kernel: new Kernel + spawn + run to exit (real clock, quantum ${DEFAULT_QUANTUM}, memory limit ${DEFAULT_MEMORY_LIMIT / 2 ** 20} MiB${config.vm.hasMemoryLimit ? '' : ' (not enforced by this VM)'}, sandbox); bare: newState + load + call + close; +hook: a count hook every ${DEFAULT_QUANTUM} instructions answering 'continue'; +mem: the ${DEFAULT_MEMORY_LIMIT / 2 ** 20} MiB limit (the wasm allocator that enforces it)`,
    `Node columns: process.cpuUsage() (user + system) around the run; lua5.4: os.clock() around the chunk in a fresh lua5.4 per run; +hook: debug.sethook(function() end, '', ${DEFAULT_QUANTUM}) before the chunk`,
  ];
  if (load.length)
    timeNotes.push(
      `wall / CPU time (load check, about 1.00 when the machine is otherwise idle): ${load.join(', ')}${config.native ? `; lua5.4 wall time net of ${startupMs.toFixed(1)} ms start-up` : ''}`,
    );
  if (!config.native) timeNotes.push(`lua5.4 is not on PATH: install it with \`${LUA_INSTALL_HINT}\``);
  for (const e of errors) timeNotes.push(`error: ${e}`);
  const ratioNotes = [
    `targets: kernel/bare+hook <= ${KERNEL_OVERHEAD_TARGET} on every workload${config.nativeTarget ? `; geo-mean kernel/lua5.4+hook <= ${NATIVE_GEOMEAN_TARGET}` : ' (the lua5.4 target applies to the default VM only)'}`,
    'mem/b+h = bare+hook+mem / bare+hook (cost of the per-state allocator); kernel/b+h+m = kernel / bare+hook+mem (the kernel and sandbox without the allocator)',
    'b+h/lua5.4+hook: the VM itself against native Lua with the same hook, i.e. the best kernel/lua5.4+hook a zero-cost kernel could reach',
  ];
  return {
    tables: [
      { title: `CPU workloads, ${label}: median CPU ms`, columns: ['workload', ...COLUMNS, 'spread', 'checksum'], rows: timeRows, notes: timeNotes },
      {
        title: `CPU workloads, ${label}: ratios of the medians`,
        columns: [
          'workload',
          'kernel/bare+hook',
          'bare+hook/bare',
          'mem/b+h',
          'kernel/b+h+m',
          'kernel/lua5.4+hook',
          'b+h/lua5.4+hook',
          'bare/lua5.4',
          'targets',
        ],
        rows: ratioRows,
        notes: ratioNotes,
      },
    ],
    overheadMisses,
    nativeGeomean,
    checksumMismatches,
  };
}
