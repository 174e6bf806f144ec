// os.watchdog(seconds [, message]): a catchable error at the running line once a process has used that much CPU
// time since it last kicked its watchdog (called os.watchdog again); 0 stops it. Both VMs, virtual time.
import { describe, expect, it } from 'vitest';
import { simulate } from '../src/testing.js';
import { VM_NAMES } from '../src/vm/vm.js';

const PROGRAM = `
os.watchdog(0.05, 'stuck here')
print(pcall(function() while true do end end))
for _ = 1, 5 do os.watchdog(0.05, 'stuck here') local x = 0 for i = 1, 3000 do x = x + i end end
print('kicked in time')
os.watchdog(0.05)
print(pcall(table.sort, { 3, 2, 1 }, function() while true do end end))
os.watchdog(0)
local x = 0 for i = 1, 200000 do x = x + i end
print('stopped', pcall(os.watchdog, -1))`;

describe.each(VM_NAMES)('os.watchdog (%s)', (vm) => {
  it('raises its message where the code runs, again a period later, never when kicked in time or stopped', async () => {
    const sim = await simulate({ vm, programs: { main: PROGRAM } });
    const p = sim.spawn('main');
    sim.run();
    expect(sim.output.stdout).toBe(
      [
        'false\tmain:3: stuck here',
        'kicked in time',
        'false\tmain:7: too long without yielding',
        "stopped\tfalse\tbad argument #1 to 'watchdog' (seconds must be a finite number >= 0, got -1)",
        '',
      ].join('\n'),
    );
    expect(p.exit?.code).toBe(0);
  });
});
