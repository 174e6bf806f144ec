// Scheduling behaviour under the deterministic kernel: interleavings at quantum boundaries, nested
// coroutines, timers, kills, deadlock, non-yieldable code, replays; golden traces and trace invariants.
import { describe, expect, it } from 'vitest';
import { simulate, type Simulation } from '../src/testing.js';
import { VM_NAMES } from '../src/vm/vm.js';

const SPIN = `
local name, rounds = ...
for r = 1, tonumber(rounds) do
  local x = 0
  for i = 1, 20000 do x = x + i end
  print(name .. ' ' .. r)
end`;

/** Runs to the end and checks the trace invariants, which every scenario must satisfy. */
function finish(sim: Simulation): void {
  sim.run();
  expect(sim.check()).toEqual([]);
}

function runsOf(sim: Simulation): number[] {
  return sim.trace.events.filter((e) => e.kind === 'run').map((e) => e.pid!);
}

describe.each(VM_NAMES)('scheduling on %s', (vm) => {
  it('interleaves three CPU-bound processes at quantum boundaries', async () => {
    const sim = await simulate({ vm, programs: { spin: SPIN }, quantum: 1000 });
    for (const name of ['a', 'b', 'c']) sim.spawn('spin', [name, '3']);
    finish(sim);
    const runs = runsOf(sim);
    // round-robin: while all three are alive, the runs cycle 1, 2, 3, 1, 2, 3...
    const firstExit = sim.trace.events.findIndex((e) => e.kind === 'exit');
    const early = sim.trace.events
      .slice(0, firstExit)
      .filter((e) => e.kind === 'run')
      .map((e) => e.pid);
    expect(early.length).toBeGreaterThan(30);
    for (const [i, pid] of early.entries()) expect(pid).toBe((i % 3) + 1);
    // every preemption lands exactly on a quantum boundary
    for (const e of sim.trace.events.filter((x) => x.kind === 'preempt')) expect(Number(e.data.insns) % 1000).toBe(0);
    expect(sim.output.stdout.split('\n').slice(0, 3)).toEqual(['a 1', 'b 1', 'c 1']);
    expect(runs.length).toBeGreaterThan(90);
    await expect(sim.render()).toMatchFileSnapshot('golden/three-processes.trace');
  });

  it('preempts an infinite loop inside nested coroutines without starving others', async () => {
    const sim = await simulate({
      vm,
      programs: {
        nested: `
          local inner = coroutine.wrap(function() while true do end end)
          local outer = coroutine.create(function() inner() end)
          coroutine.resume(outer)`,
        worker: `local s = 0 for i = 1, 60000 do s = s + i end print('worker done', s)`,
      },
    });
    const looper = sim.spawn('nested');
    const worker = sim.spawn('worker');
    sim.run({ until: () => worker.exit !== null });
    expect(worker.exit?.code).toBe(0);
    expect(sim.output.stdout).toBe('worker done\t1800030000\n');
    expect(looper.exit).toBeNull();
    expect(looper.counters.preemptions).toBeGreaterThan(5);
    sim.kernel.kill(looper.pid, 'test over');
    expect(sim.check()).toEqual([]);
  });

  it('keeps the standard coroutine semantics while preempting inside them', async () => {
    const sim = await simulate({
      vm,
      quantum: 200,
      programs: {
        co: `
          local gen = coroutine.wrap(function(a)
            local b = coroutine.yield(a + 1)
            for i = 1, 5000 do b = b + 1 end
            coroutine.yield(b)
            error('boom')
          end)
          assert(gen(1) == 2)
          assert(gen(10) == 5010)
          local ok, e = pcall(gen)
          assert(not ok and e:find('boom'), e)
          local co = coroutine.create(function(...) return select('#', ...), coroutine.isyieldable() end)
          local ok2, n, y = coroutine.resume(co, nil, nil)
          assert(ok2 and n == 2 and y == true)
          assert(coroutine.status(co) == 'dead')
          assert(select(2, coroutine.resume(co)) == 'cannot resume dead coroutine')
          local c2 = coroutine.create(function() for i = 1, 20000 do end coroutine.yield('x') end)
          local r = { coroutine.resume(c2) }
          assert(r[1] == true and r[2] == 'x' and #r == 2)
          assert(select(2, coroutine.running()) == true and coroutine.isyieldable() == false)
          coroutine.wrap(function() assert(select(2, coroutine.running()) == false and coroutine.isyieldable()) end)()
          print('ok')`,
        background: `for i = 1, 100000 do end`,
      },
    });
    const p = sim.spawn('co');
    sim.spawn('background');
    finish(sim);
    expect(p.exit).toMatchObject({ code: 0, kind: 'exited' });
    expect(sim.output.stdout).toBe('ok\n');
    expect(p.counters.preemptions).toBeGreaterThan(20); // preempted inside the coroutines, results intact
  });

  it('wakes sleepers with equal deadlines in the order they slept', async () => {
    const sim = await simulate({
      vm,
      programs: { sleeper: `os.sleep(tonumber((...))) print('woke ' .. arg[2])` },
    });
    sim.spawn('sleeper', ['0.5', 'first']);
    sim.spawn('sleeper', ['0.2', 'early']);
    sim.spawn('sleeper', ['0.5', 'second']);
    sim.spawn('sleeper', ['0.5', 'third']);
    finish(sim);
    expect(sim.output.stdout).toBe('woke early\nwoke first\nwoke second\nwoke third\n');
    expect(sim.kernel.now()).toBeGreaterThanOrEqual(500);
    expect(sim.kernel.now()).toBeLessThan(501);
    await expect(sim.render()).toMatchFileSnapshot('golden/sleep-order.trace');
  });

  it('fires timers with equal deadlines in the order they were set', async () => {
    const sim = await simulate({
      vm,
      programs: {
        timers: `
          local names = {}
          for _, n in ipairs({ 'x', 'y', 'z' }) do names[os.timer(0.5)] = n end
          names[os.timer(0.2)] = 'early'
          local t2 = os.spawn(function() os.sleep(0.5) print('sleeper') end)
          for _ = 1, 4 do print(names[os.pull('timer').id]) end
          os.join(t2)`,
      },
    });
    sim.spawn('timers');
    finish(sim);
    expect(sim.output.stdout).toBe('early\nx\ny\nz\nsleeper\n');
  });

  it('kills an infinite loop in a table.sort comparator and lets the others finish', async () => {
    const sim = await simulate({
      vm,
      yieldLimit: 2_000_000,
      programs: {
        sortbomb: `local ok, e = pcall(table.sort, {3, 2, 1}, function(a, b) while true do end end) print('survived', ok, e)`,
        worker: `for i = 1, 3 do local s = 0 for j = 1, 50000 do s = s + j end print('worker', i) end`,
      },
    });
    const bomb = sim.spawn('sortbomb');
    const worker = sim.spawn('worker');
    finish(sim);
    expect(bomb.exit).toMatchObject({ kind: 'killed', message: 'too long without yielding', code: 137 });
    expect(worker.exit).toMatchObject({ kind: 'exited', code: 0 });
    expect(sim.output.stdout).toBe('worker\t1\nworker\t2\nworker\t3\n');
    expect(sim.trace.events.some((e) => e.kind === 'defer' && e.pid === bomb.pid)).toBe(true);
  });

  it('defers a preemption inside a comparator to the next yield point', async () => {
    const sim = await simulate({
      vm,
      quantum: 1000,
      programs: {
        sorter: `
          local t = {} for i = 1, 3000 do t[i] = (i * 7919) % 3001 end
          table.sort(t, function(a, b) return a < b end)
          for i = 2, #t do assert(t[i - 1] <= t[i]) end
          print('sorted')`,
        other: `for i = 1, 50000 do end print('other')`,
      },
    });
    sim.spawn('sorter');
    sim.spawn('other');
    finish(sim);
    expect(sim.output.stdout).toContain('sorted');
    const deferredPreempt = sim.trace.events.find((e) => e.kind === 'preempt' && e.data.deferred === true);
    expect(deferredPreempt?.pid).toBe(1);
  });

  it('kills a blocked process and wakes its waiting parent', async () => {
    const sim = await simulate({
      vm,
      programs: {
        parent: `
          local pid = assert(os.run('blocked'))
          os.sleep(1)
          assert(os.kill(pid))
          local code, how, why = os.wait(pid)
          print(code, how, why)
          print(os.kill(pid))`,
        blocked: `os.pull('never')`,
      },
    });
    const parent = sim.spawn('parent');
    finish(sim);
    expect(parent.exit?.code).toBe(0);
    expect(sim.output.stdout).toBe('137\tkilled\tkilled by process 1\nnil\tno such process: 2\n');
  });

  it('reports a deadlock when nothing can run and no timer is pending', async () => {
    const sim = await simulate({
      vm,
      programs: { a: `os.pull('never')`, b: `local t = os.spawn(function() os.pull('x') end) os.join(t)` },
    });
    sim.spawn('a');
    sim.spawn('b');
    const r = sim.run();
    expect(r.kind).toBe('deadlock');
    if (r.kind === 'deadlock') {
      expect(r.blocked).toEqual(['pid 1 (a) tid 1 waits on pull', 'pid 2 (b) tid 1 waits on join', 'pid 2 (b) tid 2 waits on pull']);
    }
    expect(sim.trace.events.at(-1)?.kind).toBe('deadlock');
  });

  it('gives a byte-identical trace for the same seed, and another for another seed', async () => {
    const scenario = async (seed: number): Promise<string> => {
      const sim = await simulate({ vm, programs: { spin: SPIN }, seed, quantum: 1000, policy: 'random' });
      for (const name of ['a', 'b', 'c']) sim.spawn('spin', [name, '2']);
      finish(sim);
      return sim.render() + sim.render('jsonl') + sim.output.stdout;
    };
    const first = await scenario(7);
    expect(await scenario(7)).toBe(first);
    expect(await scenario(8)).not.toBe(first);
  });

  it('runs timers, pull timeouts and queued events in virtual time', async () => {
    const sim = await simulate({
      vm,
      programs: {
        events: `
          local id = os.timer(2)
          os.queue({ type = 'ping', n = 1 })
          local e = os.pull('ping') print(e.type, e.n)
          print(os.pull('nothing', 0.5))
          local t = os.pull('timer') print(t.type, t.id == id, os.time() - os.time{year=2000,month=1,day=1,hour=0})
          local cancelled = os.timer(1) print(os.cancel(cancelled), os.cancel(cancelled))`,
      },
    });
    sim.spawn('events');
    finish(sim);
    expect(sim.output.stdout).toBe('ping\t1\nnil\ttimeout\ntimer\ttrue\t2\ntrue\tfalse\n');
  });
});
