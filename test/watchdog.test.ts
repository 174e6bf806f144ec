// os.watchdog(seconds [, message [, on_pull]]): a catchable error at the running line once a process has used that
// much CPU time since it last kicked its watchdog (called os.watchdog again, or, with on_pull, took an event with an
// unfiltered os.pull); 0 stops it. Both VMs, virtual time.
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

/** Work of a few ms, ten times (twice the period in all): kicked by unfiltered pulls (a queued event, then a timer's
 *  event that wakes a blocked pull), never by a filtered one. */
const ON_PULL = `
local function work() local x = 0 for i = 1, 200000 do x = x + i end end
os.watchdog(0.02, 'stuck here', true)
for _ = 1, 10 do work() os.queue({ type = 'e' }) os.pull() end
print('kicked by queued events')
for _ = 1, 10 do work() os.timer(0) os.pull() end
print('kicked by a woken pull')
print(pcall(function() for _ = 1, 10 do work() os.queue({ type = 'e' }) os.pull('e') end end))
os.watchdog(0.02, 'stuck here')
print(pcall(function() for _ = 1, 10 do work() os.queue({ type = 'e' }) os.pull() end end))`;

/** A runaway pattern match: the watchdog's words without a position while one is set, thox's own otherwise. */
const PATTERN = `
local s, p = ('a'):rep(1e5), '.-.-.-.-.-b$'
os.watchdog(5, 'Too long without yielding')
print(pcall(function() local r = s:find(p) return r end))
os.watchdog(0)
print(pcall(function() local r = s:find(p) return r end))`;

describe.each(VM_NAMES)('os.watchdog (%s)', (vm) => {
  it('words a runaway pattern match with its message, without a position, while it is set', async () => {
    const sim = await simulate({ vm, programs: { main: PATTERN } });
    sim.spawn('main');
    sim.run();
    expect(sim.output.stdout).toBe(['false\tToo long without yielding', 'false\tmain:6: too long without yielding (pattern matching)', ''].join('\n'));
  });

  it('with on_pull, restarts its count at each event an unfiltered pull takes, and only then', async () => {
    const sim = await simulate({ vm, programs: { main: ON_PULL } });
    sim.spawn('main');
    sim.run();
    expect(sim.output.stdout).toBe(
      ['kicked by queued events', 'kicked by a woken pull', 'false\tmain:2: stuck here', 'false\tmain:2: stuck here', ''].join('\n'),
    );
  });

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
