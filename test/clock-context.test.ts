// The clock native context on both VMs, on the virtual clock: timers rounded to 50 ms ticks, cancelling,
// alarms at in-game hours (today's and tomorrow's), the in-game day and time, epochs, argument errors.
import { describe, expect, it } from 'vitest';
import { simulate } from '../src/testing.js';
import { VM_NAMES } from '../src/vm/vm.js';

const MAIN = `
local clock = os.rpc(0).clock
print('start', clock.ticks(), clock.day(), clock.time())
local a = clock.startTimer(0.07)
local b = clock.startTimer(0)
local e = os.pull('timer')
print('first', e.id == b, e[1] == b, clock.ticks())
e = os.pull('timer')
print('second', e.id == a, clock.ticks())
local c = clock.startTimer(1)
print('cancel', clock.cancel(c), clock.cancel(c), clock.cancel(a))
local today = clock.setAlarm(6.5)
e = os.pull('alarm')
print('alarm', e.id == today, clock.ticks(), clock.day(), clock.time())
clock.setAlarm(6)
os.pull('alarm')
print('tomorrow', clock.ticks(), clock.day(), clock.time())
print('epoch', clock.epoch('utc') - 946684800000 == 1200 * 1000, clock.epoch() == (24000 + 6000 + 24000) * 3600)
for _, bad in ipairs({ function() clock.startTimer(-1) end, function() clock.setAlarm(24) end, function() clock.epoch('mars') end }) do
  print(select(2, pcall(bad)))
end
`;

describe.each(VM_NAMES)('the clock context on %s', (vm) => {
  it('serves tick timers, alarms and the in-game clock on the virtual clock', async () => {
    const sim = await simulate({ vm, programs: { main: MAIN } });
    const p = sim.spawn('main');
    sim.run({ until: () => p.exit !== null });
    expect(sim.check()).toEqual([]);
    expect(sim.output.stderr).toBe('');
    expect(sim.output.stdout.split('\n')).toEqual([
      'start\t0\t1\t6.0',
      'first\ttrue\ttrue\t1',
      'second\ttrue\t2',
      'cancel\ttrue\tfalse\tfalse',
      'alarm\ttrue\t500\t1\t6.5',
      'tomorrow\t24000\t2\t6.0',
      'epoch\ttrue\ttrue',
      "call 'clock.startTimer' failed: bad argument #1 to 'clock.startTimer' (seconds must be a finite number >= 0, got -1)",
      "call 'clock.setAlarm' failed: bad argument #1 to 'clock.setAlarm' (number out of range)",
      "call 'clock.epoch' failed: bad argument #1 to 'clock.epoch' (unsupported operation 'mars' (utc, local or ingame))",
      '',
    ]);
  });
});
