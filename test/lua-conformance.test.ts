// Lua 5.4's own behaviour where Lua's test suite (testes) checks it: <close> variables through coroutine.wrap,
// coroutine.close and pcall, error messages that name variables, package.searchpath, files, os.setlocale.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { simulate } from '../src/testing.js';
import { VM_NAMES, type VmName } from '../src/vm/vm.js';

/** Runs `source` as the program `main` to its end: what it printed, and its exit. */
async function run(vm: VmName, source: string) {
  const sim = await simulate({ vm, programs: { main: source } });
  const p = sim.spawn('main');
  sim.run();
  return { out: sim.output.stdout, err: sim.output.stderr, exit: p.exit };
}

const CLOSER = `
local function closer(name, fail)
  return setmetatable({}, { __close = function(_, e)
    print('close', name, e)
    if fail then error(fail, 0) end
  end })
end
`;

describe('<close> variables as Lua 5.4 closes them (wasmoon)', () => {
  it('coroutine.wrap closes a coroutine that died of an error and raises what closing gave', async () => {
    const { out } = await run(
      'wasmoon',
      `${CLOSER}
      local co = coroutine.wrap(function()
        local a <close> = closer('a', 'A failed')
        local b <close> = closer('b')
        coroutine.yield(1)
        error('boom', 0)
      end)
      print(co())
      print(pcall(co))
      print(pcall(co))
      co = coroutine.wrap(function() local c <close> = closer('c') coroutine.yield() error('E') end)
      co()
      print(pcall(function() local r = co() return r end))`,
    );
    expect(out.split('\n')).toEqual([
      '1',
      'close\tb\tboom',
      'close\ta\tboom',
      'false\tA failed',
      'false\tcannot resume dead coroutine',
      'close\tc\tmain:18: E',
      'false\tmain:20: main:18: E',
      '',
    ]);
  });

  it('coroutine.close runs the pending handlers and returns true alone, or false and the error', async () => {
    const { out } = await run(
      'wasmoon',
      `${CLOSER}
      local c = coroutine.create(function()
        local x <close> = closer('x', 'X failed')
        local y <close> = closer('y')
        coroutine.yield()
      end)
      coroutine.resume(c)
      print(coroutine.close(c))
      print(coroutine.status(c), select('#', coroutine.close(c)))
      c = coroutine.create(function() local w <close> = closer('w') error('W', 0) end)
      print(coroutine.resume(c))
      print(coroutine.close(c))
      print(coroutine.close(c))`,
    );
    expect(out.split('\n')).toEqual(['close\ty\tnil', 'close\tx\tnil', 'false\tX failed', 'dead\t1', 'false\tW', 'close\tw\tW', 'false\tW', 'true', '']);
  });

  it('pcall returns after the handlers ran in reverse order, a failing one passing its error on', async () => {
    const { out } = await run(
      'wasmoon',
      `${CLOSER}
      print(pcall(function() local p <close> = closer('p') local q <close> = closer('q', 'Q failed') error('E', 0) end))
      print(pcall(function() local r <close> = closer('r') return 'ok', 2 end))`,
    );
    expect(out.split('\n')).toEqual(['close\tq\tE', 'close\tp\tQ failed', 'false\tQ failed', 'close\tr\tnil', 'true\tok\t2', '']);
  });
});

describe.each(VM_NAMES)('error messages as Lua words them on %s', (vm) => {
  it("names a function called from C as Lua's C library finds it in package.loaded", async () => {
    const { out } = await run(
      vm,
      `print(pcall(table.sort, {1,2,3}, table.sort))
      print(pcall(string.gsub, 's', 's', setmetatable))
      print(select(2, pcall(function() setmetatable({}, 1) end)))
      print(select(2, pcall(function() setmetatable(setmetatable({}, {__metatable=1}), {}) end)))
      print(require('package').loaded == package.loaded, package.loaded.table == table)`,
    );
    const nilOrTable = vm === 'wasmoon' ? 'nil or table expected, got number' : 'nil or table expected';
    expect(out.split('\n')).toEqual([
      "false\tbad argument #1 to 'table.sort' (table expected, got number)",
      "false\tbad argument #1 to 'setmetatable' (table expected, got string)",
      `main:3: bad argument #2 to 'setmetatable' (${nilOrTable})`,
      'main:4: cannot change a protected metatable',
      'true\ttrue',
      '',
    ]);
  });
});

describe.each(VM_NAMES)('os.setlocale on %s', (vm) => {
  it('knows the C locale only, and checks its arguments as Lua does', async () => {
    const { out } = await run(
      vm,
      `print(os.setlocale(), os.setlocale('C'), os.setlocale('pt_BR'), os.setlocale(''), os.setlocale(nil, 'numeric'))
      print(pcall(os.setlocale, 'C', 'bogus'))
      print(pcall(os.setlocale, {}))`,
    );
    expect(out.split('\n')).toEqual([
      'C\tC\tnil\tC\tC',
      "false\tbad argument #2 to 'setlocale' (invalid option 'bogus')",
      "false\tbad argument #1 to 'setlocale' (string expected, got table)",
      '',
    ]);
  });
});

