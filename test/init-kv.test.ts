// The shipped kv service keeps its data in its data stream: across a restart of the service, and of thox
// (a new kernel on the same store), with set, get, delete and watch through service.find('kv').
import { describe, expect, it } from 'vitest';
import type { Supervisor } from '../src/init/supervisor.js';
import { startInit } from '../src/init/system.js';
import { simulate, type Simulation } from '../src/testing.js';
import { VM_NAMES, type VmName } from '../src/vm/vm.js';

async function bootKv(vm: VmName, client: string, stream?: string): Promise<{ sim: Simulation; init: Supervisor }> {
  let init: Supervisor | null = null;
  const sim = await simulate({ vm, programs: { client }, onOutput: (pid, stream, text) => init?.output(pid, stream, text) });
  if (stream !== undefined) sim.store.stream('kvd').write(0, stream);
  init = startInit(sim.kernel, sim.store);
  init.start('kv');
  sim.spawn('client');
  return { sim, init };
}

const FIRST = `
  local service = require('service')
  os.sleep(1)
  local kv = os.rpc(service.find('kv'))
  local waiter = os.spawn(function() print('watched', kv.watch('colour')) end)
  os.yield()
  kv.set('colour', 'green\\n0:odd')
  kv.set('size', 42)
  kv.set('ratio', 2.0)
  kv.set('third', 1 / 3)
  kv.set('on', true)
  kv.set('off', false)
  kv.set('gone', 'x')
  print('deleted', kv.delete('gone'))
  print(pcall(kv.set, 'bad', {}))
  os.join(waiter)
  service.restart('kv') -- answered once the old process is gone: the new one may still be binding
  repeat os.sleep(0.1) until service.status('kv').state == 'ready'
  kv = os.rpc(service.find('kv'))
  print('after restart', kv.get('colour'), kv.get('size'), math.type(kv.get('ratio')), kv.get('third') == 1 / 3, kv.get('on'), kv.get('off'), kv.get('gone'))
  print('keys', table.concat(kv.keys(), ','))
  service.stop('kv')`;

describe.each(VM_NAMES)('the kv service on %s', (vm) => {
  it('keeps its data across a restart of the service and of thox', async () => {
    const first = await bootKv(vm, FIRST);
    first.sim.run();
    expect(first.sim.check()).toEqual([]);
    expect(first.sim.output.stdout).toBe(
      [
        'watched\tgreen\n0:odd',
        'deleted\ttrue',
        "false\tclient:15: call 'set' failed: bad argument: set(key, value): value must be a string, number, boolean or nil, got table",
        'after restart\tgreen\n0:odd\t42\tfloat\ttrue\ttrue\tfalse\tnil',
        'keys\tcolour,off,on,ratio,size,third',
        '',
      ].join('\n'),
    );
    const stream = first.sim.store.stream('kvd');
    const saved = stream.read(0, stream.size());

    const second = await bootKv(
      vm,
      `local kv = (function() os.sleep(1) return os.rpc(require('service').find('kv')) end)()
      print(kv.get('colour'), kv.get('size'), kv.get('on'), table.concat(kv.keys(), ','))`,
      saved,
    );
    second.sim.run({ until: () => second.sim.output.stdout.includes('\n') && second.sim.output.stdout.split('\n').length > 2 });
    expect(second.sim.output.stdout).toBe('green\n0:odd\t42\ttrue\tcolour,off,on,ratio,size,third\n');
  });
});
