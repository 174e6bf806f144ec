// window API (rom/apis/window.lua) on both VMs: a window's buffer read back with getLine, and what it draws on its
// parent (the session terminal's rows and colours) while visible, hidden, redrawn and moved; CraftOS's errors; a
// monitor as the parent.
import { describe, expect, it } from 'vitest';
import { VM_NAMES } from '../src/vm/vm.js';
import { runCraftos } from './craftos-libs-harness.js';

describe.each(VM_NAMES)('window on %s', (vm) => {
  it('has a monitor as its parent: the monitor has the term methods a window uses, in both spellings', async () => {
    const { out } = await runCraftos(
      vm,
      `
      local m = peripheral.wrap('top')
      local w = window.create(m, 2, 2, 10, 3)
      w.setBackgroundColour(colours.red)
      w.setTextColor(colours.blue)
      w.clear()
      w.write('on monitor')
      w.setCursorBlink(true)
      print(m.getLine(2))
      print(m.getCursorPos())
      print(m.getCursorBlink(), m.isColor())
      w.setPaletteColour(colours.red, 0x336699)
      print(m.getPaletteColour(colours.red))
      print(m.nativePaletteColor(colours.red))
      m.setPaletteColor(colours.red, 1, 0.5, 0)
      print(m.getPaletteColour(colours.red))
      print(pcall(m.blit, 'ab', 'a', 'bb'))
      print(pcall(m.blit, 'ab', 'ax', 'bb'))
      print(pcall(m.setCursorBlink, 1))
      `,
      { peripherals: { top: 'monitor' } },
    );
    expect(out.split('\n')).toEqual([
      `${' on monitor'.padEnd(39)}\t0${'b'.repeat(10)}${'0'.repeat(28)}\tf${'e'.repeat(10)}${'f'.repeat(28)}`,
      '12\t2',
      'true\ttrue',
      '0.2\t0.4\t0.6',
      '0.8\t0.29803921568627\t0.29803921568627',
      '1\t0.5\t0',
      'false\tbad argument #3 (arguments must be the same length)',
      'false\tbad argument #2 (colours must be hex digits 0-9 and a-f)',
      'false\tbad argument #1 (boolean expected, got number)',
      '',
    ]);
  });

  it('draws its writes on the parent at its position, in its colours', async () => {
    const { out, terminal } = await runCraftos(
      vm,
      `
      local parent = term.current()
      local w = window.create(parent, 3, 2, 10, 4)
      w.setTextColour(colours and colours.red or 16384)
      w.setBackgroundColor(2048)
      w.write('hello')
      w.setCursorPos(8, 2)
      w.write('abcdef') -- clipped at the window's right edge
      w.setCursorPos(-1, 3)
      w.write(12345)    -- clipped at the left edge, a number written as text
      print(w.getLine(1))
      print(w.getLine(2))
      print(w.getLine(3))
      print(w.getCursorPos())
      print(parent.getCursorPos())
      print(w.getSize())
      print(w.getPosition())
      print(w.isVisible(), w.isColour(), w.isColor(), w.getTextColour(), w.getBackgroundColor())
      `,
    );
    expect(out.split('\n')).toEqual([
      'hello     \teeeee00000\tbbbbbfffff',
      '       abc\t0000000eee\tfffffffbbb',
      '345       \teee0000000\tbbbfffffff',
      '4\t3',
      '6\t4',
      '10\t4',
      '3\t2',
      'true\ttrue\ttrue\t16384\t2048',
      '',
    ]);
    expect(terminal.text[1].slice(0, 14)).toBe('  hello       ');
    expect(terminal.fg[1].slice(2, 12)).toBe('eeeee00000');
    expect(terminal.bg[1].slice(0, 14)).toBe('ffbbbbbfffffff');
    expect(terminal.text[2].slice(0, 13)).toBe('         abc ');
    expect(terminal.text[3].slice(0, 6)).toBe('  345 ');
  });

  it('keeps drawing in its buffer while hidden and shows it when made visible or redrawn', async () => {
    const { out, terminal } = await runCraftos(
      vm,
      `
      local parent = window.create(term.current(), 1, 1, 30, 10) -- a parent we can read back
      local w = window.create(parent, 1, 1, 6, 2, false)
      w.write('secret')
      print(parent.getLine(1):sub(1, 6) == '      ', w.isVisible())
      w.setVisible(true)
      print(parent.getLine(1):sub(1, 6), w.isVisible())
      w.setVisible(false)
      w.setCursorPos(1, 2); w.write('later')
      parent.setCursorPos(1, 2); parent.write('XXXXXX')
      print(parent.getLine(2):sub(1, 6))
      w.setVisible(true)  -- shown again: the whole buffer is drawn over what the parent had
      print(parent.getLine(2):sub(1, 6))
      parent.setCursorPos(1, 1); parent.write('zz')
      w.redraw()
      print(parent.getLine(1):sub(1, 6))
      `,
    );
    expect(out).toBe('true\tfalse\nsecret\ttrue\nXXXXXX\nlater \nsecret\n');
    expect(terminal.text[0].slice(0, 6)).toBe('secret');
  });

  it('scrolls, clears lines and the whole window in its colours, and blits', async () => {
    const { out } = await runCraftos(
      vm,
      `
      local parent = window.create(term.current(), 1, 1, 30, 10) -- a parent we can read back
      local w = window.create(parent, 2, 2, 4, 3)
      for y = 1, 3 do w.setCursorPos(1, y); w.write('row' .. y) end
      w.scroll(1)
      print(w.getLine(1), w.getLine(2), w.getLine(3) == '    ')
      w.scroll(-1)
      print(w.getLine(1) == '    ', w.getLine(2), (w.getLine(3)))
      w.setBackgroundColour(32); w.setCursorPos(1, 2); w.clearLine()
      print(select(3, w.getLine(2)), (w.getLine(3)))
      w.setCursorPos(1, 1); w.blit('aBc', 'F12', 'e3E')
      print(w.getLine(1), select(2, w.getLine(1)), select(3, w.getLine(1)))
      print(parent.getLine(2):sub(2, 5), select(2, parent.getLine(2)):sub(2, 5))
      w.setTextColour(2); w.clear()
      print(w.getLine(3) == '    ', select(2, w.getLine(3)), select(3, w.getLine(3)))
      print(select(3, parent.getLine(4)):sub(1, 6))
      `,
    );
    expect(out).toBe(['row2\trow3\ttrue', 'true\trow2\trow3', '5555\trow3', 'aBc \tf120\te3ef', 'aBc \tf120', 'true\t1111\t5555', 'f5555f', ''].join('\n'));
  });

  it("a window as big as its parent scrolls the parent: the same rows, the new one in the window's background", async () => {
    const { out } = await runCraftos(
      vm,
      `
      local parent = window.create(term.current(), 1, 1, 6, 3) -- a parent we can read back
      local calls, seen = {}, {}
      for name, fn in pairs(parent) do seen[name] = function(...) calls[#calls + 1] = name return fn(...) end end
      local w = window.create(seen, 1, 1, 6, 3)
      for y = 1, 3 do w.setCursorPos(1, y); w.write('row' .. y) end
      w.setBackgroundColour(colours.red)
      calls = {}
      w.scroll(1)
      print(table.concat(calls, ' '))
      for y = 1, 3 do print(parent.getLine(y), select(3, parent.getLine(y)), (w.getLine(y))) end
      print(parent.getCursorPos())
      `,
    );
    const scrolled = ['row2  \tffffff\trow2  ', 'row3  \tffffff\trow3  ', '      \teeeeee\t      ', '5\t3', ''];
    expect(out).toBe(['getSize setBackgroundColour scroll setCursorPos', ...scrolled].join('\n'));
  });

  it('moves and resizes with reposition, keeping its content, and onto another parent', async () => {
    const { out, terminal } = await runCraftos(
      vm,
      `
      local parent = window.create(term.current(), 1, 1, 30, 10) -- a parent we can read back
      local w = window.create(parent, 1, 1, 5, 2)
      w.write('abcde'); w.setCursorPos(1, 2); w.write('fghij')
      w.reposition(3, 5)
      print(w.getPosition())
      print(parent.getLine(5):sub(1, 8))
      w.reposition(3, 5, 3, 3)
      print(w.getSize())
      print(w.getLine(1), w.getLine(2), w.getLine(3) == '   ')
      local other = window.create(parent, 1, 8, 10, 3)
      w.reposition(2, 1, 3, 3, other)
      print(other.getLine(1):sub(1, 5), other.getLine(2):sub(1, 5))
      print(pcall(w.reposition, 1, 1, 4))
      `,
    );
    expect(out).toBe(['3\t5', '  abcde ', '3\t3', 'abc\tfgh\ttrue', ' abc \t fgh ', 'false\tbad argument #4 (number expected, got nil)', ''].join('\n'));
    expect(terminal.text[5].slice(0, 8)).toBe('  fghij ');
  });

  it('keeps its own palette and cursor, and puts them on the parent while visible', async () => {
    const { out } = await runCraftos(
      vm,
      `
      local parent = window.create(term.current(), 1, 1, 30, 10) -- a parent we can read back
      local hidden = window.create(parent, 1, 1, 4, 4, false)
      hidden.setPaletteColour(16384, 0xFF8000)
      print(hidden.getPaletteColour(16384))
      print(parent.getPaletteColour(16384))
      local w = window.create(parent, 5, 5, 4, 4)
      w.setPaletteColor(16384, 0, 0.5, 1)
      print(parent.getPaletteColour(16384))
      w.setCursorPos(2, 3); w.setCursorBlink(true); w.setTextColour(4)
      print(parent.getCursorPos())
      print(parent.getCursorBlink(), parent.getTextColour(), w.getCursorBlink())
      parent.setCursorPos(1, 1)
      w.restoreCursor()
      print(parent.getCursorPos())
      `,
    );
    expect(out).toBe(['1\t0.50196078431373\t0', '0.8\t0.29803921568627\t0.29803921568627', '0\t0.5\t1', '6\t7', 'true\t4\ttrue', '6\t7', ''].join('\n'));
  });

  it("raises CraftOS's errors for bad arguments at the caller", async () => {
    const { out } = await runCraftos(
      vm,
      `
      local parent = window.create(term.current(), 1, 1, 30, 10) -- a parent we can read back
      print(pcall(window.create, parent, 1, 1, 4))
      print(pcall(window.create, nil, 1, 1, 4, 4))
      print(pcall(window.create, term, 1, 1, 4, 4))
      local w = window.create(parent, 1, 1, 4, 4)
      print(pcall(w.blit, 'ab', 'a', 'bb'))
      print(pcall(w.write, {}))
      print(pcall(w.setTextColour, -5))
      print(pcall(w.setCursorPos, 1))
      print(pcall(w.getLine, 5))
      print(pcall(w.setVisible, 'yes'))
      local ok, err = pcall(function() w.setBackgroundColour(nil) end)
      print(err)
      `,
    );
    const lines = out.split('\n');
    // blamed on the program's line, naming the function as the call names it
    expect(lines[9]).toBe("main:13: bad argument #1 to 'setBackgroundColour' (number expected, got nil)");
    lines[9] = 'blamed';
    expect(lines.join('\n')).toBe(
      [
        'false\tbad argument #5 (number expected, got nil)',
        'false\tbad argument #1 (table expected, got nil)',
        'false\tterm is not a recommended window parent, try term.current() instead',
        'false\tArguments must be the same length',
        'false\tbad argument #1 (string or number expected, got table)',
        'false\tColour out of range',
        'false\tbad argument #2 (number expected, got nil)',
        'false\tLine is out of range.',
        'false\tbad argument #1 (boolean expected, got string)',
        'blamed',
        '',
      ].join('\n'),
    );
  });

  it('takes what a program writes once the terminal is redirected to it, scrolling inside itself', async () => {
    const { out, terminal } = await runCraftos(
      vm,
      `
      local w = window.create(term.current(), 3, 2, 8, 3)
      local previous = term.redirect(w)
      for i = 1, 5 do _G.print('line ' .. i) end
      write('end')
      term.redirect(previous)
      print(w.getLine(1), w.getLine(2), (w.getLine(3)))
      print(w.getCursorPos())
      `,
    );
    expect(out).toBe('line 4  \tline 5  \tend     \n4\t3\n');
    expect(terminal.text.slice(0, 5).map((row) => row.slice(0, 12))).toEqual(['            ', '  line 4    ', '  line 5    ', '  end       ', '            ']);
  });
});
