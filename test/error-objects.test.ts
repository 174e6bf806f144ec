// An uncaught error object of a main task is shown as lua.c's message handler shows it: its __tostring's string,
// run as the process's own code (preempted, killable), else its type with the traceback. Other tasks: by type.
import { describe, expect, it } from 'vitest';
import { simulate } from '../src/testing.js';
import { VM_NAMES } from '../src/vm/vm.js';

/** Runs `main` alone and gives its exit status. */
async function exitOf(vm: (typeof VM_NAMES)[number], main: string) {
  const sim = await simulate({ vm, programs: { main } });
  const p = sim.spawn('main');
  sim.run();
  return { exit: p.exit, stdout: sim.output.stdout };
}

describe.each(VM_NAMES)('uncaught error objects on %s', (vm) => {
  it("the __tostring's string is the message, without a traceback, found raw (past __metatable)", async () => {
    const { exit, stdout } = await exitOf(
      vm,
      "error(setmetatable({}, { __metatable = false, __tostring = function(t) print('converting') return 'custom' end }))",
    );
    expect(exit).toMatchObject({ code: 1, kind: 'error', message: 'custom' });
    expect(exit?.traceback).toBe('');
    expect(stdout).toBe('converting\n');
  });

  it('without a __tostring (a __name is not read) or with one that returns no string: the type and the traceback', async () => {
    for (const meta of ["{ __name = 'MyType' }", '{ __tostring = function() return 1 end }', '{ __tostring = function() return print end }']) {
      const { exit } = await exitOf(vm, `local function f() error(setmetatable({}, ${meta})) end\nf()`);
      expect(exit).toMatchObject({ code: 1, kind: 'error', message: '(error object is a table value)' });
      expect(exit?.traceback).toMatch(/error'\n\tmain:1: in local 'f'\n\tmain:2: in main chunk$/);
    }
  });

  it("an erroring __tostring: its error, its traceback above the program's with the handler's C frame between", async () => {
    const { exit } = await exitOf(vm, "error(setmetatable({}, { __tostring = function() error('boom') end }))");
    expect(exit).toMatchObject({ code: 1, kind: 'error', message: 'main:1: boom' });
    const c = vm === 'fengari' ? 'JS' : 'C';
    expect(exit?.traceback).toBe(
      `stack traceback:\n\t[${c}]: in function 'error'\n\tmain:1: in function <main:1>\n\t[C]: in ?\n\t[${c}]: in function 'error'\n\tmain:1: in main chunk`,
    );
  });

  it('a __tostring that loops is preempted (its parent runs meanwhile) and can be killed', async () => {
    const sim = await simulate({
      vm,
      programs: {
        looper: "error(setmetatable({}, { __tostring = function() print('converting') while true do end end }))",
        main: "local pid = os.run('looper')\nfor _ = 1, 5 do os.yield() end\nprint(os.kill(pid))\nprint(os.wait(pid))",
      },
    });
    sim.spawn('main');
    sim.run();
    expect(sim.check()).toEqual([]); // the trace's invariants hold across the task's second thread
    expect(sim.output.stdout).toBe('converting\ntrue\n137\tkilled\tkilled by process 1\n');
  });

  it("another task's error object reaches its join by type; its __tostring is not run", async () => {
    const { stdout } = await exitOf(
      vm,
      "local t = os.spawn(function() error(setmetatable({}, { __tostring = function() print('ran') return 'x' end })) end)\nprint(os.join(t))",
    );
    expect(stdout).toBe('false\t(error object is a table value)\n');
  });
});
