// The craftos applications driven by input events: read's grey completion hint, paint (the image file it writes and
// reads back), the 2048 game, edit's menu; the terminal's rows (and their colours) and the files written are checked.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { InputEvent, MouseButton } from '../src/devices/input.js';
import { key, lines, runCraftos, typed, VMS } from './craftos-helpers.js';
import { thoxSync } from './thox-sync.js';

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

  it('the arrows scroll the canvas, not past its top left corner', async () => {
    const image = `local h = fs.open('pic.nfp', 'w') h.write('0e\\n b') h.close() ${SHELL}`;
    const r = await runCraftos(image, {
      vm,
      input: [...lines('paint pic.nfp'), key('right'), key('down'), key('up'), key('up'), key('left'), key('left'), key('right')],
    });
    const line = (y: number) => r.sim.terminal.getLine(y)?.[2] ?? '';
    expect(line(1).slice(0, 3)).toBe('eff');
    expect(line(2).slice(0, 3)).toBe('bff');
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

describe.each(VMS)('2048 on %s', (vm) => {
  it('slides lines: tiles close up, equal neighbours merge once per move, the merged sum is scored', async () => {
    const r = await runCraftos(
      `local tiles = require('thox.tiles')
       local function show(line) local out, points = tiles.slide(line) print(table.concat(out, ' ') .. ' +' .. points) end
       show({ 2, 2, 4, 0 }) show({ 2, 2, 2, 2 }) show({ 4, 4, 8, 0 }) show({ 0, 0, 0, 2 }) show({ 2, 4, 2, 4 })
       local board = tiles.new(4)
       board[1] = { 2, 0, 0, 2 } board[4] = { 2, 0, 0, 0 }
       print(tiles.move(board, 'right')) print(table.concat(board[1], ' '))
       print(tiles.move(board, 'down')) print(table.concat(board[3], ' ') .. ', ' .. table.concat(board[4], ' '))
       print(tiles.move(board, 'down'))
       local full = tiles.new(2) full[1] = { 2, 4 } full[2] = { 4, 2 }
       print(tiles.canMove(full), tiles.add(full)) full[2][2] = 4 print(tiles.canMove(full))`,
      { vm },
    );
    expect(r.rows.slice(0, 11)).toEqual([
      '4 4 0 0 +4',
      '4 4 0 0 +8',
      '8 8 0 0 +8',
      '2 0 0 0 +0',
      '2 4 2 4 +0',
      'true 4',
      '0 0 0 4',
      'true 0',
      '0 0 0 4, 0 0 0 2',
      'false 0',
      'false false',
    ]);
    expect(r.rows[11]).toBe('true');
  });

  it('starts with two tiles and no score; a move adds a tile; q quits with the score', async () => {
    const start = `math.randomseed(7) ${SHELL}`;
    const r = await runCraftos(start, { vm, input: lines('2048') });
    expect(r.rows[0]).toMatch(/^ {13}2048 {12}Score: 0$/);
    const numbers = (rows: string[]) => rows.slice(2, 14).join(' ').match(/\d+/g) ?? [];
    expect(numbers(r.rows)).toHaveLength(2);
    expect(r.rows[15].trim()).toBe('Arrows, WASD or a click move; Q quits');
    const sum = (rows: string[]) => numbers(rows).reduce((total, n) => total + Number(n), 0);
    const moved = await runCraftos(start, { vm, input: [...lines('2048'), key('left'), key('up'), key('right'), key('down')] });
    expect(sum(moved.rows)).toBeGreaterThan(sum(r.rows)); // each move that moves adds a tile (merges keep the sum)
    const quit = await runCraftos(start, { vm, input: [...lines('2048'), key('q'), ...lines('exit')] });
    expect(quit.rows[0]).toBe('Final score: 0');
  });

  it('a click beside the board moves as the arrow toward it does', async () => {
    const start = `math.randomseed(3) ${SHELL}`;
    for (const [arrow, x, y] of [
      ['left', 2, 9],
      ['right', 50, 8],
      ['up', 26, 1],
      ['down', 26, 18],
    ] as const) {
      const byKey = await runCraftos(start, { vm, input: [...lines('2048'), key(arrow), key(arrow)] });
      const byClick = await runCraftos(start, { vm, input: [...lines('2048'), mouse('mouse_click', 1, x, y), mouse('mouse_click', 1, x, y)] });
      expect(byClick.rows).toEqual(byKey.rows);
    }
  });
});

describe('2048', () => {
  it('plays the same game in every run with --deterministic (the kernel seeds math.random)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'thox-2048-'));
    writeFileSync(join(dir, 'keys.txt'), ['left', 'up', 'right', 'down', 'left'].map((k) => `key ${k}`).join('\n'));
    const play = (run: number) => {
      const screen = join(dir, `screen-${run}.txt`);
      thoxSync(join(dir, 'store'), ['run', '--deterministic', '--input', join(dir, 'keys.txt'), '--dump-screen', screen, 'cc#2048']);
      return readFileSync(screen, 'utf8');
    };
    const first = play(1);
    expect(first).toMatch(/2048 +Score: \d+/);
    expect(play(2)).toBe(first);
  });

  it('on a monochrome terminal: no colours, no clicks offered', async () => {
    const r = await runCraftos(`math.randomseed(7) term.native().isColour = function() return false end ${SHELL}`, { input: lines('2048') });
    expect(r.rows[15].trim()).toBe('Arrows or WASD move; Q quits');
    for (let y = 1; y <= 16; y++) expect(r.sim.terminal.getLine(y)?.[2]).toBe('f'.repeat(51));
  });

  it('plays to the end: game over when no move is left, then the final score; the same seed plays the same game', async () => {
    const moves = Array.from({ length: 1500 }, (_, i) => key(['up', 'right', 'down', 'left'][i % 4]));
    const source = `math.randomseed(11)
      local over = false
      local write = term.write
      term.write = function(text) if tostring(text):find('Game over! Press any key') then over = true end return write(text) end
      os.run({}, 'rom/programs/2048.lua')
      term.write = write
      print('over', over)`;
    const r = await runCraftos(source, { input: moves });
    expect(r.rows[0]).toMatch(/^Final score: [1-9]\d+$/);
    expect(r.rows[1]).toBe('over true');
    const again = await runCraftos(source, { input: moves });
    expect(again.rows[0]).toBe(r.rows[0]);
  });
});

/** A shell with notes.lua (five lines, the first 15 characters long); `peripheral.find('printer')` answers a fake
 *  printer of 10 × 3 characters when `printer` is set, which records its pages for `after` to print. */
function editShell(printer: boolean, after = '') {
  const fake = printer
    ? `local pages, page = {}, nil
       local fake = {
         newPage = function() page = { title = '', rows = {} } return true end,
         endPage = function() pages[#pages + 1] = page return true end,
         setPageTitle = function(title) page.title = title end,
         getPageSize = function() return 10, 3 end,
         setCursorPos = function(_, row) page.row = row end,
         write = function(text) page.rows[page.row] = text end,
       }
       local find = peripheral.find
       peripheral.find = function(kind, ...) if kind == 'printer' then return fake end return find(kind, ...) end`
    : '';
  return `local h = fs.open('notes.lua', 'w') h.write('abcdefghijklmno\\nsecond\\n\\nfourth\\nfifth') h.close()
    ${fake} ${SHELL} ${after}`;
}

describe.each(VMS)('edit on %s', (vm) => {
  it('Print: "No printer attached" without one; with one, a row a line, long lines wrapped, pages titled', async () => {
    const none = await runCraftos(editShell(false), { vm, input: [...lines('edit notes.lua'), ...menuItem(2)] });
    expect(none.rows[18]).toMatch(/^No printer attached +Ln 1$/);
    const after = `term.clear() term.setCursorPos(1, 1)
      for _, p in ipairs(pages) do print(p.title .. ': ' .. table.concat(p.rows, '|', 1, 3)) end`;
    const printed = await runCraftos(editShell(true, after), { vm, input: [...lines('edit notes.lua'), ...menuItem(2)] });
    expect(printed.rows[18]).toMatch(/^Printed 2 pages +Ln 1$/);
    const shown = await runCraftos(editShell(true, after), { vm, input: [...lines('edit notes.lua'), ...menuItem(2), ...menuItem(4), ...lines('exit')] });
    expect(shown.rows.slice(0, 2)).toEqual(['notes.lua: abcdefghij|klmno|second', 'notes.lua (page 2): |fourth|fifth']);
  });

  it('completes Lua names in grey at the end of a line; tab takes the completion, else indents', async () => {
    const input = [...lines('edit new'), ...typed('x = tex')];
    const r = await runCraftos(editShell(false), { vm, input });
    expect(r.rows[0]).toBe('x = textutils.');
    expect(r.sim.terminal.getLine(1)?.[1].slice(7, 14)).toBe('7777777');
    const taken = await runCraftos(editShell(false), { vm, input: [...input, key('tab'), ...typed('s'), key('home'), key('tab')] });
    expect(taken.rows[0]).toBe('  x = textutils.s');
  });

  it('a click moves the cursor; the wheel scrolls the view; a new name takes edit.default_extension', async () => {
    const clicked = await runCraftos(editShell(false), {
      vm,
      input: [...lines('edit notes.lua'), mouse('mouse_click', 1, 3, 2), ...typed('X'), { type: 'mouse_scroll', direction: 1, x: 1, y: 1 }],
    });
    expect(clicked.rows.slice(0, 2)).toEqual(['seXcond', '']);
    const named = await runCraftos(editShell(false, showFile('todo.txt')), {
      vm,
      input: [...lines('set edit.default_extension txt', 'edit todo'), ...typed('milk'), ...menuItem(1), ...menuItem(4), ...lines('exit')],
    });
    expect(named.rows[0]).toBe('[milk]');
  });
});

describe('completion of the programs here', () => {
  it('chat completes host and join; paint a file name', async () => {
    const probe = await runCraftos(
      `local h = fs.open('pic.nfp', 'w') h.close()
       local f = fs.open('probe.lua', 'w')
       f.write("print(table.concat(shell.complete('chat '), ',')) print(table.concat(shell.complete('chat j'), ',')) print(table.concat(shell.complete('paint pi'), ','))")
       f.close()
       os.run({}, 'rom/programs/shell.lua', 'probe')`,
    );
    expect(probe.rows.slice(0, 3)).toEqual(['host ,join', 'oin', 'c.nfp']); // (rows lose their trailing spaces)
  });
});
