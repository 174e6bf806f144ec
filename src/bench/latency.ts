// The sibling-latency probe: a well-behaved process measures the longest gap between its own turns while an
// attacker process runs one starvation class (bulk C string calls, full collections, huge loads, costly spawns...).
import { FactoryLoader } from '../store/factory.js';
import type { Vm } from '../vm/vm.js';
import { bootKernel } from './boot.js';
import type { Table } from './table.js';

/** The longest pause a sibling may see at the default quantum (issue 6's target). */
export const LATENCY_TARGET_MS = 100;

/** The probe: small steps of work, reading the clock after each; prints its longest gap in milliseconds. */
const PROBE = `
local seconds = tonumber(...)
local start = os.epoch()
local last, worst = start, 0
while last - start < seconds * 1000 do
  local x = 0
  for i = 1, 200 do x = x + i end
  local now = os.epoch()
  if now - last > worst then worst = now - last end
  last = now
end
print(worst)`;

/** A runtime whose prelude spins (in the child's own slices: the parent's os.run returns at once). */
const SPINNING_RUNTIME = 'local x = 0 for i = 1, 2e7 do x = x + i end';

/** Each starvation class, as an attacker program that never ends by itself. */
export const ATTACKERS: ReadonlyArray<{ name: string; source: string }> = [
  { name: 'Lua loop (baseline)', source: 'while true do end' },
  { name: 'string.upper on 16 MB, in a loop', source: "local s = ('x'):rep(16 * 2^20) while true do local u = s:upper() end" },
  { name: 'table.concat of 1M pieces, in a loop', source: "local t = {} for i = 1, 1e6 do t[i] = 'ab' end while true do local s = table.concat(t) end" },
  { name: "collectgarbage('collect') over 300k tables", source: "local t = {} for i = 1, 3e5 do t[i] = { i } end while true do collectgarbage('collect') end" },
  {
    name: 'load of a chunk with 32,000 labels',
    source: "local p = {} for i = 1, 32000 do p[i] = '::l' .. i .. '::' end local src = table.concat(p, ' ') while true do load(src) end",
  },
  { name: 'os.run + os.wait under a spinning runtime prelude', source: "while true do os.wait(os.run('hello', { runtime = 'spin' })) end" },
  // the preludes run in the children's slices: unwaited, the children pile up, all ready at once
  { name: 'os.run under a spinning prelude, unwaited (children pile up)', source: "while true do os.run('hello', { runtime = 'spin' }) end" },
  { name: 'os.cancel over 500,000 timers', source: 'for i = 1, 5e5 do os.timer(1e6) end while true do os.cancel(os.timer(1e6)) end' },
];

export interface LatencyResult {
  tables: Table[];
  rows: Array<{ name: string; worstMs: number; met: boolean }>;
}

/** Runs the probe beside each attacker for `seconds` and reports the probe's longest gap. */
export function runLatency(vm: Vm, seconds: number, log: (line: string) => void): LatencyResult {
  const rows: LatencyResult['rows'] = [];
  for (const attacker of ATTACKERS) {
    log(`  latency: ${attacker.name}`);
    rows.push({ name: attacker.name, worstMs: probeBeside(vm, attacker.source, seconds), met: false });
  }
  const baseline = rows[0].worstMs;
  for (const r of rows) r.met = r.worstMs <= LATENCY_TARGET_MS;
  return {
    rows,
    tables: [
      {
        title: `Sibling latency: the probe's longest gap between turns, ${seconds} s beside each attacker (wasmoon, default quantum)`,
        columns: ['attacker', 'longest gap', 'vs baseline', `<= ${LATENCY_TARGET_MS} ms`],
        rows: rows.map((r) => [r.name, `${r.worstMs.toFixed(0)} ms`, `${(r.worstMs / Math.max(baseline, 1)).toFixed(1)}x`, r.met ? 'met' : 'MISSED']),
        notes: [
          'baseline: a plain Lua loop, preempted by the count hook; the others spend their time where no hook fires',
          "unwaited spawns: the attacker's children share its tree's turns (round-robin by tree); what remains is the host's (GC, memory growth)",
        ],
      },
    ],
  };
}

function probeBeside(vm: Vm, attackerSource: string, seconds: number): number {
  const factory = new FactoryLoader();
  const loader = {
    program: (name: string) => factory.program(name),
    library: (name: string) => factory.library(name),
    runtime: (name: string) => (name === 'spin' ? SPINNING_RUNTIME : factory.runtime(name)),
  };
  const { kernel, output } = bootKernel(vm, { loader });
  kernel.spawn({ name: 'attacker', source: attackerSource });
  const probe = kernel.spawn({ name: 'probe', source: PROBE, args: [String(seconds)] });
  while (!probe.exit) {
    const r = kernel.step();
    if (r.kind === 'deadlock' || r.kind === 'done') break;
  }
  kernel.killAll('benchmark over');
  const worst = Number(output.stdout.trim().split('\n').pop());
  if (!Number.isFinite(worst)) throw new Error(`the latency probe printed no figure (${probe.exit?.message ?? 'no exit'}): ${output.stderr}`);
  return worst;
}
