// Time in system calls and in C library calls counts toward a slice: on the real clock, a sibling gets its turn
// after about one slice's time (SLICE_BUDGET_MS), not after a quantum of instructions that may take minutes.
import { describe, expect, it } from 'vitest';
import { bootKernel } from '../src/bench/boot.js';
import type { Process } from '../src/kernel/process.js';
import { FactoryLoader } from '../src/store/factory.js';
import { loadVm } from '../src/vm/load.js';

/** Runs the attacker beside a probe that only prints, until the probe has run; returns the attacker's global `count`. */
async function countBeforeProbe(attackerSource: string, runtimes: Record<string, string> = {}): Promise<number> {
  const factory = new FactoryLoader();
  const loader = {
    program: (name: string) => factory.program(name),
    library: (name: string) => factory.library(name),
    runtime: (name: string) => runtimes[name] ?? factory.runtime(name),
  };
  const { kernel, output } = bootKernel(await loadVm('wasmoon'), { loader });
  const attacker = kernel.spawn({ name: 'attacker', source: attackerSource });
  const probe = kernel.spawn({ name: 'probe', source: "print('probe ran')" });
  while (!probe.exit) kernel.step();
  expect(output.stdout).toContain('probe ran\n');
  const count = readGlobal(attacker, 'count');
  kernel.killAll('test over');
  return count;
}

function readGlobal(p: Process, name: string): number {
  const [value] = p.vm.call(p.vm.load(`return ${name}`, '=test'), []);
  if (typeof value !== 'number') throw new Error(`${name} is ${String(value)}`);
  return value;
}

describe('sibling latency on the real clock', () => {
  it('a spawn under a runtime whose prelude never ends returns at once: the prelude spins in the child, the sibling runs', async () => {
    // the prelude runs in the child's own slices, not inside the attacker's os.run (where no hook of the attacker's fires)
    const count = await countBeforeProbe("count = 0 count = os.run('hello', { runtime = 'spin' }) and 1 or -1 while true do end", {
      spin: 'while true do end',
    });
    expect(count).toBe(1); // os.run gave a pid (a prelude run inside os.run would be killed as stuck: nil)
  });

  it('a loop of big C string calls hands the processor on after about one slice', async () => {
    const count = await countBeforeProbe("local s = ('x'):rep(8 * 2^20) count = 0 while true do local u = s:upper() count = count + 1 end");
    expect(count).toBeLessThan(200); // a quantum would be about 1,500 calls of 8 MB each
  });
});
