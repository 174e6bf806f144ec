// State the tasks of one process share inside the sandbox's own Lua code, on both VMs: tasks preempted anywhere
// (a small quantum) while io and debug are loaded for the first time, while a module is required by several at once, and while
// tasks collect garbage at once (finalizers: on fengari, which collects nothing, they all run at the process end) or set debug hooks at once.
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
  it.each([101, 151, 211, 307])('finds io and debug whole in every task while another loads them (quantum %d)', async (quantum) => {
    const { out, errors } = await run(
      vm,
      quantum,
      `
      local function use()
        return type(io.open) .. type(io.read) .. type(io.lines) .. type(io.stdout) .. type(debug.traceback) .. type(debug.sethook)
      end
      local tids = {}
      for i = 1, 4 do tids[i] = os.spawn(use) end
      for i = 1, 4 do print(os.join(tids[i])) end`,
    );
    expect(errors).toEqual([]);
    expect(out).toBe('true\tfunctionfunctionfunctionuserdatafunctionfunction\n'.repeat(4));
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

  it.each([101, 151, 211])('runs each finalizer once when tasks collect at once (quantum %d; on fengari at the process end)', async (quantum) => {
    const { out, errors } = await run(
      vm,
      quantum,
      `
      local function make(t, k)
        for i = 1, 30 do
          local id = (t - 1) * 600 + (k - 1) * 30 + i
          setmetatable({}, { __gc = function() os.write(id .. '\\n') for _ = 1, 20 do end end })
        end
      end
      local function churn(t) for k = 1, 20 do make(t, k) collectgarbage() end end
      local a, b = os.spawn(churn, 1), os.spawn(churn, 2)
      os.join(a) os.join(b)`,
    );
    expect(errors).toEqual([]);
    const ids = out.split('\n').slice(0, -1).map(Number);
    expect(ids.length).toBe(1200);
    expect(new Set(ids).size).toBe(1200);
  });

  it.each([101, 131, 211])('sets hooks from tasks at once while their sweep runs (quantum %d)', async (quantum) => {
    const { out, errors } = await run(
      vm,
      quantum,
      `
      local function hooker()
        for _ = 1, 400 do
          local co = coroutine.create(function() end)
          debug.sethook(co, function() end, 'c')
          coroutine.resume(co)
        end
        return 'ok'
      end
      local tids = {}
      for i = 1, 3 do tids[i] = os.spawn(hooker) end
      for i = 1, 3 do print(os.join(tids[i])) end`,
    );
    expect(errors).toEqual([]);
    expect(out).toBe('true\tok\n'.repeat(3));
  });
});
