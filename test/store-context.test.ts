// The store and data native contexts as programs use them: entries by namespace, require from the
// store, a program's data stream with its position, and locks released when their holder exits or is killed.
import { describe, expect, it } from 'vitest';
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
  it('reads and writes entries, refuses bad names and factory removals, and feeds require', async () => {
    expect(await run(vm, `
      local s = os.rpc(0).store
      print(s.put('libraries', 'greet', 'return function(n) return "hi " .. n end'))
      print(require('greet')('bob'))
      print(s.get('programs', 'hello') ~= nil, s.get('libraries', 'nope'))
      print(pcall(s.remove, 'programs', 'hello'))
      print(pcall(s.get, 'bogus', 'x'))
      print(pcall(s.put, 'programs', '../evil', 'x'))
      for _, e in ipairs(s.list('libraries')) do print(e.name, e.size, e.layer) end`)).toBe([
      'true',
      'hi bob',
      'true\tnil',
      "false\tmain:6: call 'store.remove' failed: denied: programs/hello is part of the factory layer (read-only)",
      "false\tmain:7: call 'store.get' failed: bad argument: unknown namespace 'bogus' (namespaces: programs, libraries, runtimes, services, data)",
      "false\tmain:8: call 'store.put' failed: bad argument: bad program name '../evil': use letters, digits, '_', '-' and '.' (not first), no '/' or '..'",
      'greet\t40\tuser', ''].join('\n'));
  });

  it("keeps each program's data stream, with a position per process; code has none", async () => {
    expect(await run(vm, `
      local d = os.rpc(0).data
      print(d.write('hello world'), d.size(), d.seek('set', 6), d.read(5), d.seek('end'))
      print(d.truncate(5), d.size(), d.seek('set'), d.read(100))
      print(d.append('!'), d.seek(), d.size())
      os.wait(os.run('other'))
      os.wait(os.run('writer'))
      os.wait(os.run('writer'))
      os.wait(os.run_code('print("code", pcall(os.rpc(0).data.size))', { name = 'main' }))
      print(pcall(d.seek, 'set', -1))`, {
      other: `print('other', os.rpc(0).data.size())`,
      writer: `local d = os.rpc(0).data print('writer', d.size(), d.seek(), d.append('ab'), d.seek())`,
    })).toBe([
      'true\t11\t6\tworld\t11',
      'true\t5\t0\thello',
      'true\t6\t6',
      'other\t0',
      'writer\t0\t0\ttrue\t2',
      'writer\t2\t0\ttrue\t4',
      "code\tfalse\tmain:1: call 'data.size' failed: denied: process 5 runs code, not a program: it has no data stream",
      "false\tmain:10: call 'data.seek' failed: bad argument: cannot seek to -1: before the start of data/main", ''].join('\n'));
  });

  it('grants locks in order, releases them on exit and kill, and gives back a grant that came too late', async () => {
    expect(await run(vm, `
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
      print(pcall(os.rpc(0).data.lock, 'both'))`, {
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
    })).toBe([
      'a\thas it\ttrue',
      'b waits\trunning',
      'b\thas it\ttrue',
      'c\thas it\ttrue',
      'late\ttimeout',
      'e\thas it\ttrue',
      "false\tmain:18: call 'data.lock' failed: bad argument: lock(mode): mode is 'shared' or 'exclusive'", ''].join('\n'));
  });
});
