// Contexts and RPC between Lua processes: calls, answers, bindings, status codes, timeouts, dead
// callees, filters and sandboxed children, sharing, open/close events, queues, native contexts.
import { describe, expect, it } from 'vitest';
import { simulate } from '../src/testing.js';
import { VM_NAMES } from '../src/vm/vm.js';

/** Runs `main` (with other programs available) to the end; returns what it printed. */
async function run(vm: (typeof VM_NAMES)[number], main: string, programs: Record<string, string> = {}) {
  const sim = await simulate({ vm, programs: { main, ...programs } });
  const p = sim.spawn('main');
  const result = sim.run({ until: () => p.exit !== null });
  expect(sim.check()).toEqual([]);
  return { out: sim.output.stdout, err: sim.output.stderr, p, result, sim };
}

/** A key-value daemon serving get/set/fail on its context 0 (the context its parent gives it). */
const KVD = `
  assert(os.bind(0, 'get')) assert(os.bind(0, 'set')) assert(os.bind(0, 'fail')) assert(os.bind(0, 'never'))
  local data = {}
  while true do
    local call = os.pull('call')
    local a = call.args
    if call.name == 'get' then os.answer(call.cid, os.status.OK, data[a[1]])
    elseif call.name == 'set' then data[a[1]] = a[2] os.answer(call.cid, os.status.OK, true)
    elseif call.name == 'fail' then os.answer(call.cid, os.status.BAD_ARGUMENT, 'no good')
    end -- 'never' is never answered
  end`;

