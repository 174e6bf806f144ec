// Controlling services from inside thox: the `service` context's commands (start, stop, restart, reset,
// reload) from Lua, denied to a process whose context 0 is a view without them, and the shipped `svc` program.
import { describe, expect, it } from 'vitest';
import { describeState } from '../src/init/states.js';
import { checkServiceTrace } from '../src/init/trace-check.js';
import type { Supervisor } from '../src/init/supervisor.js';
import { startInit } from '../src/init/system.js';
import { simulate, type Simulation } from '../src/testing.js';
import { VM_NAMES, type VmName } from '../src/vm/vm.js';

const NOTIFIER = `
  local service = require('service')
  os.sleep(0.5)
  service.ready()
  repeat local e = os.pull() until e.type == 'terminate'`;

const USAGE = 'usage: svc list | status NAME | start NAME | stop NAME | restart NAME | reset NAME | reload';

async function boot(vm: VmName, client: string): Promise<{ sim: Simulation; init: Supervisor }> {
  let init: Supervisor | null = null;
  const sim = await simulate({
    vm,
    programs: { notifier: NOTIFIER, client, crasher: "error('boom')" },
    services: {
      'a.svc': "{ program = 'notifier', type = 'notify' }",
      'b.svc': "{ program = 'notifier', type = 'notify', requires = { 'a' } }",
      'c.svc': "{ program = 'crasher', start_limit = { burst = 1, interval = 10 } }",
    },
    onOutput: (pid, stream, text) => init?.output(pid, stream, text),
  });
  init = startInit(sim.kernel, sim.store);
  return { sim, init };
}

function run(sim: Simulation, init: Supervisor): void {
  sim.run();
  expect(sim.check()).toEqual([]);
  expect(checkServiceTrace(sim.trace.events, new Map([...init.services].map(([n, s]) => [n, s.def])))).toEqual([]);
}

describe.each(VM_NAMES)('service control from Lua on %s', (vm) => {
  it('starts, stops, restarts and resets services, answering with their status once done', async () => {
    const { sim, init } = await boot(
      vm,
      `local service = require('service')
      local s = service.start('b')
      print('start', s.name, s.state)
      os.sleep(2)
      print('ready', service.status('a').state, service.status('b').state)
      local old = service.status('b').pid
      s = service.restart('b')
      print('restart', s.state, s.pid ~= old, service.status('a').state)
      os.sleep(1)
      local oldB = service.status('b').pid
      s = service.restart('a')
      print('restart a', s.state, service.status('b').state)
      os.sleep(1.5)
      print('again', service.status('a').state, service.status('b').state, service.status('b').pid ~= oldB)
      s = service.stop('a')
      print('stop', s.state, s.pid, service.status('b').target)
      print(pcall(service.stop, 'ghost'))
      service.start('c')
      os.sleep(1)
      print('c', service.status('c').state)
      print(select(2, pcall(service.start, 'c')))
      print('reset', service.reset('c').state)
      init_down = true`,
    );
    const saved: Array<[string, string]> = [];
    init.onCommand((name, target) => saved.push([name, target]));
    sim.spawn('client');
    run(sim, init);
    expect(sim.output.stdout.split('\n')).toEqual([
      'start\tb\tblocked(a)',
      'ready\tready\tready',
      'restart\tstarting\ttrue\tready',
      'restart a\tstarting\tblocked(a)',
      'again\tready\tready\ttrue',
      'stop\tinactive\tnil\tdown',
      'false\tno such service: ghost',
      'c\tfailed(start-limit-hit)',
      "service 'c' is failed(start-limit-hit): reset it first",
      'reset\tready',
      '',
    ]);
    expect(saved).toEqual([
      ['b', 'up'],
      ['b', 'up'],
      ['a', 'up'],
      ['a', 'down'],
      ['c', 'up'],
    ]);
    expect(describeState(init.get('b').state)).toBe('inactive');
  });

  it('refuses the commands to a process whose context 0 is a view without them, and still lets it read', async () => {
    const { sim, init } = await boot(
      vm,
      `local pid = os.run_code([[
        local service = require('service')
        print(service.status('a').state)
        print(pcall(service.start, 'a'))
      ]], { context = os.restrict(0, { deny = { 'service.start', 'service.stop', 'service.restart', 'service.reset', 'service.reload' } }) })
      os.wait(pid)`,
    );
    sim.spawn('client');
    run(sim, init);
    expect(sim.output.stdout).toMatch(/^inactive\nfalse\tcall 'service.start' is not allowed on context \d+\n$/);
    expect(init.get('a').target).toBe('down');
  });

  it('ships svc, which prints the tables thox svc prints', async () => {
    const { sim, init } = await boot(
      vm,
      `for _, args in ipairs({ { 'start', 'b' }, { 'list' }, { 'stop', 'nope' }, { 'reload' }, { 'frobnicate' } }) do
        local code, kind, message = os.wait(os.run('svc', { args = args }))
        if code ~= 0 then print(code, kind, message) end
        os.sleep(2)
      end`,
    );
    sim.spawn('client');
    run(sim, init);
    const lines = sim.output.stdout.split('\n');
    expect(lines.slice(0, 3)).toEqual([
      'NAME  TYPE    TARGET  STATE       PID',
      'b     notify  up      blocked(a)  -',
      'NAME        TYPE     TARGET  STATE     PID',
    ]);
    expect(lines).toContainEqual(expect.stringMatching(/^a {11}notify {3}up {6}ready {5}\d+$/));
    expect(lines).toContainEqual('kv          bind     down    inactive  -');
    expect(lines).toContainEqual('1\terror\tsvc: no such service: nope');
    expect(lines.slice(-5)).toEqual(['added: -', 'changed: -', 'removed: -', `1\terror\t${USAGE}`, '']);
  });
});
