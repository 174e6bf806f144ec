// Huge varargs through the sandbox's and the compat runtime's wrappers: 100,000 values pass whole and in order
// (each wrapper packs its arguments once; select(i, ...) in a loop made print quadratic: 18.7 s for one call).
import { describe, expect, it } from 'vitest';
import { simulate } from '../src/testing.js';
import { VM_NAMES } from '../src/vm/vm.js';

const N = 100_000;

/** Runs `source` (with `t` = {1, ..., N} defined first) as one process and returns its standard output. */
async function run(vm: (typeof VM_NAMES)[number], source: string, runtime?: string): Promise<string> {
  const sim = await simulate({ vm, programs: { main: `local n = ${N} local t = {} for i = 1, n do t[i] = i end\n${source}` } });
  const p = sim.spawn('main', [], runtime);
  sim.run();
  expect(p.exit).toMatchObject({ code: 0 });
  return sim.output.stdout;
}

const ONE_TO_N = Array.from({ length: N }, (_, i) => i + 1);

describe.each(VM_NAMES)('100,000 values as varargs on %s', (vm) => {
  it('print(table.unpack(t)) prints every value, tab-separated, once', async () => {
    expect(await run(vm, 'print(table.unpack(t))')).toBe(`${ONE_TO_N.join('\t')}\n`);
  });

  it("select('#', ...), table.pack and string.format take them all", async () => {
    const out = await run(
      vm,
      `print(select('#', table.unpack(t)), table.pack(table.unpack(t)).n, select(-1, table.unpack(t)))
       local s = string.format(('%d,'):rep(n), table.unpack(t))
       print(#s, s == table.concat(t, ',') .. ',')`,
    );
    expect(out).toBe(`${N}\t${N}\t${N}\n${ONE_TO_N.join(',').length + 1}\ttrue\n`);
  });

  it('coroutine.wrap and resume carry them both ways; os.spawn hands them to a task', async () => {
    const out = await run(
      vm,
      `local co = coroutine.wrap(function(...) local back = table.pack(coroutine.yield(...)) return back.n, back[n] end)
       local out = table.pack(co(table.unpack(t)))
       print(out.n, out[1], out[n])
       print(co(table.unpack(t)))
       local c2 = coroutine.create(function(...) return ... end)
       local r = table.pack(coroutine.resume(c2, table.unpack(t)))
       print(r.n, r[1], r[n + 1])
       print(os.join(os.spawn(function(...) print(select('#', ...)) end, table.unpack(t))))`,
    );
    expect(out).toBe(`${N}\t1\t${N}\n${N}\t${N}\n${N + 1}\ttrue\t${N}\n${N}\ntrue\n`);
  });

  it('a call on a context carries them to the callee, and its answer carries them back', async () => {
    const out = await run(
      vm,
      `local ctx = os.context()
       assert(os.bind(ctx, 'echo'))
       os.call(ctx, 'echo', table.unpack(t))
       local call = os.pull('call')
       print(call.args.n, call.args[1], call.args[n])
       assert(os.answer(call.cid, os.status.OK, table.unpack(call.args, 1, call.args.n)))
       local answer = os.pull('answer')
       print(answer.args.n, answer.args[1], answer.args[n])`,
    );
    expect(out).toBe(`${N}\t1\t${N}\n${N}\t1\t${N}\n`);
  });

  it("the compat runtime's bit32 functions fold them all", async () => {
    const out = await run(
      vm,
      'print(bit32.bor(table.unpack(t)), bit32.band(table.unpack(t)), bit32.bxor(table.unpack(t)), bit32.btest(table.unpack(t)))',
      'compat',
    );
    // or of 1..100000 sets bits 0..16; and of 1 and 2 is 0; xor of 1..n is n when n % 4 == 0
    expect(out).toBe(`131071\t0\t${N}\tfalse\n`);
  });
});
