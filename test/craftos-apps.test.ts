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

/** Ctrl, then the menu's item `index` (1-based, moving right from the first) chosen with enter. */
function menuItem(index: number): InputEvent[] {
  return [key('leftCtrl'), ...Array.from({ length: index - 1 }, () => key('right')), key('enter')];
}

describe.each(VMS)('paint on %s', (vm) => {
  it('paints with each button, picks colours from the palette, saves the paintutils format and reads it back', async () => {
    const painting: InputEvent[] = [
      ...lines('paint pic'),
      mouse('mouse_click', 1, 1, 1), // white, the left button's first colour
      mouse('mouse_click', 1, 50, 15), // the left button takes red (row 15: 2^14)
      mouse('mouse_drag', 1, 2, 1),
      mouse('mouse_drag', 1, 3, 1),
      mouse('mouse_click', 2, 51, 12), // the right button takes blue (2^11)
      mouse('mouse_click', 2, 5, 3),
      ...menuItem(1), // Save
      ...menuItem(2), // Exit
      ...lines('exit'),
    ];
    const r = await runCraftos(`${SHELL} ${showFile('pic.nfp')}`, { vm, input: painting });
    expect(r.rows.slice(0, 3)).toEqual(['[0ee', '', '    b]']);
    const loaded = await runCraftos(
      `local h = fs.open('pic.nfp', 'w') h.write('0ee\\n\\n    b') h.close()
       local image = paintutils.loadImage('pic.nfp')
       print(#image, #image[1], image[1][2] == colours.red, image[3][5] == colours.blue, image[3][1])`,
      { vm },
    );
    expect(loaded.rows[0]).toBe('3 3 true true 0');
  });

  it('opens an existing image: the canvas shows its pixels, the palette marks the buttons, the status line', async () => {
    const r = await runCraftos(
      `local h = fs.open('pic.nfp', 'w') h.write('0ee\\n\\n    b') h.close()
       ${SHELL}`,
      { vm, input: [...lines('paint pic.nfp'), mouse('mouse_click', 2, 51, 4)] },
    );
    const line = (y: number) => r.sim.terminal.getLine(y) ?? ['', '', ''];
    expect(line(1)[2].slice(0, 4)).toBe('0eef');
    expect(line(1)[0].slice(0, 4)).toBe('   \x7f');
    expect(line(3)[2].slice(0, 6)).toBe('ffffbf');
    expect(line(1)[0].slice(49)).toBe('L '); // white: the left button's
    expect(line(4)[0].slice(49)).toBe(' R'); // lightBlue (2^3): the right button's, just picked
    expect(line(4)[2].slice(49)).toBe('33');
    expect(r.rows[18]).toBe('Press Ctrl to access menu');
  });

  it('says how to use it', async () => {
    const r = await runCraftos(SHELL, { vm, input: lines('paint', 'exit') });
    expect(r.rows[2]).toBe('Usage: paint <path>');
  });
});

describe('paint', () => {
  it('needs an Advanced Computer; the menu shows Save and Exit; a read-only path cannot be saved', async () => {
    const mono = await runCraftos(`term.native().isColour = function() return false end ${SHELL}`, { input: lines('paint x', 'exit') });
    expect(mono.rows).toContain('Requires an Advanced Computer');
    const menu = await runCraftos(SHELL, { input: [...lines('paint pic'), key('leftCtrl'), key('right')] });
    expect(menu.rows[18]).toBe(' Save [Exit]');
    const ro = await runCraftos(SHELL, { input: [...lines('paint /rom/x'), ...menuItem(1)] });
    expect(ro.rows[18]).toBe('Error saving to rom/x.nfp');
  });
});
