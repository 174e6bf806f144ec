// cc.shell.completion on both VMs: files and folders through fs.complete, programs and their arguments through a
// shell, the cc.completion wrappers, and `build` choosing a completer per argument.
import { describe, expect, it } from 'vitest';
import { VM_NAMES } from '../src/vm/vm.js';
import { runCraftos } from './craftos-libs-harness.js';

describe.each(VM_NAMES)('cc.shell.completion on %s', (vm) => {
  it('completes files, folders, programs and the arguments of programs', async () => {
    const { out } = await runCraftos(
      vm,
      `
      local completion = require('cc.shell.completion')
      fs.makeDir('/work/alps')
      local f = fs.open('/work/alpha.txt', 'w'); f.close()
      local programs = { 'edit', 'echo', 'ls' }
      local shell = {
        dir = function() return 'work' end,
        completeProgram = function(text)
          local found = {}
          for _, name in ipairs(programs) do
            if name:sub(1, #text) == text then found[#found + 1] = name:sub(#text + 1) end
          end
          return found
        end,
        resolveProgram = function(name) return '/rom/programs/' .. name .. '.lua' end,
        getCompletionInfo = function()
          return { ['/rom/programs/edit.lua'] = { fnComplete = function(_, index, text, previous)
            return { ('edit:%d:%s:%s'):format(index, text, table.concat(previous, '/')) }
          end } }
        end,
      }
      local function show(list) table.sort(list); return table.concat(list, ',') end
      print(show(completion.file(shell, 'al')))
      print(show(completion.dir(shell, 'al')))
      print(show(completion.dirOrFile(shell, 'al', {}, true)))
      print(show(completion.dirOrFile(shell, 'al', {})))
      print(show(completion.program(shell, 'e')))
      -- "time edit fi|": the program name is argument 2 of time's own completion
      print(show(completion.programWithArgs(shell, 'e', { 'time' }, 2)))
      print(show(completion.programWithArgs(shell, 'fi', { 'time', 'edit' }, 2)))
      print(show(completion.programWithArgs(shell, 'x', { 'time', 'edit', 'a', 'b' }, 2)))
      print(completion.programWithArgs(shell, 'x', { 'time', 'echo' }, 2))
      `,
    );
    expect(out).toBe(
      [
        'pha.txt,ps/', // a folder with its slash is always offered, to go into it
        'ps,ps/',
        'pha.txt ,ps ,ps/',
        'pha.txt,ps,ps/',
        'cho,dit',
        'cho ,dit ',
        'edit:1:fi:edit',
        'edit:3:x:edit/a/b',
        'nil',
        '',
      ].join('\n'),
    );
  });

  it('wraps cc.completion and builds a completer from one per argument', async () => {
    const { out } = await runCraftos(
      vm,
      `
      package.preload['cc.completion'] = function()
        local function named(name)
          return function(text, add_space) return { name .. ':' .. text .. ':' .. tostring(add_space) } end
        end
        return { peripheral = named('peripheral'), side = named('side'), setting = named('setting'), command = named('command') }
      end
      local completion = require('cc.shell.completion')
      local shell = {}
      print(completion.peripheral(shell, 'to', {}, true)[1], completion.side(shell, 'le', {})[1])
      print(completion.setting(shell, 'sh', {}, false)[1], completion.command(shell, 'gi', {})[1])
      local complete = completion.build(
        nil,
        function(_, text, previous) return { 'fn:' .. text .. ':' .. #previous } end,
        { function(_, text, _, extra) return { 'many:' .. text .. ':' .. extra } end, 'x', many = true }
      )
      print(complete(shell, 1, 'a', {}))
      print(complete(shell, 2, 'b', { 'prog', 'a' })[1])
      print(complete(shell, 3, 'c', {})[1], complete(shell, 7, 'd', {})[1])
      local single = completion.build({ function(_, text) return { text } end, 'unused' })
      print(single(shell, 1, 'z', {})[1], single(shell, 2, 'z', {}))
      print(pcall(completion.build, 5))
      print(pcall(completion.build, {}))
      `,
    );
    expect(out).toBe(
      [
        'peripheral:to:true\tside:le:nil',
        'setting:sh:false\tcommand:gi:nil',
        'nil',
        'fn:b:2',
        'many:c:x\tmany:d:x',
        'z\tnil',
        'false\tbad argument #1 (table or function expected, got number)',
        'false\tbad argument #1 (function expected, got nil)',
        '',
      ].join('\n'),
    );
  });
});
