// The monitor program (rom/programs/monitor.lua) on both VMs: a program run on a monitor writes there and gets a
// touch as mouse_click, then mouse_up; `monitor scale` sets the text scale (through peripheral.call); the messages for a
// missing monitor or program, a scale that is no number, and `monitor scale` without its two arguments.
import { describe, expect, it } from 'vitest';
import { VM_NAMES } from '../src/vm/vm.js';
import { runCraftos } from './craftos-libs-harness.js';

/** Runs the shell's command line `words` (the shell's own prints reach the session terminal). */
const SHELL = `local function shell_run(...) os.run({}, 'rom/programs/shell.lua', ...) end`;

describe.each(VM_NAMES)('monitor program on %s', (vm) => {
  it('runs a program on the monitor, a touch reaching it as mouse_click then mouse_up; sets the scale', async () => {
    const { out, terminal } = await runCraftos(
      vm,
      `${SHELL}
      local h = fs.open('clicker.lua', 'w')
      h.write('print("on the monitor", ...) print(os.pullEvent("mouse_click")) print(os.pullEvent("mouse_up"))')
      h.close()
      local m = peripheral.wrap('top')
      parallel.waitForAll(function() shell_run('monitor', 'top', 'clicker', 'a', 'b') end,
        function() sleep(0.1) m.touch(3, 4) end)
      print((m.getLine(1)))
      print((m.getLine(2)))
      print((m.getLine(3)))
      print(term.current() == term.native(), m.getCursorPos())
      shell_run('monitor', 'scale', 'top', '0.5')
      print(m.getSize())
      shell_run('monitor', 'scale', 'left', '1')
      shell_run('monitor', 'scale', 'top')
      shell_run('monitor', 'scale', 'top', 'big')
      shell_run('monitor', 'top', 'nothing')
      `,
      { peripherals: { top: 'monitor' } },
    );
    expect(out).toBe(
      [`${'on the monitor a b'.padEnd(39)}`, `${'mouse_click 1 3 4'.padEnd(39)}`, `${'mouse_up 1 3 4'.padEnd(39)}`, 'true\t1\t4', '78\t38', ''].join('\n'),
    );
    const rows = Array.from({ length: 6 }, (_, y) => terminal.getLine(y + 1)?.[0].trimEnd());
    expect(rows).toEqual([
      'No monitor named left',
      'Usage:',
      '  monitor <name> <program> <arguments>',
      '  monitor scale <name> <scale>',
      'Invalid scale: big',
      'No such program',
    ]);
  });
});
