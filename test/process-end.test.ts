// The end of a process as Lua's lua_close: os.exit(code, true) closes the calling task's pending <close>
// variables, and a normal end runs every finalizer left, bounded by the yield limit; os.exit's codes and errors.
import { describe, expect, it } from 'vitest';
import { simulate } from '../src/testing.js';
import { VM_NAMES, type VmName } from '../src/vm/vm.js';

async function run(vm: VmName, source: string, yieldLimit?: number) {
  const sim = await simulate({ vm, programs: { main: source }, yieldLimit });
  const p = sim.spawn('main');
  sim.run();
  return { out: sim.output.stdout, err: sim.output.stderr, exit: p.exit };
}

describe('os.exit(code, true) on wasmoon (Lua 5.4)', () => {
  it("closes the calling task's pending <close> variables in reverse order, errors passed on, then the finalizers", async () => {
    // the output of lua5.4 for the same program (its message carries a traceback there)
    const { out, exit } = await run(
      'wasmoon',
      `local a <close> = setmetatable({}, {__close = function(_, e) print('close a', e) end})
      local keep = setmetatable({}, {__gc = function() print('gc 2') end})
      local keep3 = setmetatable({}, {__gc = function() print('gc 3') end})
      local function f()
        local c <close> = setmetatable({}, {__close = function() print('close c') end})
        local b <close> = setmetatable({}, {__close = function() print('close b') error('boom') end})
        io.write('x') os.exit(3, true)
      end
      f()`,
    );
    expect(out).toBe('xclose b\nclose c\nclose a\tmain:6: boom\ngc 3\ngc 2\n');
    expect(exit).toMatchObject({ code: 3, kind: 'exited' });
  });

  it("closes the task's main thread only, as Lua closes the main thread's: not a coroutine's, not another task's", async () => {
    const { out, exit } = await run(
      'wasmoon',
      `local function closer(name) return setmetatable({}, {__close = function() print('closed', name) end}) end
      os.spawn(function() local t <close> = closer('other task') os.sleep(10) end)
      os.yield()
      local m <close> = closer('main')
      coroutine.wrap(function() local c <close> = closer('coroutine') os.exit(true, true) end)()`,
    );
    expect(out).toBe('closed\tmain\n');
    expect(exit).toMatchObject({ code: 0, kind: 'exited' });
  });

  it('a <close> handler that never ends is killed at the yield limit, and the exit finishes with its code', async () => {
    const { exit } = await run(
      'wasmoon',
      `local x <close> = setmetatable({}, {__close = function() while true do end end})
      os.exit(5, true)`,
      200_000,
    );
    expect(exit).toMatchObject({ code: 5, kind: 'exited' });
  });
});

describe.each(VM_NAMES)('the end of a process on %s', (vm) => {
  it('runs the finalizers left when the main chunk returns, the last marked first', async () => {
    // lua5.4 prints the same
    const { out } = await run(
      vm,
      `local keep1 = setmetatable({}, {__gc = function() print('gc 1') end})
      local keep = setmetatable({}, {__gc = function() print('gc 2') end})
      local t = {}
      for i = 1, 3 do
        t[i] = setmetatable({}, {__gc = function()
          print('gc t', i)
          setmetatable({}, {__gc = function() print('never: marked after the end began') end})
        end})
      end
      print('end of main')`,
    );
    expect(out).toBe('end of main\ngc t\t3\ngc t\t2\ngc t\t1\ngc 2\ngc 1\n');
  });

  it('runs them after an error of the main chunk too, and not after os.exit without close', async () => {
    const failed = await run(vm, `local k = setmetatable({}, {__gc = function() print('gc') end}) error('x')`);
    expect(failed.out).toBe('gc\n');
    expect(failed.exit).toMatchObject({ code: 1, kind: 'error' });
    const exited = await run(vm, `local k = setmetatable({}, {__gc = function() print('gc') end}) os.exit(2)`);
    expect(exited.out).toBe('');
    expect(exited.exit).toMatchObject({ code: 2, kind: 'exited' });
  });

  it('a finalizer that never ends is killed at the yield limit; what was written before is out, the end finishes', async () => {
    const sim = await simulate({
      vm,
      yieldLimit: 200_000,
      programs: {
        main: `setmetatable({}, {__gc = function() while true do end end})
        setmetatable({}, {__gc = function() print('gc first') end})
        print('end')`,
        other: `for i = 1, 3 do print('other', i) os.yield() end`,
      },
    });
    const p = sim.spawn('main');
    const other = sim.spawn('other');
    expect(sim.run().kind).toBe('done');
    expect(p.exit).toMatchObject({ code: 0, kind: 'exited' });
    expect(other.exit).toMatchObject({ code: 0, kind: 'exited' });
    expect(sim.output.stdout.split('\n').filter((l) => !l.startsWith('other'))).toEqual(['end', 'gc first', '']);
  });

  it("takes exit codes as C's exit does, and refuses bad ones in Lua's words", async () => {
    const { out, exit } = await run(
      vm,
      `print(pcall(os.exit, 1.5))
      print(pcall(os.exit, {}))
      print(pcall(function() os.exit('x') end))
      os.exit(-1)`,
    );
    expect(out).toBe(
      "false\tbad argument #1 to 'os.exit' (number has no integer representation)\n" +
        "false\tbad argument #1 to 'os.exit' (number expected, got table)\n" +
        "false\tmain:3: bad argument #1 to 'exit' (number expected, got string)\n",
    );
    expect(exit).toMatchObject({ code: 255, kind: 'exited' });
    expect((await run(vm, 'os.exit(256)')).exit).toMatchObject({ code: 0 });
    expect((await run(vm, "os.exit('3')")).exit).toMatchObject({ code: 3 });
  });
});

describe.each(VM_NAMES)('hooks of threads that ended on %s', (vm) => {
  it("are released: many coroutines that set a hook and end do not grow the kernel's table", async () => {
    const sim = await simulate({
      vm,
      programs: {
        main: `local n = 0
        for i = 1, 500 do
          coroutine.wrap(function() debug.sethook(function() n = n + 1 end, '', 1) local x = 1 end)()
        end
        os.yield()
        debug.sethook()
        os.yield()
        print(n > 0)`,
      },
    });
    const p = sim.spawn('main');
    const counts: number[] = [];
    sim.run({
      until: () => {
        if (!p.exit) counts.push(p.vm.hookedThreads());
        return false;
      },
    });
    expect(sim.output.stdout).toBe('true\n');
    expect(Math.max(...counts)).toBeLessThan(50); // 500 before: one entry per coroutine, never released
    expect(counts.at(-1)).toBe(0);
  });
});
