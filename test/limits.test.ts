// Kernel limits: each count a process (or its tree) may make the kernel hold is refused at its limit with a
// message naming it, the kernel and other processes go on, and freeing the objects gives the room back.
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, resolveLimits, type Limits } from '../src/kernel/limits.js';
import { parseLimit } from '../src/cli/options.js';
import { simulate } from '../src/testing.js';
import { VM_NAMES, type VmName } from '../src/vm/vm.js';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

/** A bystander that must still run to the end beside the process hitting a limit. */
const BYSTANDER = `os.sleep(0.2) print('bystander done')`;

/** Runs `main` (and a bystander) under the given limits; returns stdout, the kernel and main's process. */
async function run(vm: VmName, main: string, limits: Partial<Limits>, programs: Record<string, string> = {}) {
  const sim = await simulate({ vm, programs: { main, bystander: BYSTANDER, ...programs }, limits });
  const p = sim.spawn('main');
  sim.spawn('bystander');
  sim.run();
  expect(sim.check()).toEqual([]);
  expect(sim.output.stdout).toContain('bystander done');
  return { out: sim.output.stdout, err: sim.output.stderr, kernel: sim.kernel, p };
}

/** Lua: calls `make` until it fails; prints how many succeeded and the error, returns the count. */
const UNTIL_REFUSED = `
local function until_refused(make)
  local n = 0
  while true do
    local ok, a, b = pcall(make)
    if not ok or a == nil then print(n, ok and b or a) return n end
    n = n + 1
  end
end
`;

