// rednet, gps and disk (rom/apis) on one computer, on both VMs: rednet's channels on a modem, messages to itself,
// receive's timeout and protocol filter, hosting and lookup; gps.locate trilaterating GPS answers (queued as modem
// messages); disk with no drive attached. Two computers talking rednet: test/craftos-rednet-cli.test.ts.
import { describe, expect, it } from 'vitest';
import { VM_NAMES } from '../src/vm/vm.js';
import { runCraftos } from './craftos-libs-harness.js';

describe.each(VM_NAMES)('rednet on one computer on %s', (vm) => {
  it('opens modems, delivers messages to itself, filters by protocol and times out', async () => {
    const { out } = await runCraftos(
      vm,
      `
      print(rednet.CHANNEL_BROADCAST, rednet.CHANNEL_REPEAT, rednet.MAX_ID_CHANNELS)
      print(rednet.isOpen(), rednet.isOpen('top'))
      rednet.open('top')
      print(rednet.isOpen(), rednet.isOpen('top'), peripheral.call('top', 'isOpen', 65535), peripheral.call('top', 'isOpen', os.getComputerID()))
      print(pcall(rednet.open, 'left'))
      print(pcall(rednet.send, 'x', 'hi'))
      do -- rednet.run runs beside the program, as beside CraftOS's shell
        print(rednet.send(os.getComputerID(), 'to myself', 'chat'))
        print(rednet.receive())
        rednet.send(os.getComputerID(), { n = 1 }, 'other')
        rednet.send(os.getComputerID(), 'wanted', 'chat')
        local id, message, protocol = rednet.receive('chat', 1)
        print(id, message, protocol)
        local t = os.clock()
        print(rednet.receive('nothing', 0.5), os.clock() - t >= 0.5)
        print(rednet.receive(0.2))
      end
      print(pcall(rednet.run))
      rednet.close('top')
      print(rednet.isOpen('top'), peripheral.call('top', 'isOpen', 65535))
      rednet.open('top'); rednet.close()
      print(rednet.isOpen())
      `,
      { peripherals: { top: 'modem' } },
    );
    expect(out).toBe(
      [
        '65535\t65533\t65500',
        'false\tfalse',
        'true\ttrue\ttrue\ttrue',
        'false\tNo such modem: left',
        'false\tbad argument #1 (number expected, got string)',
        'true',
        '0\tto myself\tchat',
        '0\twanted\tchat',
        'nil\ttrue',
        'nil',
        'false\trednet is already running',
        'false\tfalse',
        'false',
        '',
      ].join('\n'),
    );
  });

  it('hosts names it then finds, and refuses reserved ones', async () => {
    const { out } = await runCraftos(
      vm,
      `
      rednet.open('top')
      print(select('#', rednet.lookup('chat')))
      rednet.host('chat', 'alpha')
      print(rednet.lookup('chat'))
      print(rednet.lookup('chat', 'alpha'), rednet.lookup('chat', 'localhost'), rednet.lookup('chat', 'beta'))
      print(pcall(rednet.host, 'chat', 'localhost'))
      rednet.unhost('chat')
      print(rednet.lookup('chat', 'alpha'))
      `,
      { peripherals: { top: 'modem' } },
    );
    expect(out).toBe(['0', '0', '0\t0\tnil', 'false\tReserved hostname', 'nil', ''].join('\n'));
  });
});

describe.each(VM_NAMES)('gps on %s', (vm) => {
  it('locates from four GPS answers, says what it does with debug, and fails without a modem or answers', async () => {
    const { out, terminal } = await runCraftos(
      vm,
      `
      local function answer(x, y, z, distance)
        os.queueEvent('modem_message', 'top', gps.CHANNEL_GPS, gps.CHANNEL_GPS, { x, y, z }, distance)
      end
      print(gps.CHANNEL_GPS)
      -- this computer stands at (1, 2, 3); three hosts leave two mirror images, the fourth decides
      answer(11, 2, 3, 10)
      answer(1, 22, 3, 20)
      answer(1, 2, 33, 30)
      answer(1, 2, -37, 40)
      print(gps.locate(1, true))
      print(peripheral.call('top', 'isOpen', gps.CHANNEL_GPS))
      answer(11, 2, 3, 10)
      answer(1, 22, 3, 20)
      answer(1, 2, 33, 30)
      print(gps.locate(0.5))
      answer(5, 5, 5, 0) -- a host where this computer stands
      print(gps.locate())
      print(gps.locate(0.5))
      print(pcall(gps.locate, 'soon'))
      `,
      { peripherals: { top: 'modem' } },
    );
    expect(out).toBe(['65534', '1\t2\t3', 'false', 'nil', '5\t5\t5', 'nil', 'false\tbad argument #1 (number expected, got string)', ''].join('\n'));
    const screen = terminal.text.map((row) => row.trimEnd());
    expect(screen.slice(0, 6)).toEqual([
      'Finding position...',
      '10 metres from 11,2,3',
      '20 metres from 1,22,3',
      '30 metres from 1,2,33',
      '40 metres from 1,2,-37',
      'Position is 1,2,3',
    ]);
  });

  it('answers nil without a wireless modem; the gps program says how it is used', async () => {
    const { out, terminal } = await runCraftos(
      vm,
      `
      print(gps.locate(1, true))
      os.run({}, '/rom/programs/gps.lua')
      os.run({}, '/rom/programs/gps.lua', 'host')
      os.run({}, '/rom/programs/gps.lua', 'host', '1', 'x', '3')
      `,
      { peripherals: { top: 'wired_modem' } },
    );
    expect(out).toBe('nil\n');
    expect(terminal.text.slice(0, 10).map((row) => row.trimEnd())).toEqual([
      'No wireless modem attached',
      'Usages:',
      'gps host',
      'gps host <x> <y> <z>',
      'gps locate',
      'No wireless modems found. 1 required.',
      'Usages:',
      'gps host',
      'gps host <x> <y> <z>',
      'gps locate',
    ]);
  });
});

describe.each(VM_NAMES)('disk on %s', (vm) => {
  it('answers as an empty slot where there is no drive', async () => {
    const { out } = await runCraftos(
      vm,
      `
      for _, name in ipairs({ 'left', 'top' }) do
        print(disk.isPresent(name), disk.getLabel(name), disk.hasData(name), disk.getMountPath(name))
        print(disk.hasAudio(name), disk.getAudioTitle(name), disk.getID(name))
        disk.setLabel(name, 'x'); disk.playAudio(name); disk.stopAudio(name); disk.eject(name)
      end
      disk.stopAudio()
      print(pcall(disk.isPresent))
      print(pcall(disk.setLabel, 'left', 5))
      `,
      { peripherals: { top: 'modem' } },
    );
    expect(out).toBe(
      [
        'false\tnil\tfalse\tnil',
        'false\tnil\tnil',
        'false\tnil\tfalse\tnil',
        'false\tnil\tnil',
        'false\tbad argument #1 (string expected, got nil)',
        'false\tbad argument #2 (string expected, got number)',
        '',
      ].join('\n'),
    );
  });
});
