// The store and data native contexts as programs use them: entries by namespace, require from the
// store, a program's data stream with its position, and locks released when their holder exits or is killed.
import { statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../src/paths.js';
import { simulate } from '../src/testing.js';
import { VM_NAMES } from '../src/vm/vm.js';

async function run(vm: (typeof VM_NAMES)[number], main: string, programs: Record<string, string> = {}) {
  const sim = await simulate({ vm, programs: { main, ...programs } });
  const p = sim.spawn('main');
  sim.run({ until: () => p.exit !== null });
  expect(sim.check()).toEqual([]);
  expect(sim.output.stderr).toBe('');
  return sim.output.stdout;
}

describe.each(VM_NAMES)('store contexts on %s', (vm) => {
  it('reads the system-managed namespaces and feeds require; refuses bad names', async () => {
    const sim = await simulate({
      vm,
      programs: {
        main: `
      local s = os.rpc(0).store
      print(require('greet')('bob'))
      print(s.get('programs', 'hello') ~= nil, s.get('runtimes', 'native') ~= nil, s.get('libraries', 'nope'))
      print(pcall(s.get, 'bogus', 'x'))
      print(pcall(s.put, 'programs', '../evil', 'x'))
      for _, e in ipairs(s.list('libraries')) do print(e.name, e.size, e.layer) end
      local spaces = {}
      for _, e in ipairs(s.list()) do spaces[e.namespace] = true end
      print(spaces.programs, spaces.runtimes, spaces.libraries, spaces.data)`,
      },
      libraries: { greet: 'return function(n) return "hi " .. n end' },
    });
    const p = sim.spawn('main');
    sim.run({ until: () => p.exit !== null });
    expect(sim.output.stdout).toBe(
      [
        'hi bob',
        'true\ttrue\tnil',
        "false\tmain:5: call 'store.get' failed: bad argument: unknown namespace 'bogus' (namespaces: programs, libraries, runtimes, services, data)",
        "false\tmain:6: call 'store.put' failed: bad argument: bad program name '../evil': use letters, digits, '_', '-' and '.' (not first), no '/' or '..'",
        `columns\t${statSync('store/libraries/columns.lua').size}\tfactory`,
        `console\t${statSync('store/libraries/console.lua').size}\tfactory`,
        `fs\t${statSync('store/libraries/fs.lua').size}\tfactory`, // the factory's own library, listed with the user's
        'greet\t40\tuser',
        `input\t${statSync('store/libraries/input.lua').size}\tfactory`,
        `line_editor\t${statSync('store/libraries/line_editor.lua').size}\tfactory`,
        `service\t${statSync(new URL('store/libraries/service.lua', PACKAGE_ROOT)).size}\tfactory`,
        `shell_data\t${statSync('store/libraries/shell_data.lua').size}\tfactory`,
        `shell_syntax\t${statSync('store/libraries/shell_syntax.lua').size}\tfactory`,
        `term\t${statSync('store/libraries/term.lua').size}\tfactory`, // the factory's own libraries follow
        'true\ttrue\ttrue\tnil',
        '',
      ].join('\n'),
    );
  });

  it('refuses every change to the system-managed namespaces and any use of data, with DENIED and why', async () => {
    const sim = await simulate({
      vm,
      programs: {
        main: `
        local s = os.rpc(0).store
        local function try(...)
          local cid = os.call(0, ...)
          local a = os.pull({ type = 'answer', cid = cid })
          print(os.status[a.status], a.args[1])
        end
        try('store.put', 'runtimes', 'native', 'print("every process is mine")')
        try('store.put', 'programs', 'hello', 'print("mine")')
        try('store.put', 'libraries', 'greet', 'return 1')
        try('store.put', 'services', 'kvd', 'return 1')
        try('store.remove', 'programs', 'hello')
        try('store.remove', 'libraries', 'greet')
        try('store.get', 'data', 'secret')
        try('store.put', 'data', 'secret', 'overwritten')
        try('store.remove', 'data', 'secret')
        try('store.list', 'data')
        os.wait(os.run('secret', { args = { 'read' } }))
        os.wait(os.run('later'))`,
        later: `print('later, as written')`,
        secret: `local d = os.rpc(0).data if ... == 'read' then print('secret', d.read(100)) else d.write('the secret') end`,
      },
      libraries: { greet: 'return 0' },
    });
    const writer = sim.spawn('secret');
    sim.run({ until: () => writer.exit !== null });
    const p = sim.spawn('main');
    sim.run({ until: () => p.exit !== null });
    const managed = (entry: string, ns: string, cmd: string) =>
      `denied\t${entry} is system-managed: a process cannot change the ${ns} namespace (the host user can, with 'thox store ${cmd}')`;
    const noData = 'denied\tthe data namespace is not reachable through the store context: a program reaches its own stream through the data context';
    expect(sim.output.stdout).toBe(
      [
        managed('runtimes/native', 'runtimes', 'put'),
        managed('programs/hello', 'programs', 'put'),
        managed('libraries/greet', 'libraries', 'put'),
        managed('services/kvd', 'services', 'put'),
        managed('programs/hello', 'programs', 'rm'),
        managed('libraries/greet', 'libraries', 'rm'),
        noData,
        noData,
        noData,
        noData,
        'secret\tthe secret',
        'later, as written',
        '',
      ].join('\n'),
    );
    expect(sim.output.stderr).toBe('');
  });

  it("keeps program A's data stream out of program B's reach", async () => {
    expect(
      await run(
        vm,
        `
      os.wait(os.run('a'))
      os.wait(os.run('b'))
      os.wait(os.run_code('print("code", pcall(os.rpc(0).data.read, 100))', { name = 'a' }))
      os.wait(os.run('a'))`,
        {
          a: `local d = os.rpc(0).data print('a', d.read(100)) d.write('only for a')`,
          b: `local d = os.rpc(0).data print('b', d.read(100), pcall(os.rpc(0).store.get, 'data', 'a'))`,
        },
      ),
    ).toBe(
      [
        'a\t',
        "b\t\tfalse\tb:1: call 'store.get' failed: denied: the data namespace is not reachable through the store context: a program reaches its own stream through the data context",
        "code\tfalse\ta:1: call 'data.read' failed: denied: process 4 was started with os.run_code: code has no program, so no data stream",
        'a\tonly for a',
        '',
      ].join('\n'),
    );
  });

  it("keeps each program's data stream, with a position per process; code has none", async () => {
    expect(
      await run(
        vm,
        `
      local d = os.rpc(0).data
      print(d.write('hello world'), d.size(), d.seek('set', 6), d.read(5), d.seek('end'))
      print(d.truncate(5), d.size(), d.seek('set'), d.read(100))
      print(d.append('!'), d.seek(), d.size())
      os.wait(os.run('other'))
      os.wait(os.run('writer'))
      os.wait(os.run('writer'))
      os.wait(os.run_code('print("code", pcall(os.rpc(0).data.size))', { name = 'main' }))
      print(pcall(d.seek, 'set', -1))`,
        {
          other: `print('other', os.rpc(0).data.size())`,
          writer: `local d = os.rpc(0).data print('writer', d.size(), d.seek(), d.append('ab'), d.seek())`,
        },
      ),
    ).toBe(
      [
        'true\t11\t6\tworld\t11',
        'true\t5\t0\thello',
        'true\t6\t6',
        'other\t0',
        'writer\t0\t0\ttrue\t2',
        'writer\t2\t0\ttrue\t4',
        "code\tfalse\tmain:1: call 'data.size' failed: denied: process 5 was started with os.run_code: code has no program, so no data stream",
        "false\tmain:10: call 'data.seek' failed: bad argument: cannot seek to -1: before the start of data/main",
        '',
      ].join('\n'),
    );
  });

  it('grants locks in order, releases them on exit and kill, and gives back a grant that came too late', async () => {
    expect(
      await run(
        vm,
        `
      local a = os.run('locker', { args = { 'a', 'exclusive', 'hold' } })
      os.sleep(0.05)
      local b = os.run('locker', { args = { 'b', 'shared', 'exit' } })
      os.sleep(0.05)
      print('b waits', os.info(b).state)
      os.kill(a)
      os.wait(b)
      local c = os.run('locker', { args = { 'c', 'exclusive', 'hold' } })
      os.sleep(0.05)
      local late = os.run('locker', { args = { 'late', 'exclusive', 'timeout' } })
      os.sleep(0.2)
      local e = os.run('locker', { args = { 'e', 'shared', 'exit' } })
      os.sleep(0.05)
      os.kill(c)
      os.wait(e)
      os.kill(late)
      print(pcall(os.rpc(0).data.lock, 'both'))`,
        {
          locker: `
        local who, mode, after = ...
        local d = os.rpc(0).data
        if after == 'timeout' then
          local cid = os.call(0, 'data.lock', mode)
          os.timeout(cid, 0.05)
          print(who, os.status[os.pull({ type = 'answer', cid = cid }).status])
          os.pull('never')
        end
        print(who, 'has it', d.lock(mode))
        if after == 'hold' then os.pull('never') end`,
        },
      ),
    ).toBe(
      [
        'a\thas it\ttrue',
        'b waits\trunning',
        'b\thas it\ttrue',
        'c\thas it\ttrue',
        'late\ttimeout',
        'e\thas it\ttrue',
        "false\tmain:18: call 'data.lock' failed: bad argument #1 to 'data.lock' (invalid option 'both')",
        '',
      ].join('\n'),
    );
  });
});
