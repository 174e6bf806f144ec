// The everyday programs of rom/programs driven through the shell: ls, cd, mkdir, cp, mv, rm, rename, type, alias,
// set, label, id, help, lua, clear, programs, peripherals; their effects checked through fs and the terminal rows.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { key, lines, runCraftos, typed, VMS } from './craftos-helpers.js';
import { thoxSync } from './thox-sync.js';

const SHELL = "os.run({}, 'rom/programs/shell.lua')";

/** A shell on a system with a few files: a.txt, b.txt, notes.lua and the folder docs with docs/x.txt. */
const SETUP = `
  local function put(path, text) local h = fs.open(path, 'w') h.write(text) h.close() end
  put('a.txt', 'alpha') put('b.txt', 'beta') put('notes.lua', 'print("notes")') put('docs/x.txt', 'x')
`;

/** Runs the shell on SETUP with the command lines, then `after` (Lua printing what the test checks). */
async function shellRun(commands: string[], after = '', vm: 'wasmoon' | 'fengari' = 'wasmoon') {
  const then = after ? `term.clear() term.setCursorPos(1, 1) ${after}` : '';
  return runCraftos(`${SETUP} ${SHELL} ${then}`, { vm, input: lines(...commands, 'exit'), termSize: { width: 51, height: 60 } });
}

describe.each(VMS)('programs on %s', (vm) => {
  it('ls lists folders and files in columns; lua evaluates 1+1', async () => {
    const r = await runCraftos(`${SETUP} ${SHELL}`, { vm, input: lines('ls', 'lua', '1+1', 'exit()', 'exit') });
    expect(r.rows.slice(1, 10)).toEqual([
      '> ls',
      'docs      rom',
      'a.txt     b.txt     notes.lua',
      '> lua',
      'Interactive Lua prompt.',
      'Call exit() to exit.',
      'lua> 1+1',
      '2',
      'lua> exit()',
    ]);
  });
});

