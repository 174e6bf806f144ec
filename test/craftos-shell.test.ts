// The CraftOS shell (rom/programs/shell.lua) driven by typed command lines: the prompt, programs found over the path,
// aliases, the shell API (resolve, programs, completion, running program), startup files, exit.
import { describe, expect, it } from 'vitest';
import { key, lines, runCraftos, typed, VMS } from './craftos-helpers.js';

const SHELL = "os.run({}, 'rom/programs/shell.lua')";

describe.each(VMS)('the shell on %s', (vm) => {
  it('prints the version, prompts with the current folder, runs programs and says No such program', async () => {
    const r = await runCraftos(`fs.makeDir('sub') ${SHELL}`, { vm, input: lines('hello', 'nothing', 'cd sub', 'exit') });
    expect(r.screen).toBe(['CraftOS 1.9', '> hello', 'Hello World!', '> nothing', 'No such program', '> cd sub', 'sub> exit'].join('\n'));
    expect(r.exit?.code).toBe(0);
  });
});

describe('the shell', () => {
  it('runs /startup.lua first, gives programs their arguments, arg and own require, and groups quoted words', async () => {
    const setup = `
      local function put(path, text) local h = fs.open(path, 'w') h.write(text) h.close() end
      put('startup.lua', 'print("starting up")')
      put('bin/echo.lua', 'print(table.concat({ ... }, "+"), arg[0], #arg, shell.getRunningProgram())')
      put('bin/mod.lua', 'return "module of bin"')
      put('bin/req.lua', 'print(require("mod"), package.loaded.mod, require == _G.require)')
      ${SHELL}`;
    const r = await runCraftos(setup, { input: lines('cd bin', 'echo a "b c"  d', 'req', 'exit') });
    expect(r.rows.slice(0, 8)).toEqual([
      'CraftOS 1.9',
      'starting up',
      '> cd bin',
      'bin> echo a "b c"  d',
      'a+b c+d echo 3 bin/echo.lua', // arg[0] is the command as typed, as in CC
      'bin> req',
      'module of bin module of bin false',
      'bin> exit',
    ]);
  });

  it('has the default aliases, and alias sets and clears them', async () => {
    const r = await runCraftos(SHELL, { input: lines('alias', 'alias hi hello', 'hi', 'alias hi', 'hi', 'exit') });
    expect(r.screen).toContain('clr:clear');
    for (const pair of ['cp:copy', 'dir:list', 'ls:list', 'mv:move', 'rm:delete', 'rs:redstone', 'sh:shell']) {
      expect(r.screen).toContain(pair);
    }
    expect(r.screen).toContain('> hi\nHello World!\n> alias hi\n> hi\nNo such program');
  });

  it('the shell API: resolve, resolveProgram, programs, completion, path, aliases and setDir errors', async () => {
    const source = `
      fs.makeDir('games') fs.makeDir('work')
      local h = fs.open('games/worm.lua', 'w') h.write('') h.close()
      os.run({}, 'rom/programs/shell.lua', 'probe')`;
    const probe = `
      shell.setDir('games')
      print(shell.dir(), shell.resolve('x'), shell.resolve('/x'), shell.resolve('../y'))
      print(shell.resolveProgram('worm'), shell.resolveProgram('ls'))
      print(shell.resolveProgram('/rom/programs/cd'), tostring((shell.resolveProgram('nope'))))
      print(shell.path():sub(1, 34)) print(shell.path():sub(35)) -- wider than the terminal
      local names = shell.programs()
      print(#names > 20, names[1] == '2048' and names[2] == 'alias', (table.concat(names, ' '):find('shell')) ~= nil)
      print(table.concat(shell.completeProgram('he'), ','), table.concat(shell.complete('he'), ','))
      shell.setDir('')
      print(table.concat(shell.complete('cd wo'), ','), table.concat(shell.complete('ls g'), ','))
      print(table.concat(shell.completeProgram('wor'), ','))
      print(pcall(shell.setDir, 'missing'))
      shell.setCompletionFunction('rom/programs/hello.lua', function(sh, index, text, previous) return { index .. text .. previous[1] } end)
      print(shell.complete('hello a b')[1], shell.getCompletionInfo()['rom/programs/hello.lua'] ~= nil)
      print(shell.aliases().ls, shell.getRunningProgram())
    `;
    const run = await runCraftos(
      `local h = fs.open('probe.lua', 'w') h.write(${JSON.stringify(probe)}) h.close() ${source.replace("'probe'", "'/probe.lua'")}`,
    );
    expect(run.rows.slice(0, 12)).toEqual([
      'games games/x x y',
      'games/worm.lua rom/programs/list.lua',
      'rom/programs/cd.lua nil',
      '.:/rom/programs:/rom/programs/http',
      ':/rom/programs/rednet',
      'true true true',
      'llo,lp llo ,lp',
      'rk/,rk ames/,ames',
      'k/',
      'false Not a directory',
      '2bhello true',
      'list probe.lua',
    ]);
  });

  it('completes with tab at the prompt and walks the history with the up key', async () => {
    const input = [...typed('hel'), key('tab'), key('enter'), key('up'), key('enter'), ...lines('exit')];
    const r = await runCraftos(SHELL, { input });
    expect(r.screen).toBe(['CraftOS 1.9', '> hello', 'Hello World!', '> hello', 'Hello World!', '> exit'].join('\n'));
  });
});
