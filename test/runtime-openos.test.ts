// The tutorial runtime of docs/runtimes.md (runtimes/openos.lua): component over the peripheral device, computer
// signals over the event queue, an os without thox's natives, and errors blamed on the program's line.
import { describe, expect, it } from 'vitest';
import { simulate } from '../src/testing.js';
import { VM_NAMES } from '../src/vm/vm.js';

const PROGRAM = `
for address, kind in component.list("mod") do print("listed", address, kind) end
print("none", next(component.list("drive")))
local modem = component.proxy("top")
print("proxy", modem.type, modem.address, modem.isOpen(5))
modem.open(5)
print("invoke", component.invoke("top", "isOpen", 5), component.type("top"), component.type("left"))
print("missing", component.proxy("left"))
computer.pushSignal("hello", 1, "two")
print("signal", computer.pullSignal())
print("timeout", computer.pullSignal(0.1))
print("natives", os.run, os.call, os.pull, os.spawn, type(os.time()), computer.uptime() >= 0)
print(select(2, pcall(function() component.invoke("top", "open", 1e9) end)))
print(select(2, pcall(function() modem.open("x") end)))
print(select(2, pcall(component.list, 5)))
`;

describe.each(VM_NAMES)('the openos tutorial runtime (%s)', (vm) => {
  it('gives component, computer and a narrowed os, with errors at the caller', async () => {
    const sim = await simulate({ vm, programs: { main: PROGRAM }, peripherals: { top: 'modem' } });
    const p = sim.spawn('main', [], 'openos');
    sim.run();
    expect(sim.output.stderr).toBe('');
    expect(sim.output.stdout.split('\n')).toEqual([
      'listed\ttop\tmodem',
      'none\tnil',
      'proxy\tmodem\ttop\tfalse',
      'invoke\ttrue\tmodem\tnil',
      'missing\tnil\tno such component',
      'signal\thello\t1\ttwo',
      'timeout',
      'natives\tnil\tnil\tnil\tnil\tnumber\ttrue',
      "main:13: bad argument #1 to 'modem.open' (Expected number in range 0-65535)",
      "main:14: bad argument #1 to 'modem.open' (integer expected, got string)",
      "bad argument #1 to 'list' (string expected, got number)",
      '',
    ]);
    expect(p.exit?.code).toBe(0);
  });
});
