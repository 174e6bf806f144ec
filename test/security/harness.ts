// The attack suite's harness: one hostile Lua program run on a deterministic kernel (src/testing.ts), its
// output and exit checked; an attack is a name, a program and the outcome the sandbox promises.
import { expect, it } from 'vitest';
import { simulate } from '../../src/testing.js';
import type { VmName } from '../../src/vm/vm.js';

export interface Attack {
  /** What the program tries. */
  name: string;
  src: string;
  /** The whole standard output, or a pattern it must match. */
  out: string | RegExp;
  /** The first process's exit, when it is not a normal one. */
  exit?: { kind: string; message?: string | RegExp };
  /** More programs in the store, by name. */
  programs?: Record<string, string>;
  memoryLimit?: number;
  /** Only on this VM (a Lua 5.4 feature). */
  only?: VmName;
}

/** Runs one attack to its end (virtual time bounded: the kernel's clock, not the wall's). */
export async function attack(vm: VmName, a: Attack) {
  const sim = await simulate({ vm, programs: { main: a.src, ...a.programs }, memoryLimit: a.memoryLimit });
  const p = sim.spawn('main');
  sim.run({ deadlineMs: 600_000 });
  expect(sim.check()).toEqual([]);
  return { out: sim.output.stdout, err: sim.output.stderr, exit: p.exit, sim };
}

/** One vitest case per attack. */
export function attacks(vm: VmName, list: Attack[]): void {
  for (const a of list) {
    if (a.only && a.only !== vm) continue;
    it(a.name, async () => {
      const r = await attack(vm, a);
      if (typeof a.out === 'string') expect(r.out).toBe(a.out);
      else expect(r.out).toMatch(a.out);
      if (a.exit) expect(r.exit).toMatchObject(a.exit);
      else expect(r.exit).toMatchObject({ kind: 'exited', code: 0 });
    });
  }
}
