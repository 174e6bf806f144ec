// package and require as a program sees them on both VMs: the standard libraries in package.loaded, preload,
// searchers and searchpath, two results, errors that list every place tried, and the program's own folder
// (read-only, `.lua` text only, never outside it).
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HostProgramFolder } from '../src/host/program-folder.js';
import { simulate } from '../src/testing.js';
import { VM_NAMES } from '../src/vm/vm.js';

const LIBRARIES = { greet: `local n = (_G.loads or 0) + 1 _G.loads = n return { hi = function(who) return 'hi ' .. who end, n = n }` };

async function runMain(vm: (typeof VM_NAMES)[number], source: string, folder?: string) {
  const sim = await simulate({ vm, libraries: LIBRARIES });
  const p = sim.kernel.spawn({ name: 'main.lua', source, folder: folder === undefined ? undefined : new HostProgramFolder(folder) });
  sim.run();
  expect(sim.check()).toEqual([]);
  return { p, out: sim.output.stdout, err: sim.output.stderr };
}

/** A program folder: helper.lua, sub/init.lua (with a BOM and #!), a/b.lua, a binary chunk, a link out of it. */
function programFolder(): string {
  const root = mkdtempSync(join(tmpdir(), 'thox-folder-'));
  const dir = join(root, 'prog');
  mkdirSync(join(dir, 'sub'), { recursive: true });
  mkdirSync(join(dir, 'a'));
  writeFileSync(join(dir, 'helper.lua'), `local name, where = ... return { name = name, where = where }`);
  writeFileSync(
    join(dir, 'sub', 'init.lua'),
    Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('#!/usr/bin/env lua\nreturn "sub " .. select(2, ...)')]),
  );
  writeFileSync(join(dir, 'a', 'b.lua'), `error('in a.b')`);
  writeFileSync(join(dir, 'bin.lua'), '\x1bLua\x54\x00');
  writeFileSync(join(root, 'secret.lua'), 'return "outside"');
  symlinkSync(join(root, 'secret.lua'), join(dir, 'escape.lua'));
  return dir;
}

describe.each(VM_NAMES)('package and require on %s', (vm) => {
  it('holds the standard libraries in package.loaded, so require returns them', async () => {
    const { out } = await runMain(
      vm,
      `
      print(require('string') == string, require('utf8') == utf8, require('table') == table, require('math') == math)
      print(require('coroutine') == coroutine, require('io') == io, require('os') == os, require('_G') == _G)
      print(package.loaded.package == package, select('#', require('string')), package.loadlib, package.cpath)
      print(package.path, package.config == '/\\n;\\n?\\n!\\n-\\n', #package.searchers)`,
    );
    expect(out).toBe('true\ttrue\ttrue\ttrue\ntrue\ttrue\ttrue\ttrue\ntrue\t1\tnil\t\n./?.lua;./?/init.lua\ttrue\t3\n');
  });

  it('returns the loader data as a second value on the first load; greet and greet.lua are one library', async () => {
    const { out } = await runMain(
      vm,
      `
      local g, where = require('greet')
      print(g.hi('ada'), where, g.n)
      local again = table.pack(require('greet.lua'))
      print(again[1] == g, again.n, loads)
      package.preload.pre = function(...) return { ... } end
      local pre, data = require('pre')
      print(pre[1], pre[2], data)`,
    );
    expect(out).toBe('hi ada\tlibraries/greet.lua\t1\ntrue\t1\t1\npre\t:preload:\t:preload:\n');
  });

  it('lists every place tried, asks added searchers, and searches paths as Lua does', async () => {
    const { out } = await runMain(
      vm,
      `
      print(pcall(require, 'no.such'))
      table.insert(package.searchers, 2, function(name) return name == 'made' and function() return 'made here' end or 'no luck for ' .. name end)
      print(require('made'))
      print(package.searchpath('a.b', 'x/?.lua;?.init'))
      print(package.searchpath('a_b', '?.lua', '_', '-'))
      print(pcall(require))
      package.path = 42
      print(pcall(require, 'other'))`,
    );
    expect(out).toBe(
      [
        "false\tmodule 'no.such' not found:",
        "\tno field package.preload['no.such']",
        "\tno file './no/such.lua'",
        "\tno file './no/such/init.lua'",
        "\tno library 'libraries/no.such.lua' in the store",
        'made here\tnil',
        "nil\tno file 'x/a/b.lua'\n\tno file 'a/b.init'",
        "nil\tno file 'a-b.lua'",
        "false\tbad argument #1 to 'require' (string expected, got no value)",
        "false\t'package.path' must be a string",
        '',
      ].join('\n'),
    );
  });

  it("finds modules in the program's folder (init.lua, dotted names, BOM and #!), and nothing outside it", async () => {
    const dir = programFolder();
    const { out } = await runMain(
      vm,
      `
      local h, where = require('helper')
      print(h.name, h.where, where, require('helper') == h)
      print(require('sub'))
      print(pcall(require, 'a.b'))
      local ok, err = pcall(require, 'bin')
      print(ok, err:match("^error loading module 'bin' from file './bin.lua':\\n\\t") ~= nil, err:match('binary chunk') ~= nil)
      print(pcall(require, 'escape'))
      print(package.searchpath('secret', '../?.lua'))
      local pid = os.run_code('print(require("helper").name)')
      os.wait(pid)`,
      dir,
    );
    expect(out).toBe(
      [
        'helper\t./helper.lua\t./helper.lua\ttrue',
        'sub ./sub/init.lua\t./sub/init.lua',
        'false\t./a/b.lua:1: in a.b',
        'false\ttrue\ttrue',
        "false\tmodule 'escape' not found:",
        "\tno field package.preload['escape']",
        "\tno file './escape.lua' (outside the program's folder)",
        "\tno file './escape/init.lua'",
        "\tno library 'libraries/escape.lua' in the store",
        "nil\tno file '../secret.lua' (outside the program's folder)",
        'helper',
        '',
      ].join('\n'),
    );
  });
});
