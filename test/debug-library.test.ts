// The safe debug library (src/kernel/debug.lua) and the program's hooks layered over the kernel's count hook
// (src/vm/user-hooks.ts), on both VMs: what a program can see and change, what stays out of reach.
import { describe, expect, it } from 'vitest';
import { simulate } from '../src/testing.js';
import { VM_NAMES } from '../src/vm/vm.js';

async function run(vm: (typeof VM_NAMES)[number], source: string) {
  const sim = await simulate({ vm, programs: { main: source } });
  const p = sim.spawn('main');
  sim.run();
  return { out: sim.output.stdout, exit: p.exit, sim };
}

describe.each(VM_NAMES)('debug library on %s', (vm) => {
  it('is what require "debug" returns, without getregistry and debug.debug', async () => {
    const { out } = await run(vm, `print(require 'debug' == debug, debug.getregistry, debug.debug, type(debug.getinfo))`);
    expect(out).toBe('true\tnil\tnil\tfunction\n');
  });

  it('getinfo by level and by function; the preludes read as C functions', async () => {
    const { out } = await run(
      vm,
      `local function f() local t = debug.getinfo(1, 'Sln') return t end
      local t = f()
      print(t.short_src, t.currentline, t.what, t.linedefined, t.name, t.namewhat)
      local p = debug.getinfo(print)
      print(p.what, p.short_src, p.source, p.currentline, p.linedefined, p.nups)
      print(debug.getinfo(100), debug.getinfo(f, 'u').nparams, debug.getinfo(1, 'f').func ~= nil)
      print(pcall(debug.getinfo, 1, '>'))`,
    );
    const lines = out.split('\n');
    expect(lines[0]).toBe('main\t1\tLua\t1\tf\tlocal');
    expect(lines[1]).toBe('C\t[C]\t=[C]\t-1\t-1\t0');
    expect(lines[2]).toBe('nil\t0\ttrue');
    expect(lines[3]).toBe("false\tbad argument #2 to 'debug.getinfo' (invalid option '>')"); // as lua5.4 names it
  });

  it('getlocal and setlocal on the caller and on functions; never into a prelude frame', async () => {
    const { out } = await run(
      vm,
      `local function f(a, b)
        local c = a + b
        print(debug.getlocal(1, 1), debug.getlocal(1, 3))
        print(debug.setlocal(1, 3, 99), c)
        print(debug.getlocal(2, 1))
        return c
      end
      local x = 'outer'
      f(1, 2)
      print(debug.getlocal(f, 1), debug.getlocal(f, 2), debug.getlocal(f, 3))
      print(debug.getlocal(print, 1), debug.getlocal(string.gsub, 1))
      string.gsub('a', 'a', function() print('in callback', debug.getlocal(2, 1), debug.setlocal(2, 1, 0)) end)
      print(pcall(debug.getlocal, 50, 1))`,
    );
    expect(out.split('\n')).toEqual([
      'a\tc\t3',
      'c\t99',
      expect.stringMatching(/^f\tfunction: /),
      'a\tb\tnil',
      'nil\tnil',
      'in callback\tnil\tnil', // level 2 is the sandbox's gsub (Lua's C gsub would give '(C temporary)')
      "false\tbad argument #1 to 'getlocal' (level out of range)",
      '',
    ]);
  });

  it('upvalues of the program functions; none of the preludes; joins only Lua functions', async () => {
    const { out } = await run(
      vm,
      `local a, b = 1, 2
      local function f() return a end
      local function g() return b end
      print(debug.getupvalue(f, 1), debug.setupvalue(f, 1, 10), f(), a)
      print(debug.upvalueid(f, 1) ~= debug.upvalueid(g, 1))
      debug.upvaluejoin(f, 1, g, 1)
      print(f(), debug.upvalueid(f, 1) == debug.upvalueid(g, 1))
      print(debug.getupvalue(print, 1), debug.setupvalue(print, 1, 0), debug.upvalueid(print, 1))
      print(debug.setupvalue(os.pid, 1, 0), os.pid())
      print(pcall(debug.upvaluejoin, f, 1, print, 1))
      -- io.write is a C closure of the kernel (its sink) whose upvalue is the sandbox's fallback: not reachable
      print(debug.getupvalue(io.write, 1), debug.getupvalue(io.write, 2), debug.upvalueid(io.write, 1))`,
    );
    expect(out).toBe(
      [
        'a\ta\t10\t10',
        'true',
        '2\ttrue',
        'nil\tnil\tnil',
        'nil\t1',
        "false\tbad argument #4 to 'debug.upvaluejoin' (invalid upvalue index)",
        'nil\tnil\tnil',
        '',
      ].join('\n'),
    );
  });

  it('getmetatable/setmetatable past __metatable and for any type; user values', async () => {
    const { out } = await run(
      vm,
      `local t = setmetatable({}, { __metatable = 'locked' })
      print(getmetatable(t), type(debug.getmetatable(t)))
      debug.setmetatable(10, { __index = { twice = function(n) return n * 2 end } })
      print((21):twice())
      debug.setmetatable(10, nil)
      print(debug.getuservalue(t))`,
    );
    expect(out).toBe('locked\ttable\n42\nnil\n');
  });

  it('line, call, return and count hooks run with getinfo(2) naming the hooked function', async () => {
    const { out } = await run(
      vm,
      `local seen = {}
      local function hook(event, line) seen[#seen + 1] = event .. ':' .. tostring(line) .. ':' .. debug.getinfo(2, 'S').short_src end
      debug.sethook(hook, 'l')
      local a = 1
      local b = 2
      debug.sethook()
      print(table.concat(seen, ' '))
      print(debug.gethook())
      local n = 0
      debug.sethook(function() n = n + 1 end, '', 100)
      for _ = 1, 10000 do end
      local f, mask, count = debug.gethook()
      debug.sethook()
      print(n >= 90, type(f), mask, count)
      local calls, returns = 0, 0
      local function g() return 1 end
      debug.sethook(function(e) if e == 'call' then calls = calls + 1 elseif e == 'return' then returns = returns + 1 end end, 'cr')
      for _ = 1, 10 do g() end
      debug.sethook()
      print(calls, returns)`,
    );
    // as lua5.4 prints it on both VMs (10 calls of g and the call of sethook; its return and g's 10): the preludes'
    // calls of C functions (on fengari, of its JavaScript functions) are not reported
    expect(out).toBe('line:4:main line:5:main line:6:main\nnil\ntrue\tfunction\t\t100\n11\t11\n');
  });

  it("in a hook function, its frame reads hook '?' (getinfo and traceback), with the hooked frames after it", async () => {
    const { out } = await run(
      vm,
      `local function f()
        local me, at = debug.getinfo(1, 'n'), debug.getinfo(2, 'nl')
        print(me.name, me.namewhat, at.name, at.namewhat, at.currentline)
        print(debug.traceback('in hook'))
        print(debug.traceback('from g', 2))
        debug.sethook()
      end
      local function g()
        debug.sethook(f, 'l')
        local a = 1
      end
      g()
      debug.sethook(function(e) local t = debug.getinfo(2, 'nS') print(e, debug.getinfo(1, 'n').namewhat, t.short_src, t.name) end, 'c')
      print('x')
      debug.sethook()`,
    );
    // as lua5.4 prints it, without the host's last frame ([C]: in ?), which thox never shows
    expect(out).toBe(
      [
        '?\thook\tg\tlocal\t10',
        'in hook',
        'stack traceback:',
        "\tmain:4: in hook '?'",
        "\tmain:10: in local 'g'",
        '\tmain:12: in main chunk',
        'from g',
        'stack traceback:',
        "\tmain:10: in local 'g'",
        '\tmain:12: in main chunk',
        'call\thook\t[C]\tprint',
        'x',
        'call\thook\t[C]\tsethook',
        '',
      ].join('\n'),
    );
  });

  it('a hook on another coroutine; an error in a hook is raised where the hook fired', async () => {
    const { out } = await run(
      vm,
      `local lines = {}
      local co = coroutine.create(function()
        local x = 1
        return x + 1
      end)
      debug.sethook(co, function(_, line) lines[#lines + 1] = line end, 'l')
      print(debug.gethook(co) ~= nil, debug.gethook() == nil)
      print(coroutine.resume(co))
      print(table.concat(lines, ','))
      print(pcall(function()
        debug.sethook(function() debug.sethook() error('from the hook') end, 'l')
        local y = 1
      end))`,
    );
    expect(out).toBe('true\ttrue\ntrue\t2\n3,4\nfalse\tmain:11: from the hook\n');
  });

  it('a hook does not stop preemption: a busy process with a hook still lets others run', async () => {
    const sim = await simulate({
      vm,
      programs: {
        busy: `debug.sethook(function() end, '', 100000000) local i = 0 while true do i = i + 1 end`,
        quiet: `debug.sethook() while true do end`,
        other: `for i = 1, 3 do print('other', i) os.yield() end`,
      },
    });
    const busy = sim.spawn('busy');
    const quiet = sim.spawn('quiet');
    const other = sim.spawn('other');
    sim.run({ until: () => other.exit !== null });
    expect(sim.output.stdout).toBe('other\t1\nother\t2\nother\t3\n');
    expect(busy.exit).toBeNull();
    expect(quiet.exit).toBeNull();
    sim.kernel.killAll('done');
  });

  it('a hook that never returns is killed (it cannot be preempted), not a hang of the kernel', async () => {
    const { exit } = await run(vm, `debug.sethook(function() while true do end end, 'l')\nlocal x = 1\nprint('never')`);
    expect(exit?.kind).toBe('killed');
  });
});
