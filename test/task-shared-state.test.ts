// State the tasks of one process share inside the sandbox's own Lua code, on both VMs: tasks preempted anywhere
// (a small quantum) while io is loaded for the first time and while a module is required by several at once.
import { describe, expect, it } from 'vitest';
import { simulate } from '../src/testing.js';
import { VM_NAMES } from '../src/vm/vm.js';

/** Runs one program: what it printed, and the reasons of processes that ended in an error. */
async function run(vm: (typeof VM_NAMES)[number], quantum: number, source: string, libraries: Record<string, string> = {}) {
  const sim = await simulate({ vm, quantum, programs: { main: source }, libraries });
  sim.spawn('main');
  sim.run();
  expect(sim.check()).toEqual([]);
  return {
    out: sim.output.stdout,
    errors: sim
      .render()
      .split('\n')
      .filter((l) => l.includes('status=error')),
  };
}

describe.each(VM_NAMES)('state shared by tasks on %s', (vm) => {
  it.each([101, 151, 211, 307])('finds io whole in every task while another loads it (quantum %d)', async (quantum) => {
    const { out, errors } = await run(
      vm,
      quantum,
      `
      local function use() return type(io.open) .. type(io.read) .. type(io.lines) .. type(io.stdout) end
      local tids = {}
      for i = 1, 4 do tids[i] = os.spawn(use) end
      for i = 1, 4 do print(os.join(tids[i])) end`,
    );
    expect(errors).toEqual([]);
    expect(out).toBe('true\tfunctionfunctionfunctionuserdata\n'.repeat(4));
  });

  it.each([101, 211])('loads a module once when tasks require it at once, even while it sleeps (quantum %d)', async (quantum) => {
    const { out, errors } = await run(
      vm,
      quantum,
      `
      local tids = {}
      for i = 1, 3 do tids[i] = os.spawn(function() return require('slow').id end) end
      for i = 1, 3 do print(os.join(tids[i])) end
      print(require('slow').loads)`,
      { slow: 'LOADS = (LOADS or 0) + 1\nlocal id = {}\nfor _ = 1, 3 do os.sleep(0) end\nreturn { id = LOADS, loads = LOADS }' },
    );
    expect(errors).toEqual([]);
    expect(out).toBe('true\t1\ntrue\t1\ntrue\t1\n1\n');
  });
});
