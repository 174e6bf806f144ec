// Attacks on os.watchdog as the craftos runtime kicks it at each pulled event (runtimes/craftos.events.lua), on both VMs: a
// CC program that pulls its own events in a tight loop is never "too long without yielding" (as in CC), yet the
// kernel's preemption still shares the processor with its siblings; one that never pulls gets CC's error.
import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/testing.js';
import { VM_NAMES } from '../../src/vm/vm.js';

const PROGRAMS = {
  puller: "while true do os.queueEvent('x') os.pullEvent('x') end",
  spinner: 'while true do end',
  sibling: "for _ = 1, 50 do os.sleep(0.01) end print('sibling done')",
};

describe.each(VM_NAMES)('the craftos watchdog on %s', (vm) => {
  it('a tight pull loop keeps the watchdog kicked but does not starve a sibling', async () => {
    const sim = await simulate({ vm, programs: PROGRAMS });
    const cc = sim.kernel.spawn({ name: 'puller', args: [], runtime: 'craftos' });
    const sibling = sim.spawn('sibling');
    sim.run({ until: () => sibling.exit !== null, deadlineMs: 60_000 });
    expect(sim.output.stdout).toBe('sibling done\n');
    expect(sibling.exit).toMatchObject({ kind: 'exited', code: 0 });
    expect(cc.exit).toBeNull();
  });

  it('a loop that never pulls gets "Too long without yielding" while the sibling runs on', async () => {
    const sim = await simulate({ vm, programs: PROGRAMS });
    const env = new Map([['CRAFTOS_YIELD_TIMEOUT', '0.2']]);
    const cc = sim.kernel.spawn({ name: 'spinner', args: [], runtime: 'craftos', env });
    const sibling = sim.spawn('sibling');
    sim.run({ until: () => sibling.exit !== null && cc.exit !== null, deadlineMs: 60_000 });
    expect(sim.output.stdout).toBe('sibling done\n');
    expect(cc.exit).toMatchObject({ kind: 'exited', code: 1 });
    const rows = Array.from({ length: sim.terminal.height }, (_, y) => sim.terminal.getLine(y + 1)?.[0] ?? '');
    expect(rows.join('\n')).toContain('Too long without yielding');
  });
});
