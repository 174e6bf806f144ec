// The term native context from Lua, on both VMs: every call through the `term` library, argument errors,
// several terminals as contexts, the current terminal inherited by children, redirection, views, owners.
import { describe, expect, it } from 'vitest';
import { simulate } from '../src/testing.js';
import { VM_NAMES } from '../src/vm/vm.js';

async function run(vm: (typeof VM_NAMES)[number], main: string, programs: Record<string, string> = {}) {
  const sim = await simulate({ vm, programs: { main, ...programs } });
  const p = sim.spawn('main');
  sim.run({ until: () => p.exit !== null });
  expect(sim.check()).toEqual([]);
  expect(sim.output.stderr).toBe('');
  return { out: sim.output.stdout, terminal: sim.terminal };
}

describe.each(VM_NAMES)('the term context on %s', (vm) => {
  it('draws with every call and reads back what it drew', async () => {
    const { out, terminal } = await run(
      vm,
      `
      local term = require('term')
      local c = term.colours
      print(term.getSize())
      print(term.isColour(), term.getTextColour(), term.getBackgroundColour(), term.getCursorBlink())
      term.setBackgroundColour(c.blue); term.clear()
      term.setCursorPos(2, 1); term.setTextColour(c.yellow); term.write('hi'); term.write(42)
      print(term.getCursorPos())
      term.setCursorPos(1.7, 2); term.blit('RGB', 'e5B', 'fff')
      print(term.getLine(2):sub(1, 4))
      print(select(2, term.getLine(2)):sub(1, 4), select(3, term.getLine(2)):sub(1, 4))
      term.setCursorPos(1, 3); term.write('gone'); term.setCursorPos(1, 3); term.clearLine()
      term.setCursorPos(1, 19); term.write('bottom'); term.scroll(1)
      print(term.getLine(18):sub(1, 6), term.getLine(19):sub(1, 6) == '      ')
      term.setCursorBlink(true); print(term.getCursorBlink())
      term.setPaletteColour(c.red, 0xFF8000)
      print(term.getPaletteColour(c.red))
      term.setPaletteColor(c.red, 0.25, 0.5, 1)
      print(term.getPaletteColour(c.red))
      print(term.nativePaletteColour(c.white))
      print(term.getTextColour() == c.yellow, term.getTextColor() == c.yellow)
      term.setTextColour(3) -- the highest bit counts, as in CraftOS: orange
      print(term.getTextColour())`,
    );
    expect(out).toBe(
      [
        '51\t19',
        'true\t1\t32768\tfalse',
        '6\t1',
        'RGB ',
        'e5b0\tfffb',
        'bottom\ttrue',
        'true',
        '1.0\t0.50196078431373\t0.0',
        '0.25\t0.5\t1.0',
        '0.94117647058824\t0.94117647058824\t0.94117647058824',
        'true\ttrue',
        '2',
        '',
      ].join('\n'),
    );
    expect(terminal.text[0].slice(0, 5)).toBe('RGB  '); // scrolled up from row 2
    expect(terminal.fg[0].slice(0, 5)).toBe('e5b00');
    expect(terminal.palette[14]).toEqual([0.25, 0.5, 1]);
    expect(terminal.blink).toBe(true);
  });

  it('answers bad arguments with BAD_ARGUMENT and a usage line, raised at the caller', async () => {
    const { out } = await run(
      vm,
      `
      local term = require('term')
      print(pcall(term.setTextColour, 0))
      print(pcall(term.setBackgroundColour, 'red'))
      print(pcall(term.setCursorPos, 1))
      print(pcall(term.write, {}))
      print(pcall(term.blit, 'ab', '0', 'ff'))
      print(pcall(term.blit, 'ab', 'zz', 'ff'))
      print(pcall(term.getLine, 20))
      print(pcall(term.setCursorBlink, 1))
      print(pcall(term.setPaletteColour, 1, 0x1000000))
      print(pcall(function() local t = term.open(0, 5) return t end))
      print(pcall(function() local t = term.redirect(0) return t end))
      print(pcall(term.resize, 10, 10))`,
    );
    const call = (n: number, name: string, why: string) => `false\tmain:${n}: call 'term.${name}' failed: bad argument ${why}`;
    expect(out.split('\n')).toEqual([
      call(3, 'setTextColour', "#1 to 'term.setTextColour' (colour out of range)"),
      call(4, 'setBackgroundColour', "#1 to 'term.setBackgroundColour' (number expected, got string)"),
      call(5, 'setCursorPos', "#2 to 'term.setCursorPos' (number expected, got nil)"),
      call(6, 'write', "#1 to 'term.write' (string expected, got table)"),
      call(7, 'blit', "#3 to 'term.blit' (arguments must be the same length)"),
      call(8, 'blit', "#2 to 'term.blit' (colours must be hex digits 0-9 and a-f)"),
      call(9, 'getLine', "#1 to 'term.getLine' (line is out of range)"),
      call(10, 'setCursorBlink', "#1 to 'term.setCursorBlink' (boolean expected, got number)"),
      call(11, 'setPaletteColour', "#2 to 'term.setPaletteColour' (colour must be 0x000000 to 0xFFFFFF)"),
      call(12, 'open', "#1 to 'term.open' (a terminal is 1 to 1024 cells on each side, got 0x5)"),
      call(13, 'redirect', "#1 to 'term.redirect' (context 0 is not a terminal (a restricted view of one is used by calling through it))"),
      "false\tmain:14: call 'term.resize' failed: denied: terminal 2 can only be resized by the process that opened it",
      '',
    ]);
  });

  it('opens terminals as contexts, redirects to them, and children start on their parent’s current terminal', async () => {
    const { out, terminal } = await run(
      vm,
      `
      local term = require('term')
      local t = term.open(12, 2)
      print(t.getSize())
      t.write('direct')
      local session = term.redirect(t)
      term.write(' via')
      local child = os.run('child')
      os.wait(child)
      print((t.getLine(1)))
      term.redirect(session)
      term.write('session')
      print(term.current().ctx == session.ctx, t.ctx ~= session.ctx)
      t.resize(4, 1)
      print(t.getLine(1))`,
      { child: `require('term').write('+kid')` },
    );
    expect(out).toBe(['12\t2', 'direct via+k', 'true\ttrue', 'dire\t0000\tffff', ''].join('\n'));
    expect(terminal.text[0].startsWith('session')).toBe(true);
  });

  it('grants a terminal through contexts: shared in a message, narrowed by a view, closed when its owner ends', async () => {
    const { out } = await run(
      vm,
      `
      local term = require('term')
      local t = term.open(10, 1)
      local view = os.restrict(t.ctx, { allow = { 'term.write', 'term.getLine' } })
      local child = os.run('drawer', { contexts = { view }, args = { tostring(view) } })
      print(os.wait(child))
      print((t.getLine(1)))
      local c = os.context()
      assert(os.listen(c, 'term'))
      local owner = os.run('owner', { contexts = { c }, args = { tostring(c) } })
      local shared = term.wrap(os.pull('message').value)
      shared.write('theirs')
      print((shared.getLine(1)))
      os.kill(owner)
      os.wait(owner)
      print(pcall(shared.write, 'x'))`,
      {
        drawer: `
        local v = require('term').wrap(math.tointeger(tonumber(...)))
        v.write('child')
        print(pcall(v.clear))`,
        owner: `
        local c = math.tointeger(tonumber(...))
        local t = require('term').open(6, 1)
        os.push(c, 'term', os.share(t.ctx))
        os.sleep(100)`,
      },
    );
    expect(out.split('\n')).toEqual([
      "false\tdrawer:4: call 'term.clear' failed: denied: call 'term.clear' is not allowed on context 3",
      '0\texited\tnil',
      'child     ',
      'theirs',
      "false\tmain:16: call 'term.write' failed: denied: context 5 is not held by this process",
      '',
    ]);
  });

  it('charges terminals to their owner: its kernel-held bytes, at most 16 open at once', async () => {
    const sim = await simulate({
      vm,
      limits: { bytes: 100_000 },
      programs: {
        main: `
        local term = require('term')
        for i = 1, 4 do
          local ok, err = pcall(term.open, 100, 100)
          print(i, ok or err)
        end
        local ok, err = pcall(term.open, 1, 1)
        print(ok)
        for _ = 5, 16 do term.open(1, 1) end
        print(pcall(term.open, 1, 1))`,
      },
    });
    const p = sim.spawn('main');
    sim.run({ until: () => p.exit !== null });
    expect(p.exit).toMatchObject({ kind: 'exited' });
    expect(sim.output.stdout.split('\n')).toEqual([
      '1\ttrue',
      '2\ttrue',
      '3\ttrue',
      "4\tcall 'term.open' failed: error: too much data held by the kernel: process 1 holds 90000 bytes (limit 'bytes', see thox run --limit)",
      'true',
      "false\tcall 'term.open' failed: error: too many terminals: process 1 has opened 16",
      '',
    ]);
  });
});
