// `npm run soak`: runs the soak (src/bench/soak.ts) on one VM, prints its figures as tables and exits 1 when
// something stayed behind or a call went unanswered. Options: --quick, --vm wasmoon|fengari, --scale X.
import { loadVm } from '../vm/load.js';
import { VM_NAMES, type VmName } from '../vm/vm.js';
import { FENGARI_SCALE, FULL, HEAP_TOLERANCE, HOLDING_NAMES, QUICK, runSoak, type SoakCounts, type SoakResult } from './soak.js';
import { num, renderText, type Table } from './table.js';

class UsageError extends Error {}

function parseArgs(argv: string[]): { quick: boolean; vm: VmName; scale: number | null } {
  let quick = false;
  let vm: VmName = 'wasmoon';
  let scale: number | null = null;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--quick') quick = true;
    else if (a === '--vm') {
      const name = VM_NAMES.find((n) => n === argv[i + 1]);
      if (!name) throw new UsageError(`--vm takes ${VM_NAMES.join(' or ')}`);
      vm = name;
      i++;
    } else if (a === '--scale') {
      scale = Number(argv[++i]);
      if (!(scale > 0)) throw new UsageError('--scale takes a number above 0 (a fraction of the default counts)');
    } else throw new UsageError(`unknown option ${a} (use --quick, --vm wasmoon|fengari, --scale X)`);
  }
  return { quick, vm, scale };
}

function scaled(counts: SoakCounts, by: number): SoakCounts {
  return {
    processes: counts.processes * by,
    rpc: counts.rpc * by,
    native: counts.native * by,
    tasks: counts.tasks * by,
    crashCalls: counts.crashCalls * by,
  };
}

const MB = 1024 * 1024;

function tables(r: SoakResult): Table[] {
  const work: Table = {
    title: `Soak, ${r.vm}`,
    columns: ['phase', 'count', 'CPU s', 'wall s', 'per CPU second', 'reported'],
    rows: r.phases.map((p) => [
      p.phase,
      num(p.count),
      num(p.cpuMs / 1000, 1),
      num(p.wallMs / 1000, 1),
      num(p.count / (p.cpuMs / 1000)),
      Object.entries(p.report)
        .map(([k, v]) => `${k}=${v}`)
        .join(' '),
    ]),
    notes: ['one kernel (virtual clock, seeded) for every phase; each phase ran once at 1/50 of its count first (the baseline)'],
  };
  const held: Table = {
    title: 'What stayed behind',
    columns: ['held', 'baseline', 'after', 'status'],
    rows: HOLDING_NAMES.map((name) => {
      const [before, after] = [r.before.holdings[name], r.after.holdings[name]];
      return [name, num(before), num(after), before === after ? 'ok' : 'LEAK'];
    }),
  };
  const grown = r.after.heapUsed - r.before.heapUsed;
  held.rows.push(
    ['host heapUsed after a full GC, MB', num(r.before.heapUsed / MB, 1), num(r.after.heapUsed / MB, 1), grown <= HEAP_TOLERANCE ? 'ok' : 'LEAK'],
    ['calls without an answer', '0', num(r.unanswered), r.unanswered === 0 ? 'ok' : 'LOST'],
  );
  held.notes = [`host heap tolerance ${num(HEAP_TOLERANCE / MB)} MB; every other row must be equal`];
  return [work, held];
}

async function main(): Promise<void> {
  const { quick, vm: name, scale } = parseArgs(process.argv.slice(2));
  const base = quick ? QUICK : FULL;
  const counts = scaled(base, scale ?? (name === 'fengari' && !quick ? FENGARI_SCALE : 1));
  const vm = await loadVm(name);
  const log = (line: string): void => {
    process.stderr.write(`${line}\n`);
  };
  const result = runSoak(vm, counts, log);
  for (const t of tables(result)) process.stdout.write(`${renderText(t)}\n\n`);
  for (const f of result.failures) process.stdout.write(`FAIL ${f}\n`);
  process.exitCode = result.failures.length === 0 ? 0 : 1;
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof UsageError ? e.message : e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exitCode = e instanceof UsageError ? 2 : 1;
});
