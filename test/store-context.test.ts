// The store and data native contexts as programs use them: entries by namespace, require from the
// store, a program's data stream with its position, and locks released when their holder exits or is killed.
import { describe, expect, it } from 'vitest';
import { simulate } from '../src/testing.js';
import { VM_NAMES } from '../src/vm/vm.js';

async function run(vm: (typeof VM_NAMES)[number], main: string) {
  const sim = await simulate({ vm, programs: { main } });
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

  it("keeps each program's data stream, with a position per process", async () => {
    expect(await run(vm, `
      local d = os.rpc(0).data
      print(d.write('hello world'), d.size(), d.seek('set', 6), d.read(5), d.seek('end'))
      print(d.truncate(5), d.size(), d.seek('set'), d.read(100))
      print(d.append('!'), d.seek(), d.size())
      local other = os.run_code('print("other", os.rpc(0).data.size())', { name = 'other' })
      local same = os.run_code('print("same", os.rpc(0).data.read(6))', { name = 'main' })
      os.wait(other) os.wait(same)
      print(pcall(d.seek, 'set', -1))`)).toBe([
      'true\t11\t6\tworld\t11',
      'true\t5\t0\thello',
      'true\t6\t6',
      'other\t0',
      'same\thello!',
      "false\tmain:9: call 'data.seek' failed: bad argument: cannot seek to -1: before the start of data/main", ''].join('\n'));
  });

  it('grants locks in order and releases them when the holder exits or is killed', async () => {
    expect(await run(vm, `
      local d = os.rpc(0).data
      print('main locks', d.lock('exclusive'))
      local reader = os.run_code([==[print('reader', os.rpc(0).data.lock('shared'))]==], { name = 'main' })
      os.sleep(0.1)
      print('main unlocks') d.unlock()
      os.wait(reader)
      local holder = os.run_code([==[os.rpc(0).data.lock() print('holder has it') os.pull('never')]==], { name = 'main' })
      os.sleep(0.05)
      local cid = os.call(0, 'data.lock')
      os.sleep(0.05)
      print('still waiting', os.pull({ type = 'answer', cid = cid }, 0) == nil)
      os.kill(holder)
      print('after kill', os.status[os.pull({ type = 'answer', cid = cid }).status])
      print(pcall(d.lock, 'both'))`)).toBe([
      'main locks\ttrue',
      'main unlocks',
      'reader\ttrue',
      'holder has it',
      'still waiting\ttrue',
      'after kill\tok',
      "false\tmain:15: call 'data.lock' failed: bad argument: lock(mode): mode is 'shared' or 'exclusive'", ''].join('\n'));
  });
});