describe('programs', () => {
  it('mkdir, cp, mv, rename and rm change the file system; rm takes wildcards', async () => {
    const r = await shellRun(
      ['mkdir new deep/er', 'cp a.txt new', 'cp b.txt c.txt', 'mv notes.lua new/n.lua', 'rename docs papers', 'rm *.txt', 'rm gone'],
      `for _, p in ipairs({ 'new/a.txt', 'c.txt', 'new/n.lua', 'notes.lua', 'papers/x.txt', 'docs', 'a.txt', 'b.txt', 'deep/er' }) do
         print(p, fs.exists(p)) end`,
    );
    expect(r.rows.slice(0, 9)).toEqual([
      'new/a.txt true',
      'c.txt false',
      'new/n.lua true',
      'notes.lua false',
      'papers/x.txt true',
      'docs false',
      'a.txt false',
      'b.txt false',
      'deep/er true',
    ]);
  });

  it('usage messages and errors', async () => {
    const r = await shellRun(['cd', 'cd nowhere', 'cp', 'cp nothing x', 'cp a.txt b.txt', 'mv', 'rm', 'rm gone', 'mkdir a.txt', 'rename a.txt b.txt', 'type']);
    expect(r.screen).toContain(
      [
        '> cd',
        'Usage: cd <path>',
        '> cd nowhere',
        'Not a directory',
        '> cp',
        'Usage: cp <source> <destination>',
        '> cp nothing x',
        'No matching files',
        '> cp a.txt b.txt',
        'Destination exists',
        '> mv',
        'Usage: mv <source> <destination>',
        '> rm',
        'Usage: rm <paths>',
        '> rm gone',
        'gone: No matching files',
        '> mkdir a.txt',
        'a.txt: Destination exists',
        '> rename a.txt b.txt',
        'Destination exists',
        '> type',
        'Usage: type <path>',
      ].join('\n'),
    );
  });

  it('type, label, id, set, programs and peripherals', async () => {
    const r = await shellRun([
      'type docs',
      'type a.txt',
      'type nope',
      'label get',
      'label set "My box"', // one word: a second word would name a drive
      'label get',
      'id',
      'label clear',
      'set motd.enable true',
      'set motd.enable',
      'peripherals',
    ]);
    expect(r.screen).toContain(
      [
        '> type docs',
        'directory',
        '> type a.txt',
        'file',
        '> type nope',
        'No such path',
        '> label get',
        'No Computer label',
        '> label set "My box"',
        'Computer label set to "My box"',
        '> label get',
        'Computer label is "My box"',
        '> id',
        'This is computer #0',
        'This computer is labelled "My box"',
        '> label clear',
        'Computer label cleared',
        '> set motd.enable true',
        '"motd.enable" set to true',
        '> set motd.enable',
        'motd.enable is true (default is false)',
        'Display a random message when the computer starts',
        'up.',
        '> peripherals',
        'Attached Peripherals:',
        'None',
      ].join('\n'),
    );
  });

  it("help shows the intro, a program's text and the index; an unknown topic has no help", async () => {
    const r = await shellRun(['help', 'help cd', 'help nothing']);
    expect(r.screen).toContain('> help\nWelcome to CraftOS!');
    expect(r.screen).toContain('> help cd\ncd changes the current folder.');
    expect(r.screen).toContain('> help nothing\nNo help available');
    const index = await shellRun(['help index']);
    expect(index.screen).toContain('Help topics available:');
    expect(index.screen).toMatch(/2048 +alias +bg +cd/);
  });

  it('lua keeps globals and leading locals across lines, shows errors and pretty-prints tables and strings', async () => {
    const r = await shellRun(['lua', 'local x = 20', 'y = x + 1', 'y', '{ 1, "two" }', '"hi"', 'error("boom")', 'nil + 1', 'exit()']);
    expect(r.screen).toContain(
      [
        'lua> local x = 20',
        'lua> y = x + 1',
        'lua> y',
        '21',
        'lua> { 1, "two" }',
        '{ 1, "two" }',
        'lua> "hi"',
        '"hi"',
        'lua> error("boom")',
        'lua:1: boom',
        'lua> nil + 1',
      ].join('\n'),
    );
    expect(r.screen).toContain('lua> exit()\n> exit');
  });

  it('ls shows folders in green and files in white on a colour terminal, hidden names only when asked', async () => {
    const r = await runCraftos(`${SETUP} fs.makeDir('.secret') ${SHELL}`, { input: lines('ls', 'set list.show_hidden true', 'ls', 'exit') });
    const line = r.sim.terminal.getLine(3);
    expect(line?.[0].trimEnd()).toBe('docs      rom');
    expect(line?.[1].slice(0, 13)).toBe('d'.repeat(13)); // green, as a blit colour
    expect(r.sim.terminal.getLine(4)?.[1].slice(0, 5)).toBe('00000');
    expect(r.screen).toContain('> ls\n.secret   docs      rom');
  });

  it('clear empties the screen; programs lists the programs; motd prints a tip; startup files run in order', async () => {
    const cleared = await shellRun(['hello', 'clear']);
    expect(cleared.rows[0]).toBe('> exit');
    const listed = await shellRun(['programs']);
    const names = listed.rows.slice(2).join(' ').split(/ +/);
    expect(names.slice(0, 6)).toEqual(['2048', 'a.txt', 'alias', 'b.txt', 'bg', 'cd']); // in columns, name order
    expect(names).toEqual(expect.arrayContaining(['edit', 'list', 'lua', 'notes', 'redstone', 'shell', 'type']));
    const motd = await shellRun(['motd']);
    const tip = motd.rows[motd.rows.indexOf('> motd') + 1];
    expect(tip.length).toBeGreaterThan(10);
    expect(motd.rows[motd.rows.indexOf('> motd') + 2]).toBe('> exit');
    const startup = await runCraftos(`${SETUP} fs.makeDir('startup') put('startup/2.lua', 'print(2)') put('startup/1.lua', 'print(1)') ${SHELL}`, {
      input: lines('exit'),
    });
    expect(startup.screen).toBe('CraftOS 1.9\n1\n2\n> exit');
  });

  it('edit: types into a new file, saves it from the Ctrl menu, runs it, exits; usage and folders', async () => {
    const input = [
      ...typed('edit greet'),
      key('enter'),
      ...typed('print("hi " .. 1)'),
      key('enter'),
      ...typed('x'),
      key('backspace'),
      key('leftCtrl'),
      key('enter'),
      key('leftCtrl'),
      key('right'),
      key('right'),
      key('enter'),
      key('space'),
      key('leftCtrl'),
      key('left'),
      key('enter'),
      ...lines('edit', 'edit docs', 'greet'),
    ];
    const r = await runCraftos(`${SETUP} ${SHELL} local h = fs.open('greet.lua', 'r') print(h.readAll()) h.close()`, { input: [...input, ...lines('exit')] });
    expect(r.screen).toBe(
      ['> edit', 'Usage: edit <path>', '> edit docs', 'Cannot edit a directory.', '> greet', 'hi 1', '> exit', 'print("hi " .. 1)'].join('\n'),
    );
  });

  it('edit draws the text with the cursor line and the menu on the bottom line', async () => {
    const input = [...typed('edit notes.lua'), key('enter'), key('end'), ...typed(' -- hey')];
    const r = await runCraftos(`${SETUP} ${SHELL}`, { input });
    expect(r.rows[0]).toBe('print("notes") -- hey');
    expect(r.rows[18]).toMatch(/^Press Ctrl to access menu +Ln 1$/);
    const menu = await runCraftos(`${SETUP} ${SHELL}`, { input: [...input, key('leftCtrl'), key('right')] });
    expect(menu.rows[18]).toBe(' Save [Print] Run  Exit');
    // highlighting: names and punctuation white, strings red, comments green (blit colours)
    expect(menu.sim.terminal.getLine(1)?.[1].slice(0, 21)).toBe(`000000${'e'.repeat(7)}00${'d'.repeat(6)}`);
  });

  it('redstone (rs) probes, sets and pulses the sides', async () => {
    const r = await shellRun(
      ['rs probe', 'rs set left true', 'rs set back 7', 'rs set top red true', 'rs pulse right 2 0.2', 'rs'],
      'print(rs.getOutput("left"), rs.getAnalogOutput("back"), rs.getBundledOutput("top"), rs.getOutput("right"))',
    );
    expect(r.rows[0]).toBe('true 7 16384 false');
    const shown = await shellRun(['rs probe', 'rs']);
    expect(shown.screen).toContain(
      '> rs probe\nRedstone inputs: None\nBundled inputs: None\n> rs\nUsages:\nredstone probe\nredstone set <side> <value>\nredstone set <side> <color> <value>',
    );
  });
});

