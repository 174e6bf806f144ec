// io on the system's file system, as a program sees it on both VMs: io.open in every mode, reads in every format,
// seek, lines, os.remove/rename/tmpname, io.tmpfile, failures in Lua's words and numbers, files closed at exit;
// and through `thox run --mount`, a host folder (needs `npx tsc -p .`, as test/cli.test.ts).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { simulate } from '../src/testing.js';
import { VM_NAMES } from '../src/vm/vm.js';

/** Runs the programs in order on one system (one file system): what they printed, and their errors. */
async function runAll(vm: (typeof VM_NAMES)[number], ...sources: string[]) {
  const programs = Object.fromEntries(sources.map((s, i) => [`p${i}`, s]));
  const sim = await simulate({ vm, programs });
  for (const name of Object.keys(programs)) {
    sim.spawn(name);
    sim.run();
  }
  expect(sim.check()).toEqual([]);
  return { out: sim.output.stdout, err: sim.output.stderr };
}

describe.each(VM_NAMES)('io files on %s', (vm) => {
  it('writes a file, reads it back in every format, appends, and reads numbers', async () => {
    const { out, err } = await runAll(
      vm,
      `
      require('fs').makeDir('notes')
      local f = assert(io.open('notes/a.txt', 'w'))
      print(io.type(f), f:write('one\\n', 2, ' ', 3.5, '\\n') == f, f:close(), io.type(f))
      f = assert(io.open('notes/a.txt', 'a')) f:write('last') f:close()
      f = assert(io.open('notes/a.txt', 'rb'))
      print(f:read('l'), f:read('n', 'n'), f:read('L'), f:read(2), f:read(0), f:read('a'))
      print(f:read('l'), f:read(0), f:read('a'))
      f:close()
      print(pcall(f.read, f))`,
    );
    expect(err).toBe('');
    expect(out).toBe(['file\ttrue\ttrue\tclosed file', 'one\t2\t\n\tla\t\tst', 'nil\tnil\t', 'false\tattempt to use a closed file', ''].join('\n'));
  });

  it('iterates io.lines(name) and file:lines with formats, and closes the file at the end', async () => {
    const { out } = await runAll(
      vm,
      `
      local f = io.open('t', 'w') f:write('a 1\\nb 2\\n\\nc 3') f:close()
      for l in io.lines('t') do io.write('[', l, ']') end print()
      for l in io.lines('t', 'L') do io.write(l) end print()
      for a, n in io.lines('t', 1, 'n') do print(a, n) end
      local it, _, _, file = io.lines('t', 'a')
      print(it(), it(), io.type(file))
      it, _, _, file = io.lines('t', 'l')
      print(it(), it(), it(), it(), it(), io.type(file), pcall(it))
      f = io.open('t') local n = 0 for c in f:lines(1) do n = n + 1 end print(n, io.type(f)) f:close()`,
    );
    expect(out).toBe(
      [
        '[a 1][b 2][][c 3]',
        'a 1\nb 2\n\nc 3',
        'a\t1\n\n\tnil\nb\t2\n\n\tnil\nc\t3', // as lua5.4: a failed 'n' ends one read, not the loop
        'a 1\nb 2\n\nc 3\t\tfile', // 'a' never fails: the loop would not end
        'a 1\tb 2\t\tc 3\tnil\tclosed file\tfalse\tfile is already closed',
        '12\tfile',
        '',
      ].join('\n'),
    );
  });

  it('seeks from the start, the current position and the end; reads and writes mix in r+ and w+', async () => {
    const { out } = await runAll(
      vm,
      `
      local f = io.open('s', 'w+')
      f:write('0123456789')
      print(f:seek('set', 2), f:read(3), f:seek(), f:seek('cur', 1), f:read(1), f:seek('end', -2), f:read('a'))
      print(f:seek('set', -1))
      f:seek('set', 1) f:read(1) f:write('X') f:seek('set') print(f:read('a'))
      f:close()
      f = io.open('s', 'r+') f:write('ab') f:seek('end') f:write('!') f:close()
      print(io.open('s'):read('a'), io.open('s'):seek('end'))
      print(io.stdout:seek())`,
    );
    expect(out).toBe(['2\t234\t5\t6\t6\t8\t89', 'nil\tInvalid argument\t22', '01X3456789', 'abX3456789!\t11', 'nil\tIllegal seek\t29', ''].join('\n'));
  });

  it('buffers as C does: unbuffered writes reach the file at once, and a read sees what was written since it opened', async () => {
    const { out } = await runAll(
      vm,
      `
      local w = io.open('b', 'w')
      print(w:setvbuf('no'), w:write('x'))
      print(#io.open('b'):read('a')) -- unbuffered: the write reached the file
      w:flush()
      local r = io.open('b')
      w:write('y') w:close()
      print(r:read('a'), io.open('b'):read('a'))
      print(pcall(w.setvbuf, io.stdout, 'odd'))`,
    );
    expect(out.split('\n')).toEqual([
      expect.stringMatching(/^true\tfile \(0x[0-9a-f]+:fs\d+\)$/),
      '1',
      'xy\txy',
      "false\tbad argument #2 to '?' (invalid option 'odd')", // a method from pcall: as Lua numbers and names it
      '',
    ]);
  });

  it('removes, renames and makes temporary names and files', async () => {
    const { out } = await runAll(
      vm,
      `
      io.open('r1', 'w'):close() io.open('r2', 'w'):write('old'):close()
      print(os.rename('r1', 'r2'), io.open('r2'):read('a'), io.open('r1'))
      print(os.rename('r1', 'r3'))
      print(os.remove('r2'), os.remove('r2'))
      require('fs').makeDir('d') io.open('d/x', 'w'):close()
      print(os.remove('d'))
      print(os.remove('d/x'), os.remove('d'), io.open('d'))
      local name = os.tmpname()
      print(name, os.tmpname(), io.open(name):read('a'))
      local t = io.tmpfile() t:write('temp') t:seek('set')
      print(t:read('a'), #(require 'fs').list('tmp')) t:close()
      print(#(require 'fs').list('tmp'))`,
    );
    expect(out).toBe(
      [
        'true\t\tnil\tr1: No such file or directory\t2',
        'nil\tNo such file or directory\t2',
        'true\tnil\tr2: No such file or directory\t2',
        'nil\td: Directory not empty\t39',
        'true\ttrue\tnil\td: No such file or directory\t2',
        '/tmp/lua_1\t/tmp/lua_2\t',
        'temp\t3',
        '2',
        '',
      ].join('\n'),
    );
  });

  it("a file's lines iterator shares its buffer with reads between lines, and raises once the file is closed", async () => {
    const { out } = await runAll(
      vm,
      `
      local f = io.open('t', 'w') f:write('x\\n12\\ny\\nz\\n') f:close()
      f = io.open('t')
      local it = f:lines()
      print(it(), f:read('n'), it(), it())
      f:close()
      print(pcall(it))`,
    );
    expect(out).toBe('x\t12\t\ty\nfalse\tfile is already closed\n');
  });

  it("answers failures in Lua's words and numbers", async () => {
    const { out } = await runAll(
      vm,
      `
      print(io.open('missing'))
      print(io.open('rom', 'r'))
      print(io.open('rom/x', 'w'))
      print(os.remove('rom/README.txt'))
      print(pcall(io.open, 'x', 'rw'))
      print(pcall(io.open, 'x', 'rb+'))
      print(pcall(io.lines, 'missing'))
      print(pcall(io.input, 'missing'))
      print(io.open('w', 'w'):read(1))
      local r = io.open('w') print(r:write('x')) r:close()
      io.output('out') io.write('through io.output') io.close()
      io.input('out') print(io.read('a'))`,
    );
    expect(out).toBe(
      [
        'nil\tmissing: No such file or directory\t2',
        'nil\trom: Is a directory\t21',
        'nil\trom/x: Permission denied\t13',
        'nil\trom/README.txt: Permission denied\t13',
        "false\tbad argument #2 to 'io.open' (invalid mode)", // called from C (pcall): named as Lua names it
        "false\tbad argument #2 to 'io.open' (invalid mode)",
        "false\tcannot open file 'missing' (No such file or directory)",
        "false\tcannot open file 'missing' (No such file or directory)",
        'nil\tBad file descriptor\t9',
        'nil\tBad file descriptor\t9',
        'through io.output',
        '',
      ].join('\n'),
    );
  });

  it('writes the buffers of files left open at the end, and closes them (the files limit counts them)', async () => {
    const { out } = await runAll(
      vm,
      `local f = io.open('left', 'w') f:write('kept') local g = io.open('left2', 'a') g:write('also')`,
      `local a, b = io.open('left'), io.open('left2')
      print(a:read('a'), b:read('a'))
      local n, err = 0
      local open = {} -- held: a file that is garbage is closed by the collector
      repeat local f f, err = io.open('left') n = n + 1 open[n] = f until not f
      print(n, err)`,
    );
    expect(out).toBe('kept\talso\n127\tleft: Too many open files\n');
  });
});

