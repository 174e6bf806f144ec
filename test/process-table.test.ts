// The process table under random spawns, exits and waits (fast-check): parents stay consistent, a dead
// parent leaves no orphans, kill rights reach adopted descendants, and only collectable records stay.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Process } from '../src/kernel/process.js';
import { ProcessTable } from '../src/kernel/process-table.js';

type Op = { op: 'spawn'; parent: number } | { op: 'exit'; who: number } | { op: 'wait'; who: number };

/** The fields of a process record the table reads. */
function record(pid: number, ppid: number): Process {
  return { pid, ppid, exit: null, children: new Set<number>() } as unknown as Process;
}

/** Applies one operation the way the kernel does; `who`/`parent` index into the current records. */
function apply(table: ProcessTable, op: Op, ancestors: Map<number, Set<number>>): void {
  const all = [...table.values()];
  if (op.op === 'spawn') {
    const live = all.filter((p) => !p.exit);
    const parent = live.length === 0 ? null : live[op.parent % live.length];
    const p = record(table.newPid(), parent?.pid ?? 0);
    table.add(p);
    ancestors.set(p.pid, new Set([...(parent ? ancestors.get(parent.pid)! : []), ...(parent ? [parent.pid] : [])]));
    return;
  }
  if (all.length === 0) return;
  const target = all[op.who % all.length];
  if (op.op === 'exit' && !target.exit) {
    target.exit = { code: 0, kind: 'exited' };
    table.rehome(target);
  } else if (op.op === 'wait' && target.exit) {
    table.reap(target.pid);
  }
}

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ op: fc.constant('spawn' as const), parent: fc.nat(50) }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('exit' as const), who: fc.nat(50) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('wait' as const), who: fc.nat(50) }) },
);

describe('process table', () => {
  it('keeps parents consistent, leaves no orphans, and lets every live ancestor reach its descendants', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 120 }), (ops) => {
        const table = new ProcessTable();
        const ancestors = new Map<number, Set<number>>(); // pid → every process above it when it was spawned
        for (const op of ops) apply(table, op, ancestors);
        for (const p of table.values()) {
          if (p.ppid !== 0) {
            const parent = table.get(p.ppid);
            expect(parent, `parent of ${p.pid}`).toBeDefined();
            expect(parent!.exit, `a record's parent is running (pid ${p.pid})`).toBeNull();
            expect(parent!.children.has(p.pid)).toBe(true);
          }
          for (const c of p.children) expect(table.get(c)?.ppid).toBe(p.pid);
          if (p.exit) expect(p.children.size, 'an ended process has no children').toBe(0);
          if (!p.exit) {
            for (const a of ancestors.get(p.pid)!) {
              const ancestor = table.get(a);
              if (ancestor && !ancestor.exit) expect(table.isDescendant(p.pid, a), `${a} reaches ${p.pid}`).toBe(true);
            }
          }
        }
        expect(table.live().every((p) => !p.exit)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('reaps only ended processes; a failed spawn is taken back from its parent', () => {
    const table = new ProcessTable();
    const parent = record(table.newPid(), 0);
    table.add(parent);
    const child = record(table.newPid(), parent.pid);
    table.add(child);
    table.reap(child.pid);
    expect(table.get(child.pid)).toBe(child);
    table.remove(child.pid);
    expect(table.get(child.pid)).toBeUndefined();
    expect(parent.children.size).toBe(0);
    expect([table.newPid(), table.newPid()]).toEqual([3, 4]); // pids are never reused
  });
});
