// multishell (rom/programs/multishell.lua) as `thox run cc` boots it on a colour terminal: one tab looks like the
// plain shell; bg/fg open tabs with a bar on the top row; input goes to the focused tab, other events to all; the API.
import { describe, expect, it } from 'vitest';
import { key, lines, runCraftos, VMS } from './craftos-helpers.js';

/** A setup program writing the files `files` (path → text) into the system's file system. */
function files(of: Record<string, string>): string {
  return Object.entries(of)
    .map(([path, text]) => `do local h = fs.open(${JSON.stringify(path)}, 'w') h.write(${JSON.stringify(text)}) h.close() end`)
    .join('\n');
}

const SIZE = { width: 30, height: 8 };

describe.each(VMS)('multishell on %s', (vm) => {
  it('boots the shell in one tab without a bar; bg adds a tab and the bar; exit closes tabs', async () => {
    const one = await runCraftos('', { vm, boot: true, termSize: SIZE, input: lines('hello') });
    expect(one.rows.slice(0, 4)).toEqual(['CraftOS 1.9', '> hello', 'Hello World!', '>']);
    const two = await runCraftos('', { vm, boot: true, termSize: SIZE, input: lines('bg', 'hello') });
    expect(two.rows.slice(0, 6)).toEqual([' shell  shell', 'CraftOS 1.9', '> bg', '> hello', 'Hello World!', '>']);
    // the first shell exits: the second tab (the background shell) is shown alone, then it exits too and the run ends
    const closed = await runCraftos('', { vm, boot: true, termSize: SIZE, input: lines('bg', 'exit') });
    expect(closed.rows.slice(0, 2)).toEqual(['CraftOS 1.9', '>']);
    const ended = await runCraftos('', { vm, boot: true, termSize: SIZE, input: lines('bg', 'exit', 'exit') });
    expect(ended.exit?.code).toBe(0);
  });

  it('fg shows the new tab; a click on the bar switches back; a tab is named after its running program', async () => {
    const setup = files({ 'wait.lua': 'print("waiting in", multishell.getTitle(multishell.getCurrent())) os.pullEvent("char")' });
    const fg = await runCraftos(setup, { vm, boot: true, termSize: SIZE, input: lines('fg wait') });
    expect(fg.rows.slice(0, 2)).toEqual([' shell  wait', 'waiting in wait']);
    const back = await runCraftos(setup, { vm, boot: true, termSize: SIZE, input: [...lines('fg wait'), { type: 'mouse_click', button: 1, x: 3, y: 1 }] });
    expect(back.rows.slice(0, 3)).toEqual([' shell  wait', 'CraftOS 1.9', '> fg wait']);
    // a char to the shown tab ends wait there: its tab closes and the bar goes
    const done = await runCraftos(setup, { vm, boot: true, termSize: SIZE, input: [...lines('fg wait'), { type: 'char', char: 'x' }] });
    expect(done.rows.slice(0, 3)).toEqual(['CraftOS 1.9', '> fg wait', '>']);
  });
  it('routes input to the focused tab and other (queued) events to every tab', async () => {
    const setup = files({
      'listen.lua': `
        local name = ...
        while true do
          local e, a = os.pullEvent()
          if e == 'char' or e == 'ping' then
            local h = fs.open('log', 'a') h.writeLine(name .. ' ' .. e .. ' ' .. tostring(a)) h.close()
          end
        end`,
      'ping.lua': 'os.queueEvent("ping", 1)',
      'show.lua': "local h = fs.open('log', 'r') write(h.readAll()) h.close()",
    });
    const r = await runCraftos(setup, {
      vm,
      boot: true,
      termSize: { width: 40, height: 12 },
      input: [...lines('bg listen A', 'bg listen B', 'ping'), { type: 'char', char: 'z' }, key('backspace'), ...lines('show')],
    });
    expect(r.rows.slice(0, 9)).toEqual([
      ' shell  listen  listen',
      'CraftOS 1.9',
      '> bg listen A',
      '> bg listen B',
      '> ping',
      '> show',
      'A ping 1',
      'B ping 1',
      '>',
    ]);
  });

  it('the API: launch, getCount, getCurrent, getFocus, setFocus, setTitle, getTitle, and argument errors', async () => {
    const setup = files({
      'api.lua': `
        local id = multishell.launch({}, 'rom/programs/hello.lua')
        local waiting = multishell.launch({}, '/sleeper.lua', 'a')
        print(id, waiting, multishell.getCount(), multishell.getCurrent(), multishell.getFocus())
        multishell.setTitle(waiting, 'zz')
        print(multishell.getTitle(waiting), multishell.getTitle(9), multishell.setFocus(9))
        print(pcall(multishell.setTitle, 'x'))
        print(multishell.setFocus(waiting), multishell.getFocus())`,
      'sleeper.lua': 'os.pullEvent("never")',
    });
    const r = await runCraftos(setup, {
      boot: true,
      termSize: { width: 51, height: 10 },
      input: [...lines('api'), { type: 'mouse_click', button: 1, x: 2, y: 1 }],
    });
    expect(r.rows.slice(0, 7)).toEqual([
      ' shell  zz',
      'CraftOS 1.9',
      '> api',
      '2 3 3 1 1', // hello prints slowly (textutils.slowPrint, as CC's): its tab is still open
      'zz nil false',
      'false bad argument #1 (number expected, got string)',
      'true 3',
    ]);
  });
});

describe('multishell', () => {
  it('scrolls a bar wider than the terminal to show the focused title whole; clicks land on the scrolled titles', async () => {
    const setup = files({ 'idle.lua': 'os.pullEvent("never")' });
    const typed = lines('bg idle', 'bg idle', 'bg idle');
    const narrow = { width: 20, height: 8 };
    const first = await runCraftos(setup, { boot: true, termSize: narrow, input: typed });
    expect(first.rows[0]).toBe(' shell  idle  idle');
    const last = await runCraftos(setup, { boot: true, termSize: narrow, input: [...typed, ...lines('fg idle')] });
    expect(last.rows[0]).toBe('e  idle  idle  idle');
    const clicked = await runCraftos(setup, {
      boot: true,
      termSize: narrow,
      input: [...typed, ...lines('fg idle'), { type: 'mouse_click', button: 1, x: 4, y: 1 }],
    });
    // x 4 was the third tab's title: it is focused (black), the bar scrolled back to its start
    expect(clicked.rows[0]).toBe(' shell  idle  idle');
    expect(clicked.sim.terminal.getLine(1)?.[2]).toBe(`${'7'.repeat(13)}${'f'.repeat(6)}7`);
  });

  it('completes the programs bg, fg and shell run, and their arguments', async () => {
    const probe = `local function show(line) return table.concat(shell.complete(line), ',') end
      print(show('bg hel'), show('fg hel'), show('shell hel'), show('fg cd ro'))`;
    const r = await runCraftos(`${files({ 'probe.lua': probe })} os.run({}, 'rom/programs/shell.lua', '/probe.lua')`);
    expect(r.rows[0]).toBe('lo ,p  lo ,p  lo ,p  m/,m');
  });

  it('a plain (not colour) computer boots the shell alone; bg and fg there say they need multishell', async () => {
    const r = await runCraftos('', { boot: true, plain: true, termSize: SIZE, input: lines('bg', 'fg hello') });
    expect(r.rows.slice(0, 5)).toEqual(['CraftOS 1.9', '> bg', 'Requires multishell', '> fg hello', 'Requires multishell']);
  });
});
