// The craftos applications driven by input events: read's grey completion hint, paint (the image file it writes and
// reads back), the 2048 game, edit's menu; the terminal's rows (and their colours) and the files written are checked.
import { describe, expect, it } from 'vitest';
import type { InputEvent, MouseButton } from '../src/devices/input.js';
import { key, lines, runCraftos, typed, VMS } from './craftos-helpers.js';

const SHELL = "os.run({}, 'rom/programs/shell.lua')";

/** A mouse event at (x, y). */
function mouse(type: 'mouse_click' | 'mouse_drag', button: MouseButton, x: number, y: number): InputEvent {
  return { type, button, x, y };
}

/** Reads a file's text after the shell ends (`nil` printed when there is none). */
function showFile(path: string): string {
  return `term.clear() term.setCursorPos(1, 1)
    local h = fs.open('${path}', 'r') if h then write('[' .. h.readAll() .. ']') h.close() else print('nil') end`;
}

describe.each(VMS)('read completion on %s', (vm) => {
  const READ = `local r = read(nil, { 'old' }, function(text)
      if text == 'he' then return { 'llo', 'lp' } end
    end)
    print('got ' .. r)`;

  it('draws the first completion in grey after the cursor; up and down cycle; tab takes it', async () => {
    const r = await runCraftos(READ, { vm, input: [...typed('he')] });
    expect(r.rows[0]).toBe('hello');
    const [, fg] = r.sim.terminal.getLine(1) ?? ['', '', ''];
    expect(fg.slice(0, 5)).toBe('00777');
    expect([r.sim.terminal.cursorX, r.sim.terminal.cursorY]).toEqual([3, 1]);

    const cycled = await runCraftos(READ, { vm, input: [...typed('he'), key('down')] });
    expect(cycled.rows[0]).toBe('help');
    const back = await runCraftos(READ, { vm, input: [...typed('he'), key('down'), key('up')] });
    expect(back.rows[0]).toBe('hello');

    const taken = await runCraftos(READ, { vm, input: [...typed('he'), key('down'), key('tab'), key('enter')] });
    expect(taken.rows.slice(0, 2)).toEqual(['help', 'got help']);
  });

  it('enter leaves the hint off the line; no hint away from the end; up walks the history without completions', async () => {
    const r = await runCraftos(READ, { vm, input: [...typed('he'), key('enter')] });
    expect(r.rows.slice(0, 2)).toEqual(['he', 'got he']);
    const moved = await runCraftos(READ, { vm, input: [...typed('he'), key('left')] });
    expect(moved.rows[0]).toBe('he');
    const history = await runCraftos(READ, { vm, input: [key('up'), key('enter')] });
    expect(history.rows.slice(0, 2)).toEqual(['old', 'got old']);
  });

  it('shows the shell prompt bare, and a program name completed in grey', async () => {
    const r = await runCraftos(SHELL, { vm, input: [...typed('hel')] });
    expect(r.rows[1]).toBe('> hello');
    const bare = await runCraftos(SHELL, { vm, input: [] });
    expect(bare.rows[1]).toBe('>');
  });
});