describe.each(VM_NAMES)('kernel limits on %s', (vm) => {
  it('contexts: refused at the limit, closing one gives room back, other processes go on', async () => {
    const { out, kernel } = await run(
      vm,
      `${UNTIL_REFUSED}
      local ctxs = {}
      until_refused(function() local c = os.context() ctxs[#ctxs + 1] = c return c end)
      print(os.close(ctxs[1]))
      print(pcall(os.context) and 'room again')
      print(pcall(os.context))`,
      { contexts: 5 },
    );
    expect(out).toMatch(/^5\tmain:\d+: too many contexts: process 1 holds 5 \(limit 'contexts', see thox run --limit\)$/m);
    expect(out).toContain('true\nroom again\nfalse\ttoo many contexts: process 1 holds 5');
    expect(kernel.interactions.contexts.size).toBeLessThan(10);
  });

  it('os.close by a holder drops only its reference (the owner hears close); by the owner, the context goes for all', async () => {
    const { out } = await run(
      vm,
      `
      local ctx = os.context()
      local child = assert(os.run_code([[
        local ctx = tonumber((...))
        print('child closes', os.close(ctx))
        print('child after', pcall(os.bind, ctx, 'x'))
      ]], { args = { ctx }, contexts = { ctx } }))
      local e = os.pull('close')
      print('owner hears close from', e.pid == child)
      os.wait(child)
      assert(os.bind(ctx, 'mine'))
      print('owner closes', os.close(ctx))
      local answer = os.pull({ type = 'answer', cid = os.call(ctx, 'mine') })
      print('owner after', os.status[answer.status], answer.args[1])`,
      {},
    );
    expect(out).toContain('child closes\ttrue\nchild after\tfalse\tcontext');
    expect(out).toContain('owner hears close from\ttrue');
    expect(out).toMatch(/owner closes\ttrue\nowner after\tdenied\tcontext \d+ is not held by this process/);
  });

  it('os.context() in a loop stops at the default limit with the kernel holding a bounded number of contexts', async () => {
    const sim = await simulate({ vm, programs: { main: 'while true do os.context() end' } });
    const p = sim.spawn('main');
    let most = 0;
    sim.run({
      until: () => {
        most = Math.max(most, sim.kernel.interactions.contexts.size);
        return false;
      },
    });
    expect(p.exit?.kind).toBe('error');
    expect(p.exit?.message).toMatch(/^main:1: too many contexts: process 1 holds 4096 \(limit 'contexts', see thox run --limit\)$/);
    expect(most).toBeLessThanOrEqual(DEFAULT_LIMITS.contexts + 1);
    expect(sim.kernel.interactions.contexts.size).toBe(1); // its contexts went with it
  });

  it('tasks: running and unjoined ended tasks count, joining gives room back', async () => {
    const { out } = await run(
      vm,
      `${UNTIL_REFUSED}
      local tids = {}
      until_refused(function() local t = os.spawn(function() error('failed', 0) end) tids[#tids + 1] = t return t end)
      os.yield() -- the tasks end with errors nobody has joined yet
      print(pcall(os.spawn, function() end))
      print(os.join(tids[1]))
      print(pcall(os.spawn, function() end) and 'room again')`,
      { tasks: 4 },
    );
    expect(out).toContain("3\ttoo many tasks: process 1 holds 4 (limit 'tasks', see thox run --limit)");
    expect(out).toContain("false\ttoo many tasks: process 1 holds 4 (limit 'tasks', see thox run --limit)\nfalse\tfailed\nroom again");
  });

  it('calls: answers not pulled count, pulling one gives room back', async () => {
    const { out } = await run(
      vm,
      `${UNTIL_REFUSED}
      local cids = {}
      until_refused(function() local c = os.call(0, 'timer.now') cids[#cids + 1] = c return c end)
      local answer = os.pull({ type = 'answer', cid = cids[1] })
      print(answer.status == os.status.OK, pcall(os.call, 0, 'timer.now') and 'room again')`,
      { calls: 6 },
    );
    expect(out).toMatch(/^6\tmain:\d+: too many unanswered calls: process 1 holds 6 \(limit 'calls', see thox run --limit\)$/m);
    expect(out).toContain('true\troom again');
  });

  it('calls to a process that does not answer count too, and its answers give room back', async () => {
    const { out } = await run(
      vm,
      `${UNTIL_REFUSED}
      local ctx = os.context()
      local server = assert(os.run('server', { context = ctx }))
      os.yield()
      until_refused(function() local cid = os.call(ctx, 'hold') return cid end)
      for _ = 1, 4 do os.pull('answer') end
      print(pcall(os.call, ctx, 'hold') and 'room again')
      os.kill(server)`,
      { calls: 4 },
      {
        server: `
        os.bind(0, 'hold')
        local held = {}
        while true do -- answers what it holds once no call came for a second
          local e = os.pull('call', 1)
          if e then held[#held + 1] = e.cid
          else for _, cid in ipairs(held) do os.answer(cid, os.status.OK) end held = {} end
        end`,
      },
    );
    expect(out).toMatch(/^4\tmain:\d+: too many unanswered calls: process 1 holds 4 \(limit 'calls'/m);
    expect(out).toContain('room again');
  });

  it('events: os.queue answers nil and the limit past it, pulling gives room back', async () => {
    const { out } = await run(
      vm,
      `${UNTIL_REFUSED}
      until_refused(function() return os.queue({ type = 'mine' }) end)
      os.pull('mine')
      print(os.queue({ type = 'mine' }))`,
      { events: 7 },
    );
    expect(out).toContain("7\ttoo many waiting events: process 1 holds 7 (limit 'events', see thox run --limit)");
    expect(out).toContain('\ntrue\n');
  });

  it('timers: os.timer and timer.after are refused at the limit, cancelling or firing gives room back', async () => {
    const { out } = await run(
      vm,
      `${UNTIL_REFUSED}
      local ids = {}
      until_refused(function() local id = os.timer(100) ids[#ids + 1] = id return id end)
      print(os.rpc(0, {}).timer.after ~= nil and pcall(os.call, 0, 'timer.after', 1))
      local a = os.pull('answer')
      print(a.status == os.status.ERROR, a.args[1])
      print(os.cancel(ids[1]), pcall(os.timer, 0.5) and 'room again')
      os.pull('timer')
      print(pcall(os.timer, 0.5) and 'room after firing')`,
      { timers: 3 },
    );
    expect(out).toMatch(/^3\tmain:\d+: too many timers: process 1 holds 3 \(limit 'timers', see thox run --limit\)$/m);
    expect(out).toContain("true\ttoo many timers: process 1 holds 3 (limit 'timers', see thox run --limit)");
    expect(out).toContain('true\troom again\n');
    expect(out).toContain('room after firing\n');
  });

  it('processes: os.run and proc.run are refused at the tree limit, reaping gives room back', async () => {
    const { out } = await run(
      vm,
      `${UNTIL_REFUSED}
      local pids = {}
      until_refused(function() local pid, err = os.run('idle') pids[#pids + 1] = pid return pid, err end)
      local proc = os.rpc(0)
      print(pcall(proc.proc.run, 'idle'))
      os.kill(pids[1])
      print(os.run('idle') == nil and 'not yet: its record waits for os.wait')
      print(os.wait(pids[1]))
      print(os.run('idle') ~= nil and 'room again')
      for _, pid in ipairs(pids) do os.kill(pid) end`,
      { processes: 4 },
      { idle: `os.pull('never')` },
    );
    expect(out).toContain("3\ttoo many processes: the tree of process 1 holds 4 (limit 'processes', see thox run --limit)");
    expect(out).toMatch(/^false\tmain:\d+: call 'proc.run' failed: error: too many processes: the tree of process 1 holds 4 \(limit 'processes'/m);
    expect(out).toContain('not yet: its record waits for os.wait\n137\tkilled\tkilled by process 1\nroom again');
  });

  it('bytes: a flood of big messages to a listener that does not pull keeps it under the limit, oldest dropped', async () => {
    const sim = await simulate({
      vm,
      programs: {
        main: `
          local ctx = os.context()
          local sink = assert(os.run('sink', { context = ctx }))
          os.yield()
          local big = string.rep('x', 100000)
          for i = 1, 50 do os.push(ctx, 'flood', big .. i) end
          print('too big for any queue reaches', os.push(ctx, 'flood', string.rep('z', 2000000)))
          print(pcall(os.queue, { type = 'mine', data = string.rep('y', 2000000) }))
          print(os.queue({ type = 'mine', data = string.rep('y', 2000000) }))
          os.queue({ type = 'go' })
          os.call(ctx, 'go')`,
        sink: `
          assert(os.listen(0, 'flood'))
          os.bind(0, 'go')
          os.pull('call')
          local first = os.pull('message')
          print(#first.value, first.value:sub(-2), first.dropped)`,
      },
      limits: { bytes: 1_000_000 },
    });
    const main = sim.spawn('main');
    let most = 0;
    sim.run({
      until: () => {
        for (const p of sim.kernel.processes.values()) most = Math.max(most, p.usage.bytes);
        return false;
      },
    });
    expect(main.exit?.kind).toBe('exited');
    expect(most).toBeLessThanOrEqual(1_000_000);
    expect(sim.output.stdout).toContain("true\tnil\ttoo much data held by the kernel: process 1 holds 0 bytes (limit 'bytes', see thox run --limit)");
    // 9 messages of 100 KB fit in 1 MB: the 41 oldest went, and the oldest left says so
    expect(sim.output.stdout).toContain('100002\t42\t41');
    expect(sim.output.stdout).toContain('too big for any queue reaches\t0\n');
  });

  it('bytes: a call whose arguments would go past the limit is refused, an answer too big for its caller is refused', async () => {
    const { out } = await run(
      vm,
      `
      local ctx = os.context()
      local server = assert(os.run('server', { context = ctx }))
      os.yield()
      print(pcall(os.call, ctx, 'echo', string.rep('x', 300000)))
      local ok, err = pcall(os.rpc(ctx).echo, 'small')
      print(ok, err)
      os.kill(server)`,
      { bytes: 200_000 },
      {
        server: `
        os.bind(0, 'echo')
        local e = os.pull('call')
        print(os.answer(e.cid, os.status.OK, string.rep('y', 300000)))
        os.answer(e.cid, os.status.ERROR, 'too big')
        os.pull('never')`,
      },
    );
    expect(out).toContain("false\ttoo much data held by the kernel: process 1 holds 0 bytes (limit 'bytes', see thox run --limit)");
    expect(out).toContain("nil\tanswer refused: too much data held by the kernel: process 1 holds 0 bytes (limit 'bytes'");
    expect(out).toMatch(/false\t.*call 'echo' failed: error: too big/);
  });

  it('a fork bomb is stopped at the tree limit, and a process outside its tree goes on', async () => {
    const sim = await simulate({
      vm,
      programs: { bomb: `while true do os.run('bomb') os.yield() end`, bystander: BYSTANDER },
      limits: { processes: 20 },
    });
    sim.spawn('bomb');
    sim.spawn('bystander');
    let most = 0;
    sim.run({
      until: () => {
        most = Math.max(most, sim.kernel.processes.size);
        return sim.kernel.now() > 300;
      },
    });
    expect(sim.output.stdout).toContain('bystander done');
    expect(most).toBeLessThanOrEqual(20 + 1);
    expect(sim.kernel.processes.live().length).toBe(20);
    sim.kernel.killAll('test over');
  });
});

describe('limits given by name', () => {
  it('--limit NAME=N accumulates and refuses unknown names and numbers below 1', () => {
    expect(parseLimit('calls=10', parseLimit('contexts = 5'))).toEqual({ contexts: 5, calls: 10 });
    expect(() => parseLimit('forks=3')).toThrow(
      "expected NAME=N with NAME one of processes, tasks, contexts, calls, events, timers, bytes, files, heap, log, trace, got 'forks=3'",
    );
    expect(() => parseLimit('tasks=0')).toThrow("limit 'tasks' must be a whole number of at least 1, got '0'");
    expect(() => parseLimit('tasks')).toThrow('expected NAME=N');
  });

  it('KernelOptions.limits keeps the defaults it does not name and refuses a bad value', async () => {
    expect(resolveLimits({ tasks: 3 })).toEqual({ ...DEFAULT_LIMITS, tasks: 3 });
    await expect(simulate({ limits: { timers: 0 } })).rejects.toThrow("limit 'timers' must be a whole number of at least 1, got 0");
  });
});

describe.each(VM_NAMES)('kernel-held bytes from native answers on %s', (vm) => {
  it('answers not pulled that hold more than the limit stop the next call, pulling them gives room back', async () => {
    const { out } = await run(
      vm,
      `
      local n = 0
      while pcall(os.call, 0, 'rand.bytes', 60000) do n = n + 1 end
      print(n, select(2, pcall(os.call, 0, 'timer.now')))
      for _ = 1, n do os.pull('answer') end
      print(pcall(os.call, 0, 'timer.now') and 'room again')`,
      { bytes: 1_000_000 },
    );
    expect(out).toMatch(/^17\ttoo much data held by the kernel: process 1 holds 1020\d+ bytes \(limit 'bytes', see thox run --limit\)$/m);
    expect(out).toContain('room again');
  });
});

describe('thox run --limit', () => {
  it('passes the limits to the kernel (built CLI, both VMs: fengari runs in a worker)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'thox-limits-'));
    try {
      const file = join(dir, 'contexts.lua');
      writeFileSync(file, 'local n = 0 while pcall(os.context) do n = n + 1 end print(n)\n');
      const cli = fileURLToPath(new URL('../bin/thox.js', import.meta.url));
      for (const vm of VM_NAMES) {
        const { stdout } = await promisify(execFile)('node', [cli, 'run', '--vm', vm, '--limit', 'contexts=3', '--limit', 'tasks=9', file]);
        expect(stdout).toBe('3\n');
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
