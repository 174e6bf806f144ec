// A runtime prelude may return a runner: the main task then calls it with the program function and its arguments
// (main-task.lua), and with no program when the runtime finds the program by name itself (runtimeResolves).
import { describe, expect, it } from 'vitest';
import { simulate } from '../src/testing.js';
import { VM_NAMES } from '../src/vm/vm.js';

const WRAPPING = `
return function(program, ...)
  print('runner got', type(program), ...)
  local ok, err = pcall(program, ...)
  print('program ended', ok, err)
end`;

const RESOLVING = `
return function(program, ...)
  print('resolve', program, arg[0], ...)
end`;

describe.each(VM_NAMES)('runtime runners (%s)', (vm) => {
  it('the runner gets the program and its arguments, and may catch its error', async () => {
    const sim = await simulate({ vm, runtimes: { wrap: WRAPPING }, programs: { main: 'print("main", ...) error("oops", 0)' } });
    const p = sim.spawn('main', ['a', 'b'], 'wrap');
    sim.run();
    expect(sim.output.stdout).toBe('runner got\tfunction\ta\tb\nmain\ta\tb\nprogram ended\tfalse\toops\n');
    expect(p.exit?.code).toBe(0);
  });

  it('a prelude returning nothing leaves the program to the kernel, as before', async () => {
    const sim = await simulate({ vm, runtimes: { plain: 'x_from_prelude = 1' }, programs: { main: 'print(x_from_prelude, ...)' } });
    sim.spawn('main', ['z'], 'plain');
    sim.run();
    expect(sim.output.stdout).toBe('1\tz\n');
  });

  it('a prelude returning something else than a function ends the process with an error naming it', async () => {
    const sim = await simulate({ vm, runtimes: { odd: 'return 42' }, programs: { main: 'print("never")' } });
    const p = sim.spawn('main', [], 'odd');
    sim.run();
    expect(p.exit?.message).toContain('a runtime prelude returns nothing or a runner function, not a number');
    expect(sim.output.stdout).toBe('');
  });

  it('a program the runtime resolves: the runner gets no program and finds it by arg[0]; without a runner it is not found', async () => {
    const sim = await simulate({ vm, runtimes: { finder: RESOLVING } });
    sim.kernel.spawn({ name: 'ls', args: ['-l'], runtime: 'finder', runtimeResolves: true });
    sim.run();
    expect(sim.output.stdout).toBe('resolve\tnil\tls\t-l\n');
    const p = sim.kernel.spawn({ name: 'ls', runtime: 'native', runtimeResolves: true });
    sim.run();
    expect(p.exit?.message).toContain("program not found: 'ls' (its runtime finds no programs by name)");
  });

  it('a resolving runtime wins over a stored program of the same name, which runs only under a runtime without runner', async () => {
    const sim = await simulate({ vm, runtimes: { finder: RESOLVING }, programs: { ls: 'print("stored ls", ...)' } });
    sim.kernel.spawn({ name: 'ls', args: ['-l'], runtime: 'finder', runtimeResolves: true });
    sim.run();
    expect(sim.output.stdout).toBe('resolve\tnil\tls\t-l\n');
    const p = sim.kernel.spawn({ name: 'ls', args: ['x'], runtime: 'native', runtimeResolves: true });
    sim.run();
    expect(sim.output.stdout).toBe('resolve\tnil\tls\t-l\nstored ls\tx\n');
    expect(p.exit?.code).toBe(0);
  });
});