describe('thox run cc end to end', () => {
  const dir = mkdtempSync(join(tmpdir(), 'thox-craftos-programs-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('types ls, mkdir, lua and help into the shell; the folder appears in the system', () => {
    const store = join(dir, 'store');
    mkdirSync(join(store, 'systems', '0'), { recursive: true });
    writeFileSync(join(store, 'systems', '0', 'a.txt'), 'alpha');
    const script = join(dir, 'input.txt');
    const typedLines = ['mkdir made', 'ls', 'lua', '1+1', 'exit()', 'help hello', 'nothing', 'exit'];
    writeFileSync(script, typedLines.map((line) => `char ${JSON.stringify(line)}\nkey enter\n`).join(''));
    const r = thoxSync(store, ['run', '--headless', '--input', script, 'cc']);
    expect(r.stdout).toBe(
      [
        'CraftOS 1.9',
        '> mkdir made',
        '> ls',
        'made  rom',
        'a.txt',
        '> lua',
        'Interactive Lua prompt.',
        'Call exit() to exit.',
        'lua> 1+1',
        '2',
        'lua> exit()',
        '> help hello',
        'hello prints the text "Hello World!" to the screen.',
        '> nothing',
        'No such program',
        '> exit',
        '',
      ].join('\n'),
    );
    expect(r.status).toBe(0);
    expect(existsSync(join(store, 'systems', '0', 'made'))).toBe(true);
  });
});
