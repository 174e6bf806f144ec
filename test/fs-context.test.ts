// The fs native context as programs use it, on both VMs: `require 'fs'`, errors in CraftOS words, argument
// errors, handle ids owned by their process (forged, foreign and closed ones refused), closed at exit and kill.
import { mkdirSync, mkdtempSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DirectoryFsBackend } from '../src/devices/fs-directory.js';
import { memoryFileSystem } from '../src/devices/fs-setup.js';
import type { FileSystem } from '../src/devices/filesystem.js';
import { simulate } from '../src/testing.js';
import { VM_NAMES } from '../src/vm/vm.js';

describe.each(VM_NAMES)('the fs context on %s', (vm) => {
  async function run(programs: Record<string, string>, options: { limits?: { files?: number; bytes?: number }; filesystem?: FileSystem } = {}) {
    const filesystem = options.filesystem ?? memoryFileSystem();
    const sim = await simulate({ vm, programs, filesystem, limits: options.limits });
    const p = sim.spawn('main');
    sim.run({ until: () => p.exit !== null });
    expect(sim.check()).toEqual([]);
    expect(sim.output.stderr).toBe('');
    expect(p.exit?.kind).toBe('exited');
    return { stdout: sim.output.stdout, filesystem };
  }

  it("serves files to native programs through require 'fs'", async () => {
    const { stdout, filesystem } = await run({
      main: `
      local fs = require 'fs'
      fs.makeDir('docs')
      local f = assert(fs.open('docs/note.txt', 'w'))
      f:writeLine('first') f:write('second')
      f:close()
      print(table.concat(fs.list(''), ','), fs.getSize('docs/note.txt'), fs.isDir('docs'), fs.exists('nope'))
      local r = fs.open('docs/note.txt', 'rb')
      print(r:readLine(), r:read(3), r:readAll(), r:read())
      r:close()
      print(fs.open('docs/none'))
      print(fs.open('rom/x', 'w'))
      print(pcall(fs.delete, 'rom'))
      print(pcall(fs.makeDir, '../../etc'))
      print(pcall(fs.copy, 'docs', 'docs/in'))
      print(fs.find('*/*.txt')[1], fs.combine('a/b', '../c'), fs.getName('a/b'), fs.getDir('a/b'))
      local a = fs.attributes('docs/note.txt')
      print(a.size, a.isDir, a.isReadOnly, math.type(a.modified))
      print(fs.getCapacity(''), fs.getFreeSpace(''), fs.getCapacity('rom'))`,
    });
    expect(stdout).toBe(
      [
        'docs,rom\t12\ttrue\tfalse',
        'first\tsec\tond\tnil',
        'nil\t/docs/none: No such file',
        'nil\t/rom/x: Access denied',
        'false\tmain:13: /rom: Access denied',
        'false\tmain:14: /../../etc: Invalid Path',
        "false\tmain:15: Can't copy a directory inside itself",
        'docs/note.txt\ta/c\tb\ta',
        '12\tfalse\tfalse\tinteger',
        `1048576\t${1048576 - 1000}\tnil`,
        '',
      ].join('\n'),
    );
    expect(filesystem.exists('docs/note.txt')).toBe(true);
  });

  it('checks arguments, and refuses forged, foreign and closed handle ids', async () => {
    const { stdout } = await run({
      main: `
      local fs = os.rpc(0).fs
      print(pcall(fs.open, 1))
      print(pcall(fs.open, 'f', 'rw'))
      print(pcall(fs.read, 'x'))
      print(pcall(fs.read, 999))
      local id = fs.open('f', 'w')
      os.wait(os.run('thief', { args = { tostring(id) } }))
      fs.close(id)
      print(pcall(fs.write, id, 'x'))
      print(pcall(fs.open, '../a', 'w'))`,
      thief: `print(pcall(os.rpc(0).fs.write, tonumber((...)), 'stolen'))`,
    });
    expect(stdout).toBe(
      [
        "false\tmain:3: call 'fs.open' failed: bad argument #1 to 'fs.open' (string expected, got number)",
        "false\tmain:4: call 'fs.open' failed: bad argument #2 to 'fs.open' (invalid option 'rw')",
        "false\tmain:5: call 'fs.read' failed: bad argument #1 to 'fs.read' (integer expected, got string)",
        "false\tmain:6: call 'fs.read' failed: bad argument #1 to 'fs.read' (no open file 999 in this process)",
        "false\tthief:1: call 'fs.write' failed: bad argument #1 to 'fs.write' (no open file 1 in this process)",
        "false\tmain:10: call 'fs.write' failed: error: attempt to use a closed file",
        "false\tmain:11: call 'fs.open' failed: error: /../a: Invalid Path",
        '',
      ].join('\n'),
    );
  });

  it('closes (and so writes) the files of a process that exits or is killed, and counts them against its limit', async () => {
    const { stdout, filesystem } = await run(
      {
        main: `
        local fs = require 'fs'
        os.wait(os.run('writer', { args = { 'exited' } }))
        local pid = os.run('writer', { args = { 'killed', 'wait' } })
        os.sleep(1)
        os.kill(pid)
        os.wait(pid)
        for _, name in ipairs({ 'exited', 'killed' }) do local f = fs.open(name) print(name, f:readAll()) f:close() end
        local held = {}
        for i = 1, 3 do held[i] = fs.open('n' .. i, 'w') end
        print(pcall(fs.open, 'n4', 'w'))
        held[1]:close()
        print(fs.open('n4', 'w') ~= nil)`,
        writer: `
        local f = os.rpc(0).fs.open(..., 'w')
        os.rpc(0).fs.write(f, 'written by ' .. ...)
        if select(2, ...) == 'wait' then os.sleep(100) end`,
      },
      { limits: { files: 3 } },
    );
    expect(stdout).toMatch(/^exited\twritten by exited\nkilled\twritten by killed\n/);
    expect(stdout).toMatch(/\ntrue\tnil\ttoo many open files: process \d+ holds 3 \(limit 'files', see thox run --limit\)\ntrue\n$/);
    expect(filesystem.exists('n4')).toBe(true); // opened with 'w' and never closed: main's exit closed it
  });

  it("counts the content of a process's open files against its 'bytes' limit", async () => {
    const { stdout } = await run(
      {
        main: `
        local fs = require 'fs'
        local f = fs.open('big', 'w')
        f:write(string.rep('x', 60000))
        print(pcall(f.write, f, string.rep('y', 6000)))
        f:close()
        local g = fs.open('other', 'w')
        g:write(string.rep('z', 6000))
        print(fs.getSize('big'))`,
      },
      { limits: { bytes: 64 * 1024 } },
    );
    expect(stdout).toBe("false\tmain:5: too much data held by the kernel: process 1 holds 60000 bytes (limit 'bytes', see thox run --limit)\n60000\n");
  });

  it('refuses hostile paths: above the root, 10,000 deep, NUL and control bytes dropped, symlinks out of a host mount', async () => {
    const host = mkdtempSync(join(tmpdir(), 'thox-fs-host-'));
    const outside = mkdtempSync(join(tmpdir(), 'thox-fs-outside-'));
    writeFileSync(join(outside, 'passwd'), 'root:x:0:0');
    symlinkSync(outside, join(host, 'etc'));
    mkdirSync(join(host, 'ok'));
    const filesystem = memoryFileSystem();
    filesystem.mount('disk', new DirectoryFsBackend(host, { shownAt: ['disk'] }));
    const { stdout } = await run(
      {
        main: `
        local fs = require 'fs'
        local function try(f, ...) local ok, e = pcall(f, ...) print(ok, e) end
        try(fs.open, '../../etc/passwd')
        try(fs.list, 'disk/../../etc')
        try(fs.exists, 'a\\0b')
        try(fs.makeDir, 'a\\27[2Jb')
        try(fs.list, string.rep('a/', 10000))
        try(fs.exists, string.rep('../', 10000))
        print(fs.exists('a[2Jb'), fs.exists('a\\27[2J\\0b'))
        print(fs.exists('disk/etc'), fs.exists('disk/etc/passwd'), table.concat(fs.list('disk'), ','))
        print(fs.open('disk/etc/passwd'))
        print(pcall(fs.makeDir, 'disk/etc/x'))
        print(pcall(fs.copy, 'rom/README.txt', 'disk/etc/passwd'))`,
      },
      { filesystem },
    );
    expect(stdout).toBe(
      [
        'true\tnil', // fs.open answers nil, why: pcall succeeds
        'false\tmain:3: /../etc: Invalid Path',
        'true\tfalse', // NUL dropped, as CraftOS drops it: 'ab' is not there
        'true\ttrue', // ESC dropped: 'a[2Jb' made
        `false\tmain:3: /${'a/'.repeat(30)}...: Invalid Path (longer than 1024 bytes)`,
        'true\tfalse', // exists answers false for a path it refuses
        'true\ttrue',
        'false\tfalse\tok',
        'nil\t/disk/etc/passwd: No such file',
        'false\tmain:13: /disk/etc: Access denied',
        'false\tmain:14: /disk/etc: Access denied',
        '',
      ].join('\n'),
    );
    expect(readdirSync(outside)).toEqual(['passwd']);
  });
});