describe.each(VM_NAMES)('package on %s', (vm) => {
  it('lists every template searchpath tried, an empty one too, each on its own line', async () => {
    const { out } = await run(vm, `print(package.searchpath('a.b', 'x/?.lua;;?.lua'))`);
    expect(out).toBe("nil\tno file 'x/a/b.lua'\n\tno file ''\n\tno file 'a/b.lua'\n");
  });

  it('keeps a package field set before the library was first read', async () => {
    const { out } = await run(vm, `package.path = '?.x'\nprint(package.path, select(2, pcall(require, 'm')))`);
    expect(out).toBe("?.x\tmodule 'm' not found:\n\tno field package.preload['m']\n\tno file 'm.x'\n\tno library 'libraries/m.lua' in the store\n");
  });
});

describe.each(VM_NAMES)('io files on %s', (vm) => {
  it("are userdata, as Lua's: raw table functions refuse them and errors name them FILE*", async () => {
    const { out } = await run(
      vm,
      `print(type(io.stdin), io.type(io.stdin), select(2, pcall(rawlen, io.stdin)):match('^[^(]*'))
      print(pcall(next, io.stdout))
      print(pcall(getmetatable(io.stdin).__gc))
      print(pcall(io.input, setmetatable({}, { __name = 'My Type' })))
      print(pcall(io.close, 1))
      print(select(2, pcall(function() return ~io.stdin end)))`,
    );
    expect(out.split('\n')).toEqual([
      "userdata\tfile\tbad argument #1 to 'rawlen' ",
      "false\tbad argument #1 to 'next' (table expected, got FILE*)",
      "false\tbad argument #1 to '__gc' (FILE* expected, got no value)",
      "false\tbad argument #1 to 'io.input' (FILE* expected, got My Type)",
      "false\tbad argument #1 to 'close' (FILE* expected, got number)",
      "main:6: attempt to perform bitwise operation on a FILE* value (field 'stdin')",
      '',
    ]);
  });

  // wasmoon only: fengari's objects are JavaScript's, freed by its collector, which runs no Lua finalizer
  if (vm === 'wasmoon')
    it('are closed by the collector when dropped, their __gc run as ordinary code', async () => {
      const { out } = await run(
        vm,
        `local gc, closed = getmetatable(io.stdin).__gc, 0
      getmetatable(io.stdin).__gc = function(f) closed = closed + 1 return gc(f) end
      for i = 1, 300 do
        assert(io.open('f' .. i % 7, 'w'))
        if i % 20 == 0 then collectgarbage() end
      end
      print(closed >= 280)`,
      );
      expect(out).toBe('true\n');
    });
});

const CLI = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));

describe.skipIf(!existsSync(CLI))('thox run --env', () => {
  it('gives the first process the environment named, and a child inherits it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'thox-env-'));
    const program = join(dir, 'env.lua');
    writeFileSync(
      program,
      `print(os.getenv('PATH'), os.getenv('A'), os.getenv('HOME'))\nlocal _, p = os.run_code('print(os.getenv("A"))', { stdout = 'pipe' })\nprint(p.stdout:read('l'))`,
    );
    const r = spawnSync(process.execPath, [CLI, 'run', '--env', 'PATH=/bin', '--env', 'A=x=y', program], {
      env: { ...process.env, THOX_STORE: join(dir, 'store') },
      encoding: 'utf8',
    });
    expect(r.stdout).toBe('/bin\tx=y\tnil\nx=y\n');
  });
});

describe.each(VM_NAMES)('loadfile, dofile and string.dump on %s', (vm) => {
  it("load a file of the system's file system as lua5.4 does, and take back the process's own dumps", async () => {
    const { out } = await run(
      vm,
      `local f = io.open('m.lua', 'w') f:write('\\239\\187\\191# comment\\nlocal a = ... return (a or 1) + 1, require("debug").getinfo(1, "l").currentline') f:close()
      print(loadfile('m.lua')(41)) print(dofile('m.lua'))
      print(loadfile('none.lua')) print(pcall(dofile, 'none.lua'))
      f = io.open('b.lua', 'w') f:write('#!/bin/thox\\n', string.dump(function() return 'dumped' end)) f:close()
      print(loadfile('b.lua')(), loadfile('b.lua', 't'))
      local env = loadfile('m.lua', 't', nil) print(pcall(env))
      local co = coroutine.wrap(dofile)
      f = io.open('y.lua', 'w') f:write('return coroutine.yield(1) + 1') f:close()
      print(co('y.lua'), co(41))`,
    );
    expect(out.split('\n')).toEqual([
      '42\t2',
      '2\t2',
      'nil\tcannot open none.lua: No such file or directory',
      'false\tcannot open none.lua: No such file or directory',
      "dumped\tnil\tattempt to load a binary chunk (mode is 't')",
      "false\tm.lua:2: attempt to index a nil value (upvalue '_ENV')",
      '1\t42',
      '',
    ]);
  });
});

describe.each(VM_NAMES)('io details Lua checks on %s', (vm) => {
  it("reads a number of at most 200 characters, names a closed default file, and raises a lines iterator's failed read", async () => {
    const { out } = await run(
      vm,
      `local f = io.open('n', 'w') f:write('1', ('0'):rep(300), '\\n') f:close()
      f = io.open('n') print(f:read('n'), #f:read('l')) f:close()
      io.output('o') io.close()
      print(pcall(io.write, 'x'))
      io.input('n') io.close(io.input())
      print(pcall(io.read))
      f = io.open('n', 'w') print(pcall(f:lines())) f:close()
      print(io.open('no/such/dir', 'w'))`,
    );
    expect(out.split('\n')).toEqual([
      'nil\t101',
      'false\tdefault output file is closed',
      'false\tdefault input file is closed',
      'false\tBad file descriptor',
      'nil\tno/such/dir: No such file or directory\t2',
      '',
    ]);
  });
});
