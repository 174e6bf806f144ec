// Error messages name what was wrong where the program wrote it: a runtime's own positions, the call the
// program made through the RPC proxy, options tables whatever their metatables, the restricted view's refusal.
import { describe, expect, it } from 'vitest';
import { SpawnError } from '../src/kernel/services.js';
import { simulate } from '../src/testing.js';
import { VM_NAMES } from '../src/vm/vm.js';

describe.each(VM_NAMES)('messages on %s', (vm) => {
  it("a runtime with a syntax error or an error names its own line, not the kernel's compiler", async () => {
    const sim = await simulate({ vm, runtimes: { synrt: 'local x = = 1', raisert: 'local a = 1\nerror("boom")' } });
    expect(() => sim.spawn('hello', [], 'synrt')).toThrow(new SpawnError("runtime:synrt:1: unexpected symbol near '='"));
    const p = sim.spawn('hello', [], 'raisert'); // the prelude runs in the child's first slice: its error is the child's
    sim.run();
    expect(p.exit).toMatchObject({ code: 1, kind: 'error', message: 'runtime:raisert:2: boom' });
    expect(p.exit?.traceback).toMatch(/runtime:raisert:2: in main chunk/);
    expect(sim.output.stdout).toBe('');
  });

  it("os.run under a runtime whose prelude raises gives a pid; os.wait reports the error at the runtime's line", async () => {
    const sim = await simulate({
      vm,
      runtimes: { raisert: 'local a = 1\nerror("boom")' },
      programs: { main: "print(os.wait(os.run('hello', { runtime = 'raisert' })))" },
    });
    sim.spawn('main');
    sim.run();
    expect(sim.output.stdout).toBe('1\terror\truntime:raisert:2: boom\n');
  });

  it('the RPC proxy blames the call the program made, with its own argument numbers', async () => {
    const sim = await simulate({ vm, programs: { main: 'print(pcall(os.rpc(0).proc.info, {}, function() end))' } });
    sim.spawn('main');
    sim.run();
    expect(sim.output.stdout).toBe("false\tmain:1: bad argument #2 to 'proc.info' (cannot copy a function value)\n");
  });

  it('os.run reads its options raw: a __pairs that returns nothing cannot break it', async () => {
    const sim = await simulate({
      vm,
      programs: {
        main: `
      local opts = setmetatable({ args = { 'a', 2, 2.5 } }, { __pairs = function() return nil end })
      print(os.wait(os.run_code('print(...)', opts)))
      print(pcall(os.run_code, 'x', { args = 'no' }))`,
      },
    });
    sim.spawn('main');
    sim.run();
    expect(sim.output.stdout).toBe(
      [
        'a\t2\t2.5',
        '0\texited\tnil',
        // called through pcall, as Lua's own functions: no position to blame
        "false\tbad argument #2 to 'run_code' (field 'args' must be a list, got string)",
        '',
      ].join('\n'),
    );
  });

  it('a restricted view holds for the system calls as for their RPC twins', async () => {
    const sim = await simulate({
      vm,
      programs: {
        main: `
      local view = os.restrict(0, { allow = { 'rand.*' } })
      local child = os.run_code([[
        print(os.run_code('print(1)'))
        print(os.kill(1))
        print(os.info(1))
        print(os.info().pid)
        print(pcall(require, 'anything'))
        print(os.rpc(0).rand.int(4, 4))
      ]], { context = view })
      print(os.wait(child))`,
      },
    });
    sim.spawn('main');
    sim.run();
    const out = sim.output.stdout;
    expect(out).toContain(
      "false\tmodule 'anything' not found:\n\tno field package.preload['anything']\n\tno file './anything.lua'\n\tno file './anything/init.lua'\n\tno library 'anything': denied: call 'store.get' is not allowed on context 2\n",
    );
    const lines = out.split('\n');
    expect(lines.slice(0, 4)).toEqual([
      "nil\tdenied: call 'proc.run_code' is not allowed on context 2",
      "nil\tdenied: call 'proc.kill' is not allowed on context 2",
      "nil\tdenied: call 'proc.info' is not allowed on context 2",
      '2',
    ]);
    expect(lines.slice(-3)).toEqual(['4', '0\texited\tnil', '']);
    expect(sim.kernel.processes.size).toBe(1);
  });
});

describe.each(VM_NAMES)('numbers in messages on %s', (vm) => {
  it('are written as Lua writes them, never in JavaScript spellings', async () => {
    const sim = await simulate({
      vm,
      programs: {
        main: `
      print(pcall(os.sleep, 0/0))
      print(pcall(os.sleep, -1/0))
      print(pcall(os.timer, -0.5))
      print(pcall(os.kill, 2^53 + 0.0))`,
      },
    });
    sim.spawn('main');
    sim.run();
    expect(sim.output.stdout).toBe(
      [
        "false\tbad argument #1 to 'sleep' (seconds must be a finite number >= 0, got -nan)",
        "false\tbad argument #1 to 'sleep' (seconds must be a finite number >= 0, got -inf)",
        "false\tbad argument #1 to 'timer' (seconds must be a finite number >= 0, got -0.5)",
        "false\tbad argument #1 to 'kill' (integer out of range)",
        '',
      ].join('\n'),
    );
  });
});

describe.each(VM_NAMES)('proc.wait on %s', (vm) => {
  it('refuses a wait for the caller itself at once (it could never be answered)', async () => {
    const sim = await simulate({ vm, programs: { main: 'print(pcall(os.rpc(0).proc.wait, os.pid()))' } });
    sim.spawn('main');
    sim.run();
    expect(sim.output.stdout).toBe("false\tmain:1: call 'proc.wait' failed: error: process 1 cannot wait for itself\n");
  });
});
