// The sandbox and the native API as a process sees them: no host access, limits that kill only the
// offender, errors with positions, processes, tasks, require, pattern matching and the runtimes.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SpawnError } from '../src/kernel/kernel.js';
import { simulate } from '../src/testing.js';
import { VM_NAMES } from '../src/vm/vm.js';

const VMS = VM_NAMES;

async function runOne(vm: (typeof VMS)[number], source: string, extra: Record<string, string> = {}, runtime?: string) {
  const sim = await simulate({ vm, programs: { main: source, ...extra } });
  const p = sim.spawn('main', [], runtime);
  sim.run();
  expect(sim.check()).toEqual([]);
  return { sim, p, out: sim.output.stdout, err: sim.output.stderr };
}

describe.each(VMS)('sandbox on %s', (vm) => {
  it('offers no way to the host', async () => {
    const { out } = await runOne(
      vm,
      `
      print(io.popen, os.execute, package.loadlib, package.cpath ~= '' or nil, os.setlocale('pt_BR'), (loadfile('/x')), (pcall(dofile, '/x')) or nil, (load('\\27Lua')), os.getenv('HOME'), os.getenv('PATH'), (io.stdin:seek()))
      print(debug.getregistry, debug.debug, type(debug.sethook), type(debug.traceback))
      print(load('\\27Lua'))
      print(pcall(load, 'return 1', 'x', 'x'))
      print(load('return 1', 'x', 'b'))
      print(load('return x', 'c', 't', { x = 42 })(), load('return os ~= nil')())`,
    );
    expect(out).toBe(
      [
        'nil\tnil\tnil\tnil\tnil\tnil\tnil\tnil\tnil\tnil\tnil',
        'nil\tnil\tfunction\tfunction',
        'nil\tattempt to load a binary chunk (thox loads only what string.dump made in this process)',
        "true\tnil\tattempt to load a text chunk (mode is 'x')",
        "nil\tattempt to load a text chunk (mode is 'b')",
        '42\ttrue',
        '',
      ].join('\n'),
    );
  });

  it("accepts __gc metamethods and gives collectgarbage Lua's options (finalizers: test/finalizers.test.ts)", async () => {
    const { out } = await runOne(
      vm,
      `
      print(pcall(setmetatable, {}, { __gc = function() end }))
      print(getmetatable(setmetatable({}, { __index = {} })) ~= nil)
      print(pcall(collectgarbage, 'nonsense'))
      print(type(collectgarbage('count')))`,
    );
    expect(out).toMatch(/^true\ttable: \S+\ntrue\nfalse\tbad argument #1 to 'collectgarbage' \(invalid option 'nonsense'\)\nnumber\n$/);
  });

  it('reports a runtime error with file, line and traceback, and exit code 1', async () => {
    const { p } = await runOne(vm, `local function f()\n  error('boom')\nend\nf()`);
    expect(p.exit).toMatchObject({ code: 1, kind: 'error', message: 'main:2: boom' });
    expect(p.exit?.traceback).toMatch(/stack traceback:[\s\S]*main:4: in main chunk/);
  });

  it("shows the preludes' frames in a traceback as the C function they stand for, as lua5.4 prints it", async () => {
    const { p } = await runOne(vm, `local s = ('x'):gsub('x', function() error('in gsub') end)`);
    const c = vm === 'wasmoon' ? 'C' : 'JS'; // fengari marks its own functions [JS]
    expect(p.exit?.traceback).toBe(
      `stack traceback:\n\t[${c}]: in function 'error'\n\tmain:1: in function <main:1>\n\t[${c}]: in function 'string.gsub'\n\tmain:1: in main chunk`,
    );
    expect(p.exit?.traceback).not.toMatch(/\n\t\?: in /);
  });

  it('exits with the code given to os.exit, from any task or coroutine', async () => {
    const { p, out } = await runOne(
      vm,
      `
      local t = os.spawn(function() coroutine.wrap(function() os.exit(7) end)() end)
      os.join(t)
      print('not reached')`,
    );
    expect(p.exit).toMatchObject({ code: 7, kind: 'exited' });
    expect(out).toBe('');
  });

  it('refuses a syntax error at spawn with the chunk and line', async () => {
    const sim = await simulate({ vm, programs: { bad: 'local x =\n= 2' } });
    expect(() => sim.spawn('bad')).toThrow(SpawnError);
    expect(() => sim.spawn('bad')).toThrow(/bad:2: unexpected symbol near '='/);
    expect(() => sim.spawn('nope')).toThrow('program not found: nope');
    expect(() => sim.spawn('bad', [], 'nosuch')).toThrow("unknown runtime 'nosuch'");
  });

  it('runs child processes, waits for them, and reports their statuses', async () => {
    const { out } = await runOne(
      vm,
      `
      local ok = assert(os.run('child', { args = { 'hi', 3 } }))
      local bad = assert(os.run_code('error("child failed")', { name = 'inline' }))
      print(os.wait(ok))
      print(os.wait(bad))
      print(os.run('nope'))
      print(os.run_code('x ='))
      print(os.wait(12345))
      print(pcall(os.sleep, -1))`,
      { child: `local a, b = ... print('child', a, b, os.ppid()) os.exit(tonumber(b))` },
    );
    expect(out).toBe(
      [
        'child\thi\t3\t1',
        '3\texited\tnil',
        '1\terror\tinline:1: child failed',
        'nil\tprogram not found: nope',
        'nil\tcode:1: unexpected symbol near <eof>',
        'nil\tnot a child of this process: 12345',
        "false\tbad argument #1 to 'sleep' (seconds must be a finite number >= 0, got -1)",
        '',
      ].join('\n'),
    );
  });

  it("keeps an ended child's record until its parent waits; a parent that ends leaves no orphans", async () => {
    const { sim, out } = await runOne(
      vm,
      `
      local quick = os.run_code('return', { name = 'quick' })
      os.sleep(1)
      print('zombie', os.rpc(0).proc.info(quick).state)
      print(os.wait(quick))
      local function gone(pid) local ok, e = pcall(os.rpc(0).proc.info, pid) return not ok and e:match('no such process: %d+') end
      print('reaped', gone(quick))
      -- the middle process starts a sleeper and an early-ending child, then ends without waiting
      local middle = os.run_code([[
        os.run_code('os.sleep(100)', { name = 'sleeper' })
        os.run_code('return', { name = 'early' })
        os.sleep(1)
      ]], { name = 'middle' })
      os.wait(middle)
      local sleeper, early
      for _, p in ipairs(os.rpc(0).proc.list()) do
        if p.name == 'sleeper' then sleeper = p end
      end
      print('adopted', sleeper.ppid == os.pid(), gone(middle + 2)) -- the early child: reaped with its parent
      print(os.kill(sleeper.pid))
      print(os.wait(sleeper.pid))`,
    );
    expect(out).toBe(
      [
        'zombie\texited',
        '0\texited\tnil',
        'reaped\tno such process: 2',
        'adopted\ttrue\tno such process: 5',
        'true',
        '137\tkilled\tkilled by process 1',
        '',
      ].join('\n'),
    );
    expect([...sim.kernel.processes.keys()]).toEqual([1]);
  });

  it("proc.wait by the parent collects the child; a watcher that ends first leaves the parent's wait whole", async () => {
    const { sim, out } = await runOne(
      vm,
      `
      local r = os.rpc(0)
      local child = os.run_code('os.sleep(1)', { name = 'child' })
      print(r.proc.wait(child))
      print(select(2, pcall(r.proc.info, child)):match('no such process: %d+'))
      local long = os.run_code('os.sleep(5)', { name = 'long' })
      local watcher = os.run_code('os.call(0, "proc.wait", ...) os.sleep(1)', { name = 'watcher', args = { long } })
      os.wait(watcher)
      print(os.wait(long))
      -- a proc.wait that timed out collects nothing: the status stays for os.wait
      local late = os.run_code('os.sleep(0.2) os.exit(7)', { name = 'late' })
      print(pcall(function() return os.rpc(0, { timeout = 0.05 }).proc.wait(late) end))
      os.sleep(0.5)
      print(os.wait(late))`,
    );
    expect(out.replace(/\tmain:\d+: call 'proc.wait' failed: /, '\t')).toBe(
      ['0\texited\tnil', 'no such process: 2', '0\texited\tnil', "false\ttimeout: no answer to 'proc.wait' in time", '7\texited\tnil', ''].join('\n'),
    );
    expect([...sim.kernel.processes.keys()]).toEqual([1]);
  });

  it('os.clock and os.info count the slice running now (a lone task runs up to 100 quanta in one slice)', async () => {
    const { out } = await runOne(
      vm,
      `
      local c0, i0 = os.clock(), os.info().instructions
      local x = 0
      for i = 1, 100000 do x = x + i end -- about 200,000 instructions: within one slice
      local c1, i1 = os.clock(), os.info().instructions
      print(c1 > c0, i1 - i0 >= 150000, math.abs(os.info().cpu - os.clock()) < 1e-3)`,
    );
    expect(out).toBe('true\ttrue\ttrue\n');
  });

  it('debug.traceback: levels count from the caller, prelude frames read as C ones, non-strings pass through', async () => {
    const { out } = await runOne(
      vm,
      [
        "local function g(level) return (debug.traceback('g', level)) end",
        'local function h(level) local t = g(level) return t end',
        "local function first(t) return t:match('stack traceback:\\n\\t([^\\n]*)') end",
        'print(first(h()), first(h(2)))',
        "print(first(debug.traceback('here')))",
        "local t = ('x'):gsub('x', function() return debug.traceback('cb'):find('\\n\\t%[%u+%]: in function .string.gsub.') and 'named' or 'unnamed' end)",
        "print(t, debug.traceback('cb') :find('\\n\\t%?: in ') == nil)",
        'local tbl = {} print(debug.traceback(tbl) == tbl, (pcall(debug.traceback, "x", "bad")))',
        "print(debug.traceback('m', -1) == 'm\\nstack traceback:', first(debug.traceback(coroutine.running(), 'cur')))",
        "print(debug.traceback('keep\\n\\t?: in mine'):match('^keep\\n\\t%?: in mine\\n') ~= nil)",
      ].join('\n'),
    );
    const [levels, here, named, bad, thread, message] = out.trim().split('\n');
    expect(levels).toMatch(/^main:1: in .*\tmain:2: in /);
    expect(here).toMatch(/^main:5: in main chunk$/);
    expect(named).toBe('named\ttrue');
    expect(bad).toBe('true\tfalse');
    expect(thread).toBe('true\tmain:9: in main chunk'); // the running thread: counted from the caller
    expect(message).toBe('true'); // the message itself is never rewritten
  });

  it("a runtime prelude runs in the child's own slices: os.run returns at once, the prelude is preempted, charged to the child, killable", async () => {
    const sim = await simulate({
      vm,
      programs: {
        main: `
          os.spawn(function() for _ = 1, 3 do print('tick') os.yield() end end)
          local pid = os.run('child', { runtime = 'spin' })
          print('returned', os.info(pid).instructions)
          print(os.wait(pid))
          local victim = os.run('child', { runtime = 'spin' })
          os.sleep(0.005) -- its prelude has started, not ended
          print(os.kill(victim), os.wait(victim))`,
        child: 'print("child", os.info().instructions > 1e6)',
      },
      runtimes: { spin: 'local x = 0 for i = 1, 1e6 do x = x + i end print("prelude", os.clock() > 0, os.info().instructions > 1e6)' },
    });
    sim.spawn('main');
    sim.run();
    // the ticks run between the prelude's slices; a killed prelude never reaches its print
    expect(sim.output.stdout).toBe('returned\t0\ntick\ntick\ntick\nprelude\ttrue\ttrue\nchild\ttrue\n0\texited\tnil\ntrue\t137\tkilled\tkilled by process 1\n');
  });

  it('runs tasks that share the process state and joins them', async () => {
    const { out, err } = await runOne(
      vm,
      `
      local shared = {}
      local a = os.spawn(function(x) for i = 1, 3 do shared[#shared + 1] = x .. i os.yield() end return 'a done' end, 'a')
      local b = os.spawn(function() for i = 1, 3 do shared[#shared + 1] = 'b' .. i os.yield() end error('b fails') end)
      print(os.join(a))
      print(os.join(b))
      print(table.concat(shared, ' '))
      print(os.tid(), os.join(99))
      local lone = os.spawn(function() error('nobody joins me') end)
      os.yield() os.yield()`,
    );
    expect(out).toBe('true\ta done\nfalse\tmain:4: b fails\na1 b1 a2 b2 a3 b3\n1\tfalse\tno such task in this process: 99\n');
    expect(err).toBe('task 4 failed: main:9: nobody joins me\n');
  });

  it("keeps the kernel's own timers, argument types and exit codes out of a program's reach", async () => {
    const { out, p } = await runOne(
      vm,
      `
      local t = os.spawn(function() print('task') os.sleep(0.1) print('task woke') end)
      os.yield()
      print('main', os.cancel(1))
      os.join(t)
      os.wait(os.run_code('print(...)', { args = { 2.5, 3, 'x' } }))
      print(pcall(os.run_code, 'print(...)', { args = { {} } }))
      print(pcall(os.exit, 1.5))
      print(pcall(os.join, os.tid()))
      print(os.date('%Y-%m-%d %H:%M', 3600))
      print(os.wait(os.run_code('os.kill(os.pid()) print("not reached")')))
      os.exit(5)`,
    );
    expect(out).toBe(
      [
        'task',
        'main\tfalse',
        'task woke',
        '2.5\t3\tx',
        "false\tbad argument #2 to 'run_code' (field 'args' must hold strings or numbers (args[1] is a table))",
        "false\tbad argument #1 to 'os.exit' (number has no integer representation)",
        'false\ta task cannot join itself',
        '1970-01-01 01:00',
        '137\tkilled\tkilled by process 3',
        '',
      ].join('\n'),
    );
    expect(p.exit?.code).toBe(5);
  });

  it('loads libraries with require, once, and names what it looked for', async () => {
    const sim = await simulate({
      vm,
      programs: {
        main: `
          local m = require('mylib')
          print(m.twice(21), require('mylib') == m, loads)
          print(pcall(require, 'missing'))
          print(pcall(require, 'cyc_a'))`,
      },
      libraries: {
        mylib: `loads = (loads or 0) + 1 return { twice = function(x) return 2 * x end }`,
        cyc_a: `return require('cyc_b')`,
        cyc_b: `return require('cyc_a')`,
      },
    });
    sim.spawn('main');
    sim.run();
    expect(sim.output.stdout).toBe(
      [
        '42\ttrue\t1',
        "false\tmodule 'missing' not found:\n\tno field package.preload['missing']\n\tno file './missing.lua'\n\tno file './missing/init.lua'\n\tno library 'libraries/missing.lua' in the store",
        "false\trequire: cycle detected while loading 'cyc_a'",
        '',
      ].join('\n'),
    );
  });

  it('matches patterns like Lua and bounds pathological ones', async () => {
    const { out } = await runOne(
      vm,
      `
      print(('key = value'):match('^(%w+)%s*=%s*(.-)%s*$'))
      print(('hello world'):gsub('o', '0'))
      print(('abc'):gsub('x*', '-'))
      print(('$a and $b'):gsub('%$(%w+)', { a = 1 }))
      print(('abc'):gsub('%w', function(c) return c:upper() end, 2))
      for k, v in ('a=1, b=2'):gmatch('(%w+)=(%w+)') do print(k, v) end
      print(('x.y'):find('.', 1, true), ('x.y'):find('%.'), ('()'):find('()'))
      print(pcall(string.find, ('a'):rep(10000), '.-.-.-.-b$'))
      print(pcall(string.gsub, 'x', '%', 'y'))`,
    );
    expect(out).toBe(
      [
        'key\tvalue',
        'hell0 w0rld\t2',
        '-a-b-c-\t4',
        '1 and $b\t2',
        'ABc\t2',
        'a\t1',
        'b\t2',
        '2\t2\t1\t0\t1',
        'false\ttoo long without yielding (pattern matching)',
        "false\tmalformed pattern (ends with '%')",
        '',
      ].join('\n'),
    );
  });

  it("bounds a host-matched gsub result in memory and steps, with Lua's messages at the caller", async () => {
    // 'aa-a-a-a-a-a-' is too costly for Lua's C matcher on 1,000 bytes: these calls take the host's path
    const { out, p } = await runOne(
      vm,
      `
      local s, p = ('a'):rep(1000), 'aa-a-a-a-a-a-'
      print(pcall(function() local r = s:gsub(p, ('%0'):rep(1024 * 1024)) return r end))
      local r, n = s:gsub(p, ('x'):rep(1024 * 1024), 20)
      print(#r, n, r:sub(1, 3), r:sub(-3))
      print(select(2, s:gsub(p, '<%0%%>')), (s:gsub(p, '<%0%%>')):sub(1, 8))
      print(pcall(string.gsub, ('ab'):rep(30), 'a-a-a-a-a-a-a-a-(b)', '%2'))
      print(pcall(string.gsub, ('ab'):rep(30), 'a-a-a-a-a-a-a-a-()b', '%1', 3))`,
    );
    expect(p.exit).toMatchObject({ code: 0, kind: 'exited' });
    expect(out).toBe(
      [
        'false\tmain:3: too long without yielding (pattern matching)',
        `${20 * 1024 * 1024 + 980}\t20\txxx\taaa`,
        '1000\t<a%><a%>',
        'false\tinvalid capture index %2',
        `true\t246${'ab'.repeat(27)}\t3`,
        '',
      ].join('\n'),
    );
  });

  it('ends a process whose host-matched gsub result would pass its memory limit: no pcall saves it', async () => {
    const sim = await simulate({
      vm,
      memoryLimit: 4 * 1024 * 1024,
      programs: {
        main: `
      local s = ('a'):rep(1000)
      print(#s:gsub('aa-a-a-a-a-a-', ('x'):rep(1024)))
      io.flush() -- a killed process loses what its buffers hold, as a C program killed by a signal does
      print(pcall(function() local r = s:gsub('aa-a-a-a-a-a-', ('x'):rep(8192)) return r end))
      print('saved')`,
      },
    });
    const p = sim.spawn('main');
    sim.run();
    expect(sim.output.stdout).toBe('1024000\n');
    expect(p.exit).toMatchObject({ code: 137, kind: 'killed', message: 'out of memory' });
  });

  it('gives os.time a table as Lua 5.4 does, in UTC: fields checked, normalised and written back', async () => {
    const { out, p } = await runOne(
      vm,
      `
      local function show(t)
        local ok, r = pcall(os.time, t)
        if not ok then return print(r) end
        print(('%.0f'):format(r), ('%.0f-%.0f-%.0f %.0f:%.0f:%.0f yday %d wday %d'):format(
          t.year, t.month, t.day, t.hour, t.min, t.sec, t.yday, t.wday), t.isdst)
      end
      show({ year = 2000, month = 1, day = 1 })
      show({ year = 0, month = 1, day = 1, hour = 0 })
      show({ year = 2024, month = 14, day = 0, hour = -1, min = 61, sec = -1 })
      show({ year = '1970', month = 1.0, day = 1, hour = 0, isdst = true })
      show({ year = 2100, month = 1, day = 1 })
      show({ year = 1969, month = 12, day = 31, hour = 23, min = 59, sec = 59 })
      show({ year = 2^31 - 1 + 1900, month = 13, day = 1 })
      show({ year = -2^31 + 1899, month = 1, day = 1 })
      show({ year = 2000, month = 1, day = 1, hour = 2^31 })
      show({ year = 2000, month = 1.5, day = 1 })
      show({ year = 2000, month = {}, day = 1 })
      show({ year = 2000, month = 1 })
      show({ year = 2000, month = 1, day = 2^63 })
      show(setmetatable({}, { __index = { year = 2001, month = 2, day = 3 } }))
      show(5)
      print(pcall(function() local r = os.time({ year = 0.5 }) return r end))
      print(pcall(function() local r = os.time('x') return r end))`,
    );
    expect(p.exit).toMatchObject({ code: 0, kind: 'exited' });
    expect(out).toBe(
      [
        '946728000\t2000-1-1 12:0:0 yday 1 wday 7\tfalse',
        '-62167219200\t0-1-1 0:0:0 yday 1 wday 7\tfalse',
        '1738281659\t2025-1-31 0:0:59 yday 31 wday 6\tfalse',
        '0\t1970-1-1 0:0:0 yday 1 wday 5\tfalse',
        '4102488000\t2100-1-1 12:0:0 yday 1 wday 6\tfalse',
        'time result cannot be represented in this installation',
        'time result cannot be represented in this installation',
        "field 'year' is out-of-bound",
        "field 'hour' is out-of-bound",
        "field 'month' is not an integer",
        "field 'month' is not an integer",
        "field 'day' missing in date table",
        "field 'day' is not an integer",
        '981201600\t2001-2-3 12:0:0 yday 34 wday 7\tfalse',
        "bad argument #1 to 'os.time' (table expected, got number)", // called from C (pcall), as Lua names it
        "false\tmain:23: field 'year' is not an integer",
        "false\tmain:24: bad argument #1 to 'time' (table expected, got string)",
        '',
      ].join('\n'),
    );
  });

  it('agrees between os.time and os.date on random out-of-range tables', async () => {
    const { out, p } = await runOne(
      vm,
      `
      math.randomseed(7)
      local bad = 0
      for _ = 1, 500 do
        local t = { year = math.random(-3000, 5000), month = math.random(-30, 30), day = math.random(-100, 100),
          hour = math.random(-50, 50), min = math.random(-100, 100), sec = math.random(-5000, 5000) }
        local r = os.time(t)
        local d = os.date('!*t', r)
        for _, k in ipairs({ 'year', 'month', 'day', 'hour', 'min', 'sec', 'yday', 'wday' }) do
          if d[k] ~= t[k] then bad = bad + 1 print(k, d[k], t[k]) end
        end
        if os.time(t) ~= r then bad = bad + 1 end
      end
      print('mismatches', bad)`,
    );
    expect(p.exit).toMatchObject({ code: 0, kind: 'exited' });
    expect(out).toBe('mismatches\t0\n');
  });

  it('seeds math.random from the kernel, so a seed replays it', async () => {
    const draw = async (seed: number) => {
      const sim = await simulate({ vm, seed, programs: { r: `print(math.random(1, 1000000), math.random())` } });
      sim.spawn('r');
      sim.run();
      return sim.output.stdout;
    };
    expect(await draw(3)).toBe(await draw(3));
    expect(await draw(3)).not.toBe(await draw(4));
  });

  it('runs the compat runtime test program', async () => {
    const source = readFileSync(new URL('./lua/compat_test.lua', import.meta.url), 'latin1');
    const { p, out } = await runOne(vm, source, {}, 'compat');
    expect(p.exit).toMatchObject({ code: 0, kind: 'exited' });
    expect(out).toMatch(/compat: \d+ checks passed\n$/);
    expect(out).toContain('ok bit32 reference vectors');
  });
});

describe('memory limit (wasmoon)', () => {
  it('kills only the process that exceeds it, with "out of memory"', async () => {
    const sim = await simulate({
      vm: 'wasmoon',
      memoryLimit: 4 * 1024 * 1024,
      programs: {
        hog: `local t = {} local ok = pcall(function() for i = 1, 1e8 do t[i] = ('x'):rep(64) .. i end end) print('caught', ok) for i = 1, 1e6 do end`,
        bystander: `local s = 0 for i = 1, 300000 do s = s + i end print('bystander', s)`,
      },
    });
    const hog = sim.spawn('hog');
    const bystander = sim.spawn('bystander');
    sim.run();
    expect(hog.exit).toMatchObject({ kind: 'killed', message: 'out of memory', code: 137 });
    expect(bystander.exit).toMatchObject({ kind: 'exited', code: 0 });
    expect(sim.output.stdout).toBe('bystander\t45000150000\n');
    expect(hog.counters.peakMemory).toBeLessThanOrEqual(4 * 1024 * 1024);
  });

  it('kills a receiver that a message or a call would take past its limit, and the kernel goes on', async () => {
    const sim = await simulate({
      vm: 'wasmoon',
      memoryLimit: 4 * 1024 * 1024,
      programs: {
        main: `
          local ctx = os.context()
          local l = os.run_code('assert(os.listen(0, "big")) local m = os.pull("message") print("got", #m.value)', { context = ctx })
          os.yield() os.yield()
          local s = string.rep('x', 512 * 1024)
          local t = {} for i = 1, 20 do t[i] = s end
          print('pushed', os.push(ctx, 'big', t))
          print('wait', os.wait(l))`,
      },
    });
    const p = sim.spawn('main');
    sim.run({ until: () => p.exit !== null });
    expect(p.exit).toMatchObject({ code: 0, kind: 'exited' });
    expect(sim.output.stdout).toBe('pushed\t1\nwait\t137\tkilled\tout of memory\n');
  });
});