describe.each(VM_NAMES)('contexts on %s', (vm) => {
  it('routes calls to the bound process and answers with values deep-copied', async () => {
    const { out } = await run(
      vm,
      `
      local ctx = os.context()
      local kvd = os.run('kvd', { context = ctx })
      os.yield() -- let the daemon bind its names
      local kv = os.rpc(ctx)
      local t = { 1, 2, nested = { x = 'y' } }
      t.self = t
      print(kv.set('k', t))
      local got = kv.get('k')
      print(got.nested.x, got.self == got, got ~= t)
      t.nested.x = 'changed'
      print(kv.get('k').nested.x)
      print(pcall(kv.fail))
      print(pcall(os.call, ctx, 'set', 'f', print))
      local cid = os.call(ctx, 'get', 'k')
      local answer = os.pull({ type = 'answer', cid = cid })
      print(answer.status == os.status.OK, answer.args.n, os.status[answer.status])
      os.kill(kvd)`,
      { kvd: KVD },
    );
    expect(out).toBe(
      [
        'true',
        'y\ttrue\ttrue',
        'y',
        "false\tmain:13: call 'fail' failed: bad argument: no good",
        "false\tbad argument #4 to 'call' (cannot copy a function value)",
        'true\t1\tok',
        '',
      ].join('\n'),
    );
  });

  it('answers every call: dead callee, timeout, unbound name, unheld context', async () => {
    const { out } = await run(
      vm,
      `
      local ctx = os.context()
      local kvd = os.run('kvd', { context = ctx })
      os.yield()
      local slow = os.call(ctx, 'never')
      os.timeout(slow, 0.5)
      local e = os.pull({ type = 'answer', cid = slow })
      print(os.status[e.status], e.args[1])
      local pending = os.call(ctx, 'never')
      os.kill(kvd)
      e = os.pull({ type = 'answer', cid = pending })
      print(os.status[e.status])
      e = os.pull({ type = 'answer', cid = os.call(ctx, 'get') })
      print(os.status[e.status], e.args[1])
      e = os.pull({ type = 'answer', cid = os.call(999, 'get') })
      print(os.status[e.status], e.args[1])`,
      { kvd: KVD },
    );
    expect(out).toBe(
      [
        "timeout\tno answer to 'never' in time",
        'callee died',
        "no such call\tnothing handles 'get' on context 2",
        'denied\tcontext 999 is not held by this process',
        '',
      ].join('\n'),
    );
  });

  it('refuses forged, reused and foreign call ids, and bad statuses', async () => {
    const { out } = await run(
      vm,
      `
      local ctx = os.context()
      assert(os.bind(ctx, 'echo'))
      local cid = os.call(ctx, 'echo', 'hi')
      local call = os.pull('call')
      print(call.cid == cid, call.pid == os.pid(), call.args[1])
      print(os.answer(call.cid, 42))
      print(os.answer(call.cid, os.status.OK, 'back'))
      print(os.answer(call.cid, os.status.OK, 'again'))
      print(os.answer(12345, os.status.OK))
      print(os.pull('answer').args[1])`,
    );
    expect(out).toBe(
      [
        'true\ttrue\thi',
        'nil\tbad status 42 (use os.status: OK, NO_SUCH_CALL, DENIED, BAD_ARGUMENT, CALLEE_DIED, TIMEOUT, ERROR)',
        'true',
        'nil\tno call 1 waits for an answer from this process',
        'nil\tno call 12345 waits for an answer from this process',
        'back',
        '',
      ].join('\n'),
    );
  });

  it('binds and unbinds: one handler per name, the owner decides', async () => {
    const { out } = await run(
      vm,
      `
      local ctx = os.context()
      local child = os.run_code('os.bind(0, "x") os.pull("never")', { context = ctx })
      os.yield()
      print(pcall(os.bind, 0, 'anything'))
      print(os.unbind(ctx, 'x'), os.unbind(ctx, 'x'))
      print(os.bind(ctx, 'x'))
      os.kill(child)`,
    );
    expect(out).toBe(['false\tthe root context is served by the kernel: nothing can be bound on it', 'true\tfalse', 'true', ''].join('\n'));
  });

  it('filters calls: allow and deny lists, and a sandboxed child whose context 0 is a narrow view', async () => {
    const { out } = await run(
      vm,
      `
      local ctx = os.context()
      local kvd = os.run('kvd', { context = ctx })
      os.yield()
      local ro = os.restrict(ctx, { allow = { 'get' } })
      print(pcall(os.rpc(ro).set, 'k', 1))
      print(os.rpc(ro).get('k'))
      assert(os.filter(ctx, { deny = { 'set' } }))
      print(pcall(os.rpc(ctx).set, 'k', 1))
      local child = os.run_code([==[
        print('child', pcall(os.rpc(0).proc.list))
        print('child', os.rpc(0).rand.int(3, 3))
      ]==], { context = os.restrict(0, { allow = { 'rand.*' } }) })
      os.wait(child)
      print(pcall(os.restrict, ctx, { allow = 'get' }))
      os.kill(kvd)`,
      { kvd: KVD },
    );
    expect(out).toBe(
      [
        "false\tmain:6: call 'set' failed: denied: call 'set' is not allowed on context 3",
        'nil',
        "false\tmain:9: call 'set' failed: denied: call 'set' is not allowed on context 2",
        "child\tfalse\tcode:1: call 'proc.list' failed: denied: call 'proc.list' is not allowed on context 4",
        'child\t3',
        "false\tbad argument #2 to 'restrict' (filter expected: {allow = {names...}} or {deny = {names...}})",
        '',
      ].join('\n'),
    );
  });

  it('shares contexts in answers; the owner hears open and close', async () => {
    const { out } = await run(
      vm,
      `
      local ctx = os.context()
      assert(os.bind(ctx, 'hello'))
      local broker = os.context()
      local child = os.run_code([==[
        local got = os.rpc(0).give()
        print('child got', type(got), got ~= 0)
        print('child says', os.rpc(got).hello())
      ]==], { context = broker })
      assert(os.bind(broker, 'give'))
      local give = os.pull('call')
      os.answer(give.cid, os.status.OK, os.share(ctx))
      local open = os.pull({ type = 'open', ctx = ctx })
      print('open', open.pid == child)
      local hello = os.pull('call')
      os.answer(hello.cid, os.status.OK, 'hi from ' .. os.pid())
      local close = os.pull({ type = 'close', ctx = ctx })
      print('close', close.pid == child)`,
    );
    expect(out.split('\n').sort()).toEqual(['', 'child got\tnumber\ttrue', 'child says\thi from 1', 'close\ttrue', 'open\ttrue']);
  });

  it('publishes queue messages to listeners, dropping the oldest past the bound', async () => {
    const { out } = await run(
      vm,
      `
      local ctx = os.context()
      assert(os.listen(ctx, 'news'))
      print(os.push(ctx, 'news', { text = 'first' }))
      local m = os.pull('message')
      print(m.name, m.value.text, m.from == os.pid())
      for i = 1, 300 do os.push(ctx, 'news', i) end
      local first = os.pull('message')
      print(first.value, first.dropped)
      assert(os.unlisten(ctx, 'news'))
      print(os.push(ctx, 'news', 'nobody'))`,
    );
    expect(out).toBe(['1', 'news\tfirst\ttrue', '45\t44', '0', ''].join('\n'));
  });

  it('serves native contexts on the root context: proc, timer, log, rand', async () => {
    const { out } = await run(
      vm,
      `
      local r = os.rpc(0)
      local pid = r.proc.run('hello', { args = { 'rpc' } })
      print(r.proc.wait(pid))
      print(r.proc.info().name, #r.proc.list())
      local t0 = r.timer.now()
      local cid = os.call(0, 'timer.after', 0.25)
      print(os.status[os.pull({ type = 'answer', cid = cid }).status], r.timer.now() - t0 >= 250)
      r.log.write('warn', 'careful')
      print(r.log.read(1)[1].level, r.log.read(1)[1].message)
      print(r.rand.int(2, 2), #r.rand.bytes(3))
      print(pcall(r.proc.kill, 999))
      print(pcall(r.nope.call))`,
    );
    expect(out).toBe(
      [
        `Hello, rpc! (pid 2, ${vm === 'wasmoon' ? 'Lua 5.4' : 'Lua 5.3'})`,
        '0\texited\tnil',
        'main\t1',
        'ok\ttrue',
        'warn\tcareful',
        '2\t3',
        "false\tmain:12: call 'proc.kill' failed: error: no such process: 999",
        "false\tmain:13: call 'nope.call' failed: no such call: the kernel has no call 'nope.call'",
        '',
      ].join('\n'),
    );
  });

  it('runs the documented key-value example (store/services/kvd.lua with programs/demo/kv_client.lua)', async () => {
    const sim = await simulate({ vm });
    const p = sim.spawn('kv_client');
    sim.run({ until: () => p.exit !== null });
    expect(p.exit).toMatchObject({ code: 0, kind: 'exited' });
    expect(sim.output.stdout).toBe(
      [
        'watch: colour = green',
        'watch(colour) answered: green',
        'watch: size = 42',
        'colour is green',
        'keys: colour, size',
        "false\tkv_client.lua:23: call 'set' failed: bad argument: set(key, value): key must be a string",
        '',
      ].join('\n'),
    );
  });

  it('never loses an answer to a preemption between a system call and its wait (small quantum)', async () => {
    const sim = await simulate({
      vm,
      quantum: 100,
      programs: {
        server: `assert(os.bind(0, 'echo')) while true do local c = os.pull('call') os.answer(c.cid, os.status.OK, c.args[1] * 2) end`,
        client: `
          local ctx = os.context()
          local s = os.run('server', { context = ctx })
          os.yield()
          for i = 1, 1500 do
            local e = os.pull({ type = 'answer', cid = os.call(ctx, 'echo', i) })
            assert(e and e.args[1] == 2 * i, 'lost or wrong answer at call ' .. i)
          end
          print('all answered')
          os.kill(s)`,
      },
    });
    const p = sim.spawn('client');
    sim.run({ until: () => p.exit !== null });
    expect(sim.output.stdout).toBe('all answered\n');
    expect(p.exit?.code).toBe(0);
    expect(sim.trace.events.filter((e) => e.kind === 'preempt').length).toBeGreaterThan(100);
  });

  it("shares only contexts the sender holds, at any depth; 0 is the sender's context 0", async () => {
    const { out } = await run(
      vm,
      `
      local mine = os.context()
      assert(os.bind(mine, 'secret'))
      local box = os.context()
      local child = os.run_code([==[
        local own = os.context()
        assert(os.listen(own, 'x'))
        os.push(own, 'x', { ['\\0thox.context'] = 1 })   -- a forged marker for the root context
        print('forged', os.pull('message').value)
        os.push(own, 'x', os.share(2))                    -- a context it does not hold
        print('unheld', os.pull('message').value)
        local got = os.rpc(0).give()
        print('nested', type(got.inner), got.list[1] == got.inner, os.rpc(got.inner).secret())
        print('zero', type(os.rpc(0).zero()))
      ]==], { context = box })
      assert(os.bind(box, 'give')) assert(os.bind(box, 'zero'))
      local give = os.pull({ type = 'call', name = 'give' })
      local marker = os.share(mine)
      os.answer(give.cid, os.status.OK, { inner = marker, list = { marker } })
      local secret = os.pull({ type = 'call', name = 'secret' })
      os.answer(secret.cid, os.status.OK, 'the secret')
      local zero = os.pull({ type = 'call', name = 'zero' })
      os.answer(zero.cid, os.status.OK, os.share(0))
      os.wait(child)`,
    );
    expect(out).toBe(['forged\tnil', 'unheld\tnil', 'nested\tnumber\ttrue\tthe secret', 'zero\tnumber', ''].join('\n'));
  });

  it('refuses serving through a restricted view, and bad context options to proc.run', async () => {
    const { out } = await run(
      vm,
      `
      local ctx = os.context()
      local view = os.restrict(ctx, { allow = { 'get' } })
      print(pcall(os.bind, view, 'get'))
      print(pcall(os.rpc(0).proc.run_code, 'x = 1', { context = 'junk' }))
      local pid = os.rpc(0).proc.run_code('print(pcall(os.bind, 0, "get"))', { context = view + 0.0 })
      os.rpc(0).proc.wait(pid)`,
    );
    expect(out).toBe(
      [
        'false\tcontext 3 is a restricted view: calls can be made through it, not served',
        "false\tmain:5: call 'proc.run_code' failed: bad argument #2 to 'proc.run_code' (field 'context' must be a context id, got string)",
        'false\tcontext 0 is a restricted view: calls can be made through it, not served'.replace('context 0', 'context 3'),
        '',
      ].join('\n'),
    );
  });

  it('times out with os.rpc even when the answer came at once; float fields match in pull filters', async () => {
    const { out } = await run(
      vm,
      `
      print(os.rpc(0, { timeout = 5 }).rand.int(4, 4))
      print(pcall(os.rpc(0, { timeout = 5 }).nosuch))
      print(os.timeout(12345, 1))
      os.queue({ type = 'e', v = 2 })
      print(os.pull({ type = 'e', v = 2.0 }, 0).v)
      print(pcall(os.rpc(0).log.write, 'info', print))`,
    );
    expect(out).toBe(
      [
        '4',
        "false\tmain:3: call 'nosuch' failed: no such call: the kernel has no call 'nosuch'",
        'false',
        '2',
        "false\tmain:7: bad argument #2 to 'log.write' (cannot copy a function value)",
        '',
      ].join('\n'),
    );
  });

  it('never drops calls or answers at the event-queue bound: a full callee refuses, answers always arrive', async () => {
    const { out } = await run(
      vm,
      `
      for i = 1, 4096 do os.queue({ type = 'filler' }) end
      local cid = os.call(0, 'timer.now')
      print(os.status[os.pull({ type = 'answer', cid = cid }, 1).status])
      local ctx = os.context()
      local callee = os.run_code('os.bind(0, "x") for i = 1, 4096 do os.queue({ type = "f" }) end os.pull("never")', { context = ctx })
      os.sleep(0.1)
      local e = os.pull({ type = 'answer', cid = os.call(ctx, 'x') })
      print(os.status[e.status], e.args[1])
      os.kill(callee)`,
    );
    expect(out).toBe(['ok', 'error\tprocess 2 is not keeping up: its event queue is full', ''].join('\n'));
  });

  it('forgets what an ended process left: its bindings, listeners and the contexts nobody can reach', async () => {
    const sim = await simulate({
      vm,
      programs: {
        main: `
      local ctx = os.context()
      local kept
      for i = 1, 20 do
        local child = os.run_code([==[
          local own = os.context()             -- reachable by nobody else: goes with the process
          local view = os.restrict(0, { allow = { 'work', 'news' } })
          assert(os.bind(0, 'work'))
          assert(os.listen(0, 'news'))
          if ... == '1' then                   -- the first one hands its own context out before ending
            local call = os.pull('call')
            os.answer(call.cid, os.status.OK, os.share(own))
          end
        ]==], { context = ctx, args = { i } })
        os.yield() -- let the child bind and listen
        if i == 1 then kept = os.rpc(ctx).work() end
        os.wait(child)
      end
      print('bound', pcall(os.rpc(ctx).work))
      print('listeners', os.push(ctx, 'news', 'anyone?'))
      print('kept', kept ~= nil)
      os.sleep(1)`,
      },
    });
    const main = sim.spawn('main');
    sim.run({ until: () => sim.output.stdout.includes('kept') });
    expect(sim.output.stderr).toBe('');
    expect(sim.output.stdout.replace(/\t[^\t]*call 'work' failed: /, '\t')).toBe(
      ["bound\tfalse\tno such call: nothing handles 'work' on context 2", 'listeners\t0', 'kept\ttrue', ''].join('\n'),
    );
    // the root, the main process's ctx, and the one the first child gave it (it still holds it)
    expect(sim.kernel.interactions.contexts.size).toBe(3);
    sim.run({ until: () => main.exit !== null });
    expect(sim.kernel.interactions.contexts.size).toBe(1);
    expect(sim.check()).toEqual([]);
  });

  it('stops a process at once when it kills itself through proc.kill', async () => {
    const { out, p } = await run(vm, `print('before') os.rpc(0).proc.kill(os.pid()) print('after')`);
    expect(out).toBe('before\n');
    expect(p.exit).toMatchObject({ kind: 'killed', code: 137 });
  });

  it('gives each listener its messages under the handle it listened through', async () => {
    const { out } = await run(
      vm,
      `
      local ctx = os.context()
      local child = os.run_code([==[
        assert(os.listen(0, 'news'))
        local m = os.pull({ type = 'message', ctx = 0 })
        print('child', m.ctx, m.value)
      ]==], { context = os.restrict(ctx, { allow = { 'news' } }) })
      assert(os.listen(ctx, 'news'))
      os.yield()
      print('reached', os.push(ctx, 'news', 'hello'))
      local m = os.pull('message')
      print('parent', m.ctx == ctx, m.value)
      os.wait(child)`,
    );
    expect(out).toBe(['reached\t2', 'parent\ttrue\thello', 'child\t0\thello', ''].join('\n'));
  });
});
