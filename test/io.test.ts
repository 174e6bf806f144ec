// io over a process's streams and the os calls beside it, as a program sees them on both VMs: writes and reads in
// every format, the host's input, pipes between processes (back-pressure, ends), buffers flushed at the right times,
// closed-file errors in Lua's words, os.getenv and os.exit (files: test/io-files.test.ts).
import { describe, expect, it } from 'vitest';
import { PIPE_CAPACITY } from '../src/kernel/streams.js';
import { simulate, type SimulationOptions } from '../src/testing.js';
import { LuaTable, VM_NAMES } from '../src/vm/vm.js';

async function runMain(vm: (typeof VM_NAMES)[number], source: string, options: SimulationOptions = {}) {
  const sim = await simulate({ vm, ...options, programs: { main: source, ...options.programs } });
  const p = sim.spawn('main');
  const result = sim.run();
  expect(sim.check()).toEqual([]);
  return { sim, p, result, out: sim.output.stdout, err: sim.output.stderr };
}

describe.each(VM_NAMES)('io on %s', (vm) => {
  it('writes through print, io.write and io.stdout in one order, numbers as Lua writes them', async () => {
    const { out, err, p } = await runMain(
      vm,
      `
      io.write('a', 1, ' ', 2.5, ' ', 1.0, ' ', 1e100, '\\n')
      print('b', nil, true)
      assert(io.stdout:write('c'):write('d\\n') == io.stdout)
      os.write('e\\n')
      io.stderr:write('to stderr\\n')
      print(io.type(io.stdout), io.type(42), io.type(io.stdin), tostring(io.stdout):match('^file %(') ~= nil)
      print(io.output() == io.stdout, io.input() == io.stdin, package.loaded.io == io)
      io.write('no newline at the end')`,
    );
    expect(p.exit?.kind).toBe('exited');
    expect(out).toBe('a1 2.5 1 1e+100\nb\tnil\ttrue\ncd\ne\nfile\tnil\tfile\ttrue\ntrue\ttrue\ttrue\nno newline at the end');
    expect(err).toBe('to stderr\n');
  });

  it('reads the host input in every format, nil at its end', async () => {
    const { out } = await runMain(
      vm,
      `
      print(io.read())
      print(io.read('L'))
      print(io.read('n', 'n', 'l'))
      print(io.read(3), io.read(0), io.read('*l'))
      print(io.read('n'))
      print(io.read('a'))
      print(io.read('a'), io.read('l'), io.read(0), io.read(1))`,
      { stdin: 'first\nsecond\n 12  0x10 rest\nabcdef\n12e\n tail\nlast' },
    );
    expect(out).toBe(['first', 'second\n', '12\t16\t rest', 'abc\t\tdef', 'nil', '\n tail\nlast', '\tnil\tnil\tnil', ''].join('\n'));
  });

  it('iterates io.lines() and file:lines with formats; an empty input gives nil at once', async () => {
    const a = await runMain(vm, `local n = 0 for l in io.lines() do n = n + #l end print(n) for a, b in io.stdin:lines(1, 'l') do print(a, b) end`, {
      stdin: 'xy\nz\n',
    });
    expect(a.out).toBe('3\n');
    const b = await runMain(vm, `for a, b in io.stdin:lines(1, 'l') do print(a, b) end print(io.read())`, { stdin: 'xy\nz\n' });
    expect(b.out).toBe('x\ty\nz\t\nnil\n');
    const c = await runMain(vm, `print(io.read(), io.read('a'), io.read('n'))`);
    expect(c.out).toBe('nil\t\tnil\n');
  });

  it('hands out io.lines() split ahead by the thousand, and reads between lines take up where the lines stopped', async () => {
    const { out } = await runMain(
      vm,
      `local n, last = 0
      for l in io.lines() do n = n + 1 last = l if n == 4097 then print('read', io.read('n'), io.read()) end end
      print(n, #last, last:sub(1, 3))`,
      { stdin: `${'\n'.repeat(5000)}42 tail\n${'x'.repeat(100000)}\nend` },
    );
    expect(out).toBe('read\t42\t tail\n4099\t3\tend\n'); // as lua5.4 reads the same input
  });

  it('blocks only the reading task until the host gives input', async () => {
    const sim = await simulate({
      vm,
      stdin: null,
      programs: { reader: `io.write('prompt> ') print('got', io.read())`, other: `os.sleep(1) print('other task')` },
    });
    const reader = sim.spawn('reader');
    const other = sim.spawn('other');
    expect(sim.run().kind).toBe('input');
    expect(other.exit?.kind).toBe('exited');
    expect(reader.exit).toBeNull();
    expect(sim.output.stdout).toBe('prompt> other task\n'); // the prompt came out before the read waited
    sim.kernel.streams.feed('hello\n');
    sim.run();
    expect(sim.output.stdout).toBe('prompt> other task\ngot\thello\n');
  });

  it('gives a child pipes: a parent feeds it and reads its output; children otherwise share the parent streams', async () => {
    const { out } = await runMain(
      vm,
      `
      local pid, p = os.run_code([[
        local sum = 0
        for line in io.lines() do sum = sum + tonumber(line) end
        print('sum', sum)
      ]], { stdin = 'pipe', stdout = 'pipe' })
      print(io.type(p.stdin), io.type(p.stdout), p.stderr)
      for i = 1, 20000 do p.stdin:write(i, '\\n') end
      p.stdin:close()
      print(p.stdout:read('a'))
      print(os.wait(pid))
      os.wait(os.run_code([[print('inherited')]]))`,
    );
    expect(out).toBe('file\tfile\tnil\nsum\t200010000\n\n0\texited\tnil\ninherited\n');
  });

  it('connects two children into a pipeline; a reader sees the end when every writer closed', async () => {
    const { out } = await runMain(
      vm,
      `
      local a, pa = os.run_code([[for i = 1, 3 do print('line ' .. i) end]], { stdout = 'pipe' })
      local b, pb = os.run_code([[for l in io.lines() do print((l:upper())) end]], { stdin = pa.stdout, stdout = 'pipe' })
      pa.stdout:close()
      io.write(pb.stdout:read('a'))
      print(os.wait(a), os.wait(b))
      print(pcall(os.run_code, 'x', { stdin = io.stdout }))
      print(pcall(os.run_code, 'x', { stdout = 'tube' }))`,
    );
    expect(out).toBe(
      [
        'LINE 1',
        'LINE 2',
        'LINE 3',
        '0\t0\texited\tnil',
        `false\tbad argument #2 to 'run_code' (field 'stdin' must be "pipe" or a file open for reading)`,
        `false\tbad argument #2 to 'run_code' (field 'stdout' must be "pipe" or a file open for writing)`,
        '',
      ].join('\n'),
    );
  });

  it('bounds a pipe: the writer waits while it is full, and the bytes it holds are charged to its owner', async () => {
    const s = await simulate({ vm });
    const parent = s.kernel.spawn({
      name: 'main',
      source: `
        local pid, p = os.run_code([[
          local chunk = string.rep('x', 1000)
          for i = 1, 1000 do io.write(chunk) end
        ]], { stdout = 'pipe' })
        os.sleep(1)
        print('child', os.info(pid).state)
        os.pull('go')
        print('read', #p.stdout:read('a'))`,
    });
    s.run({ until: () => s.output.stdout.includes('child') });
    s.run({ deadlineMs: s.kernel.now() + 10 });
    expect(s.output.stdout).toBe('child\trunning\n');
    expect(parent.usage.bytes).toBeGreaterThanOrEqual(PIPE_CAPACITY);
    expect(parent.usage.bytes).toBeLessThan(PIPE_CAPACITY + 16 * 1024);
    s.kernel.queueEvent(parent, LuaTable.from({ type: 'go' }));
    s.run();
    expect(s.output.stdout).toBe('child\trunning\nread\t1000000\n');
    expect(parent.usage.bytes).toBe(0);
  });

  it('reports a broken pipe, closed files and standard files in Lua words', async () => {
    const { out } = await runMain(
      vm,
      `
      local pid, p = os.run_code([[]], { stdin = 'pipe' })
      os.wait(pid)
      print(p.stdin:write('x'):flush())
      print(p.stdin:close(), io.type(p.stdin), tostring(p.stdin))
      print(pcall(p.stdin.write, p.stdin, 'x'))
      print(pcall(io.close, p.stdin))
      print(io.stdout:close())
      print(pcall(io.write, {}))
      print(pcall(io.read, 'x'))
      print(pcall(io.stdout.write))
      print(io.stdout:setvbuf('no'), pcall(io.stdout.setvbuf, io.stdout, 'big'))
      print(io.stdin:seek())
      print(pcall(io.stdin.seek, io.stdin, 'middle'))`,
    );
    expect(out).toBe(
      [
        'nil\tbroken pipe\t32',
        'true\tclosed file\tfile (closed)',
        'false\tattempt to use a closed file',
        'false\tattempt to use a closed file',
        'nil\tcannot close standard file',
        "false\tbad argument #1 to 'io.write' (string expected, got table)", // from pcall: named as Lua names it
        "false\tbad argument #1 to 'read' (invalid format)",
        "false\tbad argument #1 to 'write' (FILE* expected, got no value)",
        "true\tfalse\tbad argument #2 to '?' (invalid option 'big')", // a method from pcall: the file counts, as in Lua
        'nil\tIllegal seek\t29',
        "false\tbad argument #2 to '?' (invalid option 'middle')",
        '',
      ].join('\n'),
    );
  });

  it('writes buffered output out before blocking, at exit, on an error exit and before killing itself', async () => {
    const a = await runMain(vm, `io.write('before sleep ') os.sleep(1) io.write('after') error('boom')`);
    expect(a.out).toBe('before sleep after');
    expect(a.p.exit?.kind).toBe('error');
    const b = await runMain(vm, `io.write('exit code') os.exit(false)`);
    expect(b.out).toBe('exit code');
    expect(b.p.exit?.code).toBe(1);
    const c = await runMain(vm, `io.write('kept') os.kill(os.pid())`);
    expect(c.out).toBe('kept');
    expect(c.p.exit?.kind).toBe('killed');
  });

  it('gives os.getenv a per-process environment: empty at the top, passed or inherited by children', async () => {
    const { out } = await runMain(
      vm,
      `
      print(os.getenv('HOME'), os.getenv('PATH'))
      local pid, p = os.run_code([[
        print(os.getenv('X'), os.getenv('Y'))
        os.wait(os.run_code('print(os.getenv("X"))'))
      ]], { env = { X = '1' }, stdout = 'pipe' })
      io.write(p.stdout:read('a'))
      print(pcall(os.getenv, {}))
      print(pcall(os.run_code, '', { env = { X = 1 } }))
      print(os.exit == os.exit, pcall(os.exit, 'x'))`,
    );
    expect(out).toBe(
      [
        'nil\tnil',
        '1\tnil',
        '1',
        "false\tbad argument #1 to 'os.getenv' (string expected, got table)", // called from C (pcall), as Lua names it
        "false\tbad argument #2 to 'run_code' (field 'env' must map strings to strings)",
        "true\tfalse\tbad argument #1 to 'os.exit' (number expected, got string)",
        '',
      ].join('\n'),
    );
  });

  it('hands buffered output to the host after every slice, whole and in order, wherever a preemption lands', async () => {
    const sim = await simulate({
      vm,
      quantum: 100,
      programs: {
        printer: `for i = 1, 3000 do if i % 2 == 0 then print(i) else io.write(i, '\\n') end end`,
        spinner: `local x = 0 for i = 1, 200000 do x = x + i end`,
        waiter: `print('before the loop') local x = 0 for i = 1, 200000 do x = x + i end`,
      },
    });
    sim.spawn('printer');
    sim.spawn('spinner');
    const waiter = sim.spawn('waiter');
    sim.run({ until: () => sim.output.stdout.includes('before the loop') });
    expect(waiter.exit).toBeNull(); // printed, not yet ended: the line came out after its slice
    sim.run();
    const lines = sim.output.stdout.split('\n').filter((l) => l !== 'before the loop' && l !== '');
    expect(lines).toEqual(Array.from({ length: 3000 }, (_, i) => String(i + 1)));
  });

  it("keeps io.write's fast path (strings straight into the sink) Lua's: results, numbers, errors where the call is", async () => {
    const { out } = await runMain(
      vm,
      `
      local w = io.write
      print(w('a') == io.stdout, w('b', 'c') == io.stdout, w() == io.stdout, select('#', w('d')))
      w(1, ' ', 2.5, '\\n')
      os.write('e') io.stdout:write('f') print('g')
      print(pcall(w, {}))
      print(pcall(w, 'x', nil))
      print(pcall(w, 'x', print))
      print(select(2, pcall(function() w('ok', {}) end)))
      print(io.close())`,
    );
    expect(out).toBe(
      [
        'abcdtrue\ttrue\ttrue\t1',
        '1 2.5',
        'efg',
        "false\tbad argument #1 to 'io.write' (string expected, got table)",
        "xfalse\tbad argument #2 to 'io.write' (string expected, got nil)",
        "xfalse\tbad argument #2 to 'io.write' (string expected, got function)",
        "okmain:9: bad argument #2 to 'w' (string expected, got table)", // the call's name, as Lua's luaL_argerror gives
        'nil\tcannot close standard file',
        '',
      ].join('\n'),
    );
  });

  it('sends io.write to the default output: a file while io.output names one (cached io.write too), then standard output again', async () => {
    const { out } = await runMain(
      vm,
      `
      local w = io.write
      w('a')
      local f = io.output('out.txt')
      w('to the file') io.write(' too', 1) print(' p')
      assert(w('x') == f)
      io.output(io.stdout)
      w('b\\n')
      f:close()
      print(io.open('out.txt'):read('a'))
      io.output('out2.txt')
      io.close()
      print(pcall(w, 'y'))
      io.output(io.stdout)
      w('c\\n')`,
    );
    expect(out).toBe(['a p', 'b', 'to the file too1x', 'false\tdefault output file is closed', 'c', ''].join('\n'));
  });

  it("honours standard output's mode and ends: unbuffered reaches a pipe at once, a killed process's buffer is lost", async () => {
    const { out } = await runMain(
      vm,
      `
      local a, pa = os.run_code([[io.stdout:setvbuf('no') io.write('now') while true do end]], { stdout = 'pipe' })
      print(pa.stdout:read(3))
      os.kill(a)
      local b, pb = os.run_code([[io.write('lost') print('lost too') while true do end]], { stdout = 'pipe' })
      os.sleep(0.05)
      os.kill(b)
      print(pb.stdout:read('a') == '')`,
    );
    expect(out).toBe('now\ntrue\n');
  });

  it('exits with os.exit(true) as 0 and os.exit(false) as 1', async () => {
    expect((await runMain(vm, 'os.exit(true)')).p.exit?.code).toBe(0);
    expect((await runMain(vm, 'os.exit(false)')).p.exit?.code).toBe(1);
  });
});
