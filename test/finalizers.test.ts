// __gc and <close> in a process: finalizers run as ordinary, preemptible code of the process (a task of its
// own, or after collectgarbage), never with hooks off; <close> variables as Lua 5.4 closes them.
import { describe, expect, it } from 'vitest';
import { simulate } from '../src/testing.js';
import { VM_NAMES } from '../src/vm/vm.js';

async function run(vm: (typeof VM_NAMES)[number], source: string) {
  const sim = await simulate({ vm, programs: { main: source } });
  const p = sim.spawn('main');
  sim.run();
  return { out: sim.output.stdout, exit: p.exit };
}

describe('finalizers on wasmoon', () => {
  it('runs a finalizer after collectgarbage, once, with the object', async () => {
    const { out } = await run(
      'wasmoon',
      `local mt = { __gc = function(o) print('finalized', o.name) end }
      local t = setmetatable({ name = 'a' }, mt)
      print(getmetatable(t) == mt, mt.__gc ~= nil)
      t = nil
      collectgarbage()
      collectgarbage()
      print('done')`,
    );
    expect(out).toBe('true\ttrue\nfinalized\ta\ndone\n');
  });

  it('runs finalizers by itself while the program only allocates (a task of the process)', async () => {
    const { out } = await run(
      'wasmoon',
      `local finished = false
      setmetatable({}, { __gc = function() finished = true end })
      local n = 0
      repeat local u = {} n = n + 1 until finished
      print('finalized while allocating', n > 0)`,
    );
    expect(out).toBe('finalized while allocating\ttrue\n');
  });

  it('ignores a finalizer that was removed, and errors in finalizers', async () => {
    const { out } = await run(
      'wasmoon',
      `local mt = { __gc = function() print('not me') end }
      setmetatable({}, mt)
      mt.__gc = nil
      setmetatable({}, { __gc = function() error('ignored') end })
      collectgarbage() collectgarbage()
      print('ok')`,
    );
    expect(out).toBe('ok\n');
  });

  it('a finalizer that never ends is preempted: other processes run, and the kernel goes on', async () => {
    const sim = await simulate({
      vm: 'wasmoon',
      programs: {
        stuck: `setmetatable({}, { __gc = function() while true do end end }) collectgarbage() print('never')`,
        other: `for i = 1, 3 do print('other', i) os.yield() end`,
      },
    });
    const stuck = sim.spawn('stuck');
    const other = sim.spawn('other');
    sim.run({ until: () => other.exit !== null });
    expect(sim.output.stdout).toBe('other\t1\nother\t2\nother\t3\n');
    expect(stuck.exit).toBeNull();
    sim.kernel.killAll('done');
  });

  it("collectgarbage inside a finalizer is false, as Lua's collector is not reentrant", async () => {
    const { out } = await run(
      'wasmoon',
      `local res = true
      setmetatable({}, { __gc = function() res = collectgarbage() end })
      collectgarbage()
      print(res, collectgarbage('isrunning'))`,
    );
    expect(out).toBe('false\ttrue\n');
  });

  it('a finalizer may block and use the native API', async () => {
    const { out } = await run(
      'wasmoon',
      `setmetatable({}, { __gc = function() os.sleep(0.01) print('slept in a finalizer') end })
      collectgarbage()
      print('after')`,
    );
    expect(out).toBe('slept in a finalizer\nafter\n');
  });
});

describe.each(VM_NAMES)('__gc and <close> on %s', (vm) => {
  it('setmetatable with __gc keeps working (a library that sets one)', async () => {
    const { out } = await run(vm, `local t = setmetatable({}, { __gc = function() end, __index = { x = 1 } }) print(t.x)`);
    expect(out).toBe('1\n');
  });
});

describe('<close> on wasmoon (Lua 5.4)', () => {
  it('closes in reverse order on a normal exit, on break and return, and on an error with the error', async () => {
    const { out } = await run(
      'wasmoon',
      `local function closer(name) return setmetatable({}, { __close = function(_, e) print('close', name, e) end }) end
      do
        local a <close> = closer('a')
        local b <close> = closer('b')
      end
      for i = 1, 2 do local c <close> = closer('c' .. i) if i == 1 then break end end
      local function f() local d <close> = closer('d') return 'returned' end
      print(f())
      print(pcall(function() local e <close> = closer('e') error('boom', 0) end))
      print(pcall(function() local x <close> = 42 end))
      local co = coroutine.wrap(function() local g <close> = closer('g') coroutine.yield(1) end)
      co()
      print('yielded with g open')`,
    );
    expect(out).toBe(
      [
        'close\tb\tnil',
        'close\ta\tnil',
        'close\tc1\tnil',
        'close\td\tnil',
        'returned',
        'close\te\tboom',
        'false\tboom',
        "false\tmain:10: variable 'x' got a non-closable value",
        'yielded with g open',
        '',
      ].join('\n'),
    );
  });

  it('coroutine.close closes pending variables of a suspended coroutine', async () => {
    const { out } = await run(
      'wasmoon',
      `local co = coroutine.create(function()
        local v <close> = setmetatable({}, { __close = function() print('closed by coroutine.close') end })
        coroutine.yield()
      end)
      coroutine.resume(co)
      print(coroutine.close(co), coroutine.status(co))`,
    );
    expect(out).toBe('closed by coroutine.close\ntrue\tdead\n');
  });
});
