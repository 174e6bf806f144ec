// What a process holds of each limited resource, as os.info shows it beside the limits, and the kernel log's
// per-process share: a process writing without end pushes out only its own oldest lines.
import { describe, expect, it } from 'vitest';
import { simulate } from '../src/testing.js';
import { VM_NAMES } from '../src/vm/vm.js';

/** Lua: prints a table's fields sorted, as NAME=VALUE. */
const FIELDS = `local function fields(t) local out = {} for k, v in pairs(t) do out[#out + 1] = k .. '=' .. tostring(v) end table.sort(out) return table.concat(out, ' ') end `;

describe.each(VM_NAMES)('usage and the log share on %s', (vm) => {
  it('os.info().usage counts what the process holds, beside os.info().limits', async () => {
    const main = `${FIELDS}
      local before = os.info().usage
      local ctx = os.context() os.context()
      os.timer(100) os.timer(200) os.timer(300)
      for i = 1, 4 do os.queue({ type = 'mine', data = ('x'):rep(1000) }) end
      os.spawn(function() os.sleep(10) end)
      local child = os.run_code('os.sleep(10)')
      os.rpc(0).log.write('info', 'one line')
      os.rpc(0).fs.open('notes.txt', 'w')
      local cid = os.call(0, 'timer.after', 50)
      local u = os.info().usage
      print((fields(before):gsub(' heap=%d+', ''):gsub(' memory=%d+', '')))
      u.heap, u.memory, u.bytes = u.heap > 0, u.memory > 0, u.bytes > 4000
      print(fields(u))
      print(fields(os.info().limits))
      print(os.info(child).usage.processes, os.info(child).usage.tasks)
      os.kill(child)`;
    const sim = await simulate({ vm, programs: { main }, limits: { contexts: 50, log: 7 } });
    sim.spawn('main');
    sim.run();
    const heap = vm === 'wasmoon';
    expect(sim.output.stdout).toBe(
      [
        'bytes=0 calls=0 contexts=0 events=0 files=0 log=0 processes=1 tasks=1 timers=0',
        `bytes=true calls=1 contexts=2 events=4 files=1 heap=${heap} log=1 memory=${heap} processes=2 tasks=2 timers=4`,
        `bytes=67108864 calls=4096 contexts=50 events=4096 files=128 heap=1610612736 log=7 memory=67108864 processes=1000 tasks=10000 timers=10000 trace=200000`,
        '2\t1',
        '',
      ].join('\n'),
    );
  });

  it("a process past its log share pushes out its own oldest lines, never another process's", async () => {
    const quiet = `os.rpc(0).log.write('info', 'quiet 1') os.rpc(0).log.write('info', 'quiet 2') os.sleep(1)`;
    const main = `
      local q = os.run('quiet') os.sleep(0.1)
      for i = 1, 250 do os.rpc(0).log.write('info', 'loud ' .. i) end
      local lines, loud, quiet = os.rpc(0).log.read(), 0, {}
      for _, l in ipairs(lines) do if l.name == 'quiet' then quiet[#quiet + 1] = l.message else loud = loud + 1 end end
      print(#lines, loud, table.concat(quiet, ','), lines[#lines].message, os.info().usage.log, os.info(q).usage.log)
      for _, l in ipairs(lines) do if l.name ~= 'quiet' then print('oldest loud', l.message) break end end`;
    const sim = await simulate({ vm, programs: { main, quiet }, limits: { log: 100 } });
    sim.spawn('main');
    sim.run();
    expect(sim.output.stdout).toBe('102\t100\tquiet 1,quiet 2\tloud 250\t100\t2\noldest loud\tloud 151\n');
  });
});
