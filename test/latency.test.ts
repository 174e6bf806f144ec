// Time in system calls and in C library calls counts toward a slice: on the real clock, a sibling gets its turn
// after about one slice's time (SLICE_BUDGET_MS), not after a quantum of instructions that may take minutes.
import { describe, expect, it } from 'vitest';
import { bootKernel } from '../src/bench/boot.js';
import type { Process } from '../src/kernel/process.js';
import { FactoryLoader } from '../src/store/factory.js';
import { loadVm } from '../src/vm/load.js';

/** A kernel on the real clock whose store has the factory's programs and runtimes, and `runtimes`. */
async function boot(runtimes: Record<string, string> = {}): Promise<ReturnType<typeof bootKernel>> {
  const factory = new FactoryLoader();
  const loader = {
    program: (name: string) => factory.program(name),
    library: (name: string) => factory.library(name),
    runtime: (name: string) => runtimes[name] ?? factory.runtime(name),
  };
  return bootKernel(await loadVm('wasmoon'), { loader });
}

/** Runs the attacker beside a probe that only prints, until the probe has run; returns the attacker's global `count`. */
async function countBeforeProbe(attackerSource: string): Promise<number> {
  const { kernel, output } = await boot();
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
  it('a spawn under a runtime whose prelude never ends gives a pid; the child spins in its own slices beside the others', async () => {
    // a prelude run inside the parent's os.run (where no hook of the parent's fires) would be killed as stuck: nil
    const { kernel, output } = await boot({ spin: 'while true do end' });
    const parent = kernel.spawn({ name: 'parent', source: "print(os.run('hello', { runtime = 'spin' }) ~= nil) while true do end" });
    const probe = kernel.spawn({ name: 'probe', source: "print('probe ran')" });
    while (!probe.exit || !/true|false/.test(output.stdout)) kernel.step();
    expect(output.stdout).toContain('probe ran\n');
    expect(output.stdout).toContain('true\n');
    const child = [...kernel.processes.values()].find((p) => p.ppid === parent.pid);
    if (!child) throw new Error('no child');
    while (child.counters.slices < 3) kernel.step();
    expect(child.exit).toBeNull(); // preempted in its prelude, again and again
    expect(child.counters.preemptions).toBeGreaterThanOrEqual(3);
    kernel.killAll('test over');
  });

  it('a loop of big C string calls hands the processor on after about one slice', async () => {
    const count = await countBeforeProbe("count = 0 local s = ('x'):rep(8 * 2^20) while true do local u = s:upper() count = count + 1 end");
    expect(count).toBeLessThan(200); // a quantum would be about 1,500 calls of 8 MB each
  });
});
