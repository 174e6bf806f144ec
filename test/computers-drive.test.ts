// Several computers driven together (driveComputers): a ping-pong over modems, where each computer waits while the
// other answers in the same round, runs to its end on both VMs — a round in which any computer ran is no deadlock.
import { describe, expect, it } from 'vitest';
import { driveComputers } from '../src/cli/computers.js';
import { installNativeContexts } from '../src/contexts/index.js';
import { Peripherals } from '../src/contexts/peripheral.js';
import { peripheralType } from '../src/devices/peripherals/registry.js';
import { World } from '../src/devices/peripherals/world.js';
import { VirtualClock } from '../src/kernel/clock.js';
import { Kernel } from '../src/kernel/kernel.js';
import { SeededRandom } from '../src/kernel/random.js';
import { FactoryLoader } from '../src/store/factory.js';
import { loadVm } from '../src/vm/load.js';
import { VM_NAMES } from '../src/vm/vm.js';

const PING = `local c = os.rpc(0).peripheral.call
c('top', 'open', 2)
for i = 1, 5 do c('top', 'transmit', 1, 2, i) print('ping got', os.pull('modem_message').message) end`;
const PONG = `local c = os.rpc(0).peripheral.call
c('top', 'open', 1)
for i = 1, 5 do local e = os.pull('modem_message') c('top', 'transmit', e.replyChannel, 1, e.message * 10) end`;

describe.each(VM_NAMES)('driveComputers on %s', (vm) => {
  it('runs a ping-pong between two computers to its end', async () => {
    const engine = await loadVm(vm);
    const clock = new VirtualClock();
    const world = new World();
    let out = '';
    const computer = (id: number, source: string) => {
      const output = (_pid: number, _stream: string, text: string): void => {
        out += text;
      };
      const kernel = new Kernel({ vm: engine, clock, random: new SeededRandom(0), loader: new FactoryLoader(), output });
      const peripherals = new Peripherals(kernel, world, id);
      peripherals.attach('top', peripheralType('modem'));
      installNativeContexts(kernel, { peripherals });
      return { id, kernel, process: kernel.spawn({ name: `c${id}`, source }) };
    };
    // the answering computer first, so its channel is open before the first ping
    const result = await driveComputers([computer(1, PONG), computer(0, PING)], clock);
    expect(result.kind).toBe('exited');
    expect(out).toBe([10, 20, 30, 40, 50].map((n) => `ping got\t${n}\n`).join(''));
  });
});
