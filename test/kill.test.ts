// A kill is final: whatever a killed process catches (coroutine.resume/wrap/close, pcall, xpcall's handler), no
// Lua code of it runs after the kill takes effect, and it ends with its kill reason within bounded instructions.
import { describe, expect, it } from 'vitest';
import { simulate } from '../src/testing.js';
import { VM_NAMES, type VmName } from '../src/vm/vm.js';

/** A loop no hook can preempt (inside a sort comparator), killed after yieldLimit instructions. */
const STUCK = 'table.sort({3, 1, 2}, function() while true do end end)';

/** Runs `source` with a small yield limit; returns the process, its output and what ran after it. */
async function runKilled(vm: VmName, source: string, memoryLimit?: number) {
  const sim = await simulate({ vm, programs: { main: source }, quantum: 1000, yieldLimit: 100_000, memoryLimit });
  const p = sim.spawn('main');
  sim.run();
  expect(sim.check()).toEqual([]);
  return { p, out: sim.output.stdout, processes: sim.kernel.processes.live().length };
}

describe.each(VM_NAMES)('a kill is final on %s', (vm) => {
  it('coroutine.wrap catching the kill does not go on in fresh coroutines nor start processes', async () => {
    const { p, out, processes } = await runKilled(
      vm,
      `
      for i = 1, 20 do
        pcall(coroutine.wrap(function() ${STUCK} end))
        os.write('after ' .. i .. '\\n')
        os.run_code('os.write("child ran\\\\n")')
      end`,
    );
    expect(out).toBe('');
    expect(processes).toBe(0);
    expect(p.exit).toMatchObject({ kind: 'killed', message: 'too long without yielding' });
    expect(p.counters.instructions).toBeLessThan(1_000_000);
  });

  it('coroutine.resume catching the kill does not return into the process', async () => {
    const { p, out } = await runKilled(
      vm,
      `
      local co = coroutine.create(function() ${STUCK} end)
      local ok, e = coroutine.resume(co)
      os.write('caught ' .. tostring(e) .. '\\n')
      while true do end`,
    );
    expect(out).toBe('');
    expect(p.exit).toMatchObject({ kind: 'killed', message: 'too long without yielding' });
  });

  it('an endless xpcall message handler ends with the kill, not a hang', async () => {
    const { p, out } = await runKilled(
      vm,
      `
      print(xpcall(function() error('x') end, function(m) local i = 0 while true do i = i + 1 end end))
      os.write('after the handler\\n')`,
    );
    expect(out).toBe('');
    expect(p.exit).toMatchObject({ kind: 'killed', message: 'too long without yielding' });
    expect(p.counters.instructions).toBeLessThan(1_000_000);
  });

  it('a process that kills itself where it cannot yield stops at the next caught error', async () => {
    const { p, out } = await runKilled(
      vm,
      `
      pcall(coroutine.wrap(function() table.sort({3, 1, 2}, function() os.kill(os.pid()) return false end) end))
      os.write('after the kill\\n')`,
    );
    expect(out).toBe('');
    expect(p.exit).toMatchObject({ kind: 'killed', message: 'killed by process 1' });
  });

  it("a killed process's finalizers, run as its state closes, reach no system call (none lands on its killer)", async () => {
    const sim = await simulate({ vm });
    sim.kernel.spawn({
      name: 'main',
      source: `
        local a = os.run_code('setmetatable({}, { __gc = function() os.spawn(print) end }) io.stdout:flush() os.sleep(1)')
        os.sleep(0.5)
        print(os.kill(a), os.wait(a))
        os.sleep(0.1)`,
    });
    sim.run();
    expect(sim.output).toEqual({ stdout: 'true\t137\tkilled\tkilled by process 1\n', stderr: '' });
    expect(sim.trace.events.filter((e) => e.kind === 'task' && e.pid === 1)).toEqual([]);
  });
});

describe('a kill is final on wasmoon (Lua 5.4: coroutine.close, memory limit)', () => {
  it('coroutine.close whose __close loops does not return into the process', async () => {
    const { p, out } = await runKilled(
      'wasmoon',
      `
      local co = coroutine.create(function()
        local guard <close> = setmetatable({}, { __close = function() while true do end end })
        coroutine.yield()
      end)
      coroutine.resume(co)
      print(coroutine.close(co))
      os.write('after close\\n')`,
    );
    expect(out).toBe('');
    expect(p.exit).toMatchObject({ kind: 'killed', message: 'too long without yielding' });
  });

  it('running out of memory in a coroutine is not survived by catching it', async () => {
    const { p, out } = await runKilled(
      'wasmoon',
      `
      local ok, e = coroutine.resume(coroutine.create(function() local t = {} for i = 1, 1e8 do t[i] = i end end))
      os.write('caught ' .. tostring(e) .. '\\n')`,
      4 * 1024 * 1024,
    );
    expect(out).toBe('');
    expect(p.exit).toMatchObject({ kind: 'killed', message: 'out of memory' });
  });
});
