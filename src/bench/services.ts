// init's benchmarks: services started per second in a chain and a fan-out of 100 to 10,000 services (dependency
// resolution must stay near-linear), and the latency of a crashed service's restart, in virtual and host time.
import { installNativeContexts } from '../contexts/index.js';
import { VirtualClock } from '../kernel/clock.js';
import { Kernel } from '../kernel/kernel.js';
import { SeededRandom } from '../kernel/random.js';
import { startInit } from '../init/system.js';
import type { Supervisor } from '../init/supervisor.js';
import { memoryStore, StoreLoader } from '../store/index.js';
import type { Vm } from '../vm/vm.js';
import { num, type Table } from './table.js';

/** Growth of the time per service from one size to the next (10× more services) that still counts as near-linear. */
export const GROWTH_TARGET = 2;

export interface ServicesResult {
  tables: Table[];
  /** The worst growth of time per service between two sizes. */
  worstGrowth: number;
}

/** A kernel with init over a store holding `definitions` (services/NAME.svc) and the program `quick`. */
function system(vm: Vm, definitions: Record<string, string>): { kernel: Kernel; init: Supervisor } {
  const store = memoryStore();
  store.put('programs', 'quick', 'return');
  store.put('programs', 'crash', "error('crash')");
  for (const [name, source] of Object.entries(definitions)) store.put('services', `${name}.svc`, source);
  const kernel = new Kernel({
    vm,
    clock: new VirtualClock(),
    random: new SeededRandom(0),
    loader: new StoreLoader(store),
    output: () => {},
    limits: { processes: 1_000_000, contexts: 1_000_000 },
  });
  installNativeContexts(kernel, { store });
  return { kernel, init: startInit(kernel, store) };
}

/** Host milliseconds to start `n` oneshot services shaped as a chain (each requires the one before) or a fan-out (all require the first). */
function startAll(vm: Vm, shape: 'chain' | 'fan-out', n: number): number {
  const defs: Record<string, string> = {};
  for (let i = 0; i < n; i++) {
    const dep = i === 0 ? '' : `requires = { 's${shape === 'chain' ? i - 1 : 0}' },`;
    defs[`s${i}`] = `{ program = 'quick', type = 'oneshot', ${dep} targets = { 'bench' } }`;
  }
  const { kernel, init } = system(vm, defs);
  const last = init.get(`s${n - 1}`);
  const t0 = performance.now();
  init.startTarget('bench');
  kernel.runUntilIdle({ until: () => last.state.kind === 'ready' });
  return performance.now() - t0;
}

/** A service crashing at once, restarted `restarts` times after a 500 ms backoff: virtual ms per restart, host ms per restart. */
function restartLatency(vm: Vm, restarts: number): { virtualMs: number; hostMs: number } {
  const { kernel, init } = system(vm, {
    crash: `{ program = 'crash', restart = 'always', backoff = { factor = 1 }, start_limit = { burst = ${restarts + 2} } }`,
  });
  const starts: number[] = [];
  init.onChange((s) => {
    if (s.state.kind === 'starting' || s.state.kind === 'ready') starts.push(kernel.now());
  });
  init.start('crash');
  const t0 = performance.now();
  kernel.runUntilIdle({ until: () => starts.length > restarts });
  const hostMs = performance.now() - t0;
  return { virtualMs: (starts[starts.length - 1] - starts[0]) / restarts, hostMs: hostMs / restarts };
}

export function runServices(vm: Vm, sizes: number[], log: (line: string) => void): ServicesResult {
  const rows: string[][] = [];
  let worstGrowth = 0;
  for (const shape of ['chain', 'fan-out'] as const) {
    let previous: number | null = null;
    for (const n of sizes) {
      log(`  ${shape} of ${num(n)}`);
      const ms = startAll(vm, shape, n);
      const perService = ms / n;
      const growth = previous === null ? null : perService / previous;
      if (growth !== null) worstGrowth = Math.max(worstGrowth, growth);
      rows.push([shape, num(n), `${ms.toFixed(0)} ms`, `${num(Math.round((n / ms) * 1000))}/s`, growth === null ? '' : `${growth.toFixed(2)}x`]);
      previous = perService;
    }
  }
  const restart = restartLatency(vm, 100);
  return {
    worstGrowth,
    tables: [
      {
        title: 'init: starting services (oneshots), wasmoon',
        columns: ['shape', 'services', 'host time', 'started', 'time per service vs 10x fewer'],
        rows,
        notes: [`near-linear: the time per service grows at most ${GROWTH_TARGET}x from one size to the next`],
      },
      {
        title: 'init: restart of a crashed service (backoff 500 ms), wasmoon',
        columns: ['measure', 'per restart'],
        rows: [
          ['virtual time, start to next start (the backoff, plus the crash itself)', `${restart.virtualMs.toFixed(3)} ms`],
          ['host time', `${restart.hostMs.toFixed(2)} ms`],
        ],
      },
    ],
  };
}
