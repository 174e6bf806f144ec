// The peripheral native context on both VMs: names, types and methods; modems (wireless and wired, channels,
// copied payloads, distance), a monitor (drawing, text scale, touch), a redstone relay, errors, detach events.
import { describe, expect, it } from 'vitest';
import { simulate } from '../src/testing.js';
import { VM_NAMES } from '../src/vm/vm.js';

const MAIN = `
local P = os.rpc(0).peripheral
local c = P.call
print(table.concat(P.getNames(), ','))
print(P.isPresent('top'), P.isPresent('front'), P.getType('top'), P.getType('back'), P.getType('front'))
print(table.concat(P.getMethods('top'), ','))
c('bottom', 'open', 7)
c('back', 'open', 7)
print(c('bottom', 'isOpen', 7), c('top', 'isOpen', 7), c('top', 'isWireless'), c('back', 'isWireless'))
local payload = { hello = 'world', n = { 1, 2 } }
c('top', 'transmit', 7, 9, payload)
payload.hello = 'changed after sending'
local e = os.pull('modem_message')
print(e.side, e.channel, e.replyChannel, e.message.hello, e.message.n[2], e.distance, e[1], e[4] == e.message, e[5])
c('right', 'write', 'hi')
print(c('right', 'getSize'))
c('right', 'setTextScale', 2)
print(c('right', 'getSize'), c('right', 'getTextScale'), c('right', 'getLine', 1))
c('right', 'touch', 3, 4)
e = os.pull('monitor_touch')
print(e.side, e.x, e.y)
c('left', 'setOutput', 'top', true)
print(c('left', 'getOutput', 'top'), c('left', 'getAnalogOutput', 'top'), c('left', 'getInput', 'top'))
c('left', 'driveInput', 'back', 9)
os.pull('redstone')
print(c('left', 'getAnalogInput', 'back'), c('left', 'getInput', 'back'))
for _, bad in ipairs({ { 'front', 'x' }, { 'top', 'fly' }, { 'top', 'open', 70000 }, { 'left', 'getInput', 'up' }, { 'right', 'setTextScale', 0.7 } }) do
  print(select(2, pcall(c, table.unpack(bad))))
end
print('waiting')
local d = os.pull('peripheral_detach')
print('detached', d.side, d[1], P.isPresent('top'))
`;

describe.each(VM_NAMES)('the peripheral context on %s', (vm) => {
  it('serves modems, a monitor and a redstone relay, and tells of a detach', async () => {
    const sim = await simulate({
      vm,
      programs: { main: MAIN },
      peripherals: { top: 'modem', bottom: 'modem', back: 'wired_modem', right: 'monitor', left: 'redstone_relay' },
    });
    const p = sim.spawn('main');
    sim.run({ until: () => sim.output.stdout.includes('waiting') });
    expect(sim.peripherals.detach('top')).toBe(true);
    sim.run({ until: () => p.exit !== null });
    expect(sim.check()).toEqual([]);
    expect(sim.output.stderr).toBe('');
    expect(sim.output.stdout.split('\n')).toEqual([
      'back,bottom,left,right,top',
      'true\tfalse\tmodem\tmodem\tnil',
      'close,closeAll,isOpen,isWireless,open,transmit',
      'true\tfalse\ttrue\tfalse',
      'bottom\t7\t9\tworld\t2\t0.0\tbottom\ttrue\t0.0',
      '39\t19',
      '20\t2.0\thi                  \t00000000000000000000\tffffffffffffffffffff',
      'right\t3\t4',
      'true\t15\tfalse',
      '9\ttrue',
      "main:28: call 'peripheral.call' failed: error: No peripheral attached on 'front'",
      "main:28: call 'peripheral.call' failed: error: No such method fly on modem 'top'",
      "main:28: call 'peripheral.call' failed: bad argument #1 to 'modem.open' (Expected number in range 0-65535)",
      "main:28: call 'peripheral.call' failed: error: Invalid side 'up'",
      "main:28: call 'peripheral.call' failed: error: Expected number in range 0.5-5",
      'waiting',
      'detached\ttop\ttop\tfalse',
      '',
    ]);
  });
});