const ROOT = fileURLToPath(new URL('..', import.meta.url));

describe.skipIf(!existsSync(join(ROOT, 'dist', 'cli', 'main.js')))('io files through thox run --mount', () => {
  it('reads a host file with io.lines and writes one with io.open', () => {
    const dir = mkdtempSync(join(tmpdir(), 'thox-io-files-'));
    const host = mkdtempSync(join(tmpdir(), 'thox-io-host-'));
    writeFileSync(join(host, 'in.txt'), 'alpha\nbeta\n');
    const program = join(dir, 'copy.lua');
    writeFileSync(
      program,
      `local n = 0
      for line in io.lines('host/in.txt') do n = n + 1 print(n, line) end
      local f = assert(io.open('host/out.txt', 'w'))
      f:write('lines: ', n, '\\n')
      print(f:close(), io.open('host/missing'))`,
    );
    const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'thox.js'), 'run', '--store', join(dir, 'store'), '--mount', `host=${host}`, program], {
      encoding: 'utf8',
      env: { ...process.env, CI: 'true' },
    });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('1\talpha\n2\tbeta\ntrue\tnil\thost/missing: No such file or directory\t2\n');
    expect(readFileSync(join(host, 'out.txt'), 'utf8')).toBe('lines: 2\n');
  });
});
