// io shared by the tasks of one process, on both VMs: tasks preempted anywhere (inside io's own Lua code too) while
// they write the same file or standard output, flush, sleep or end; no byte is lost, no line torn, each task's in order.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { simulate } from '../src/testing.js';
import { VM_NAMES } from '../src/vm/vm.js';

type VmName = (typeof VM_NAMES)[number];

/** Runs programs in order on one system (one file system): what they wrote to standard output and error. */
async function runAll(vm: VmName, quantum: number | undefined, ...sources: string[]) {
  const programs = Object.fromEntries(sources.map((s, i) => [`p${i}`, s]));
  const sim = await simulate({ vm, programs, quantum });
  for (const name of Object.keys(programs)) {
    sim.spawn(name);
    sim.run();
  }
  expect(sim.check()).toEqual([]);
  expect(
    sim
      .render()
      .split('\n')
      .filter((l) => l.includes('status=error')),
  ).toEqual([]);
  return { out: sim.output.stdout, err: sim.output.stderr };
}

/** Line i of task t: its payload's length varies with both, and every line can be checked whole. */
function line(t: number, i: number, size: number): string {
  return `T${t} ${i} ${'x'.repeat(size)}.`;
}
/** The same line in Lua (t, i, size in scope). */
const LUA_LINE = `('T%d %d %s.'):format(t, i, ('x'):rep(size))`;

/**
 * The lines of text by task: each must be whole (as `line` makes it); returns the numbers of each task's lines in
 * the order they arrived, and the sizes seen.
 */
function byTask(text: string): Map<number, number[]> {
  const seen = new Map<number, number[]>();
  for (const l of text.split('\n').slice(0, -1)) {
    const m = /^T(\d+) (\d+) (x*)\.$/.exec(l);
    expect(m, `a torn line: ${JSON.stringify(l.slice(0, 80))}`).not.toBeNull();
    if (!m) continue;
    const t = Number(m[1]);
    seen.set(t, [...(seen.get(t) ?? []), Number(m[2])]);
  }
  expect(text === '' || text.endsWith('\n')).toBe(true);
  return seen;
}

/** 1, 2, ..., n. */
function upTo(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i + 1);
}

describe.each(VM_NAMES)('io shared by tasks on %s', (vm) => {
  it('keeps every byte a task writes to a file while another task sleeps (15,000 lines, 200 sleeps)', async () => {
    const { out, err } = await runAll(
      vm,
      undefined,
      `
      local t = os.spawn(function()
        local f = assert(io.open('/out.txt', 'w'))
        for i = 1, 15000 do f:write(('line %05d of the writer task, padded to sixty-one bytes....\\n'):format(i)) end
        assert(f:close())
      end)
      for _ = 1, 200 do os.sleep(0) end
      print(os.join(t))
      local s = io.open('/out.txt'):read('a')
      local expected = {}
      for i = 1, 15000 do expected[i] = ('line %05d of the writer task, padded to sixty-one bytes....\\n'):format(i) end
      print(#s, s == table.concat(expected))`,
    );
    expect(err).toBe('');
    expect(out).toBe('true\n915000\ttrue\n');
  });

  type Op = { kind: 'write'; lines: number; size: number } | { kind: 'sleep' } | { kind: 'flush' } | { kind: 'yield' };
  const opArb: fc.Arbitrary<Op> = fc.oneof(
    {
      weight: 4,
      arbitrary: fc.record({ kind: fc.constant('write' as const), lines: fc.integer({ min: 1, max: 150 }), size: fc.integer({ min: 0, max: 300 }) }),
    },
    fc.record({ kind: fc.constant('sleep' as const) }),
    fc.record({ kind: fc.constant('flush' as const) }),
    fc.record({ kind: fc.constant('yield' as const) }),
  );
  const taskArb = fc.record({ target: fc.constantFrom('file', 'io.write', 'print', 'stdout'), ops: fc.array(opArb, { minLength: 1, maxLength: 8 }) });
  const planArb = fc.record({ tasks: fc.array(taskArb, { minLength: 2, maxLength: 4 }), quantum: fc.constantFrom(101, 211, 997, 10000) });

  it('keeps every line whole and each task in order when tasks write one file and standard output at once', async () => {
    await fc.assert(
      fc.asyncProperty(planArb, async ({ tasks, quantum }) => {
        const lua = tasks
          .map(
            (t) =>
              `{ target = '${t.target}', ${t.ops.map((o) => (o.kind === 'write' ? `{ 'write', ${o.lines}, ${o.size} }` : `{ '${o.kind}' }`)).join(', ')} }`,
          )
          .join(',\n');
        const { out, err } = await runAll(
          vm,
          quantum,
          `
          local f = assert(io.open('/shared.txt', 'w'))
          local plans = { ${lua} }
          local writers = {
            file = function(s) assert(f:write(s .. '\\n')) end,
            ['io.write'] = function(s) io.write(s .. '\\n') end,
            print = print,
            stdout = function(s) assert(io.stdout:write(s .. '\\n')) end,
          }
          local function task(t, plan)
            local write, i = writers[plan.target], 0
            for _, op in ipairs(plan) do
              if op[1] == 'write' then
                for _ = 1, op[2] do
                  i = i + 1
                  local size = (op[3] * i) % 301
                  write(${LUA_LINE})
                end
              elseif op[1] == 'sleep' then os.sleep(0)
              elseif op[1] == 'yield' then os.yield()
              elseif plan.target == 'file' then assert(f:flush())
              else assert(io.stdout:flush()) end
            end
          end
          local tids = {}
          for t, plan in ipairs(plans) do tids[t] = os.spawn(task, t, plan) end
          for _, tid in ipairs(tids) do assert(os.join(tid)) end
          assert(f:close())
          io.stderr:write(io.open('/shared.txt'):read('a'))`,
        );
        const wanted = (target: (t: string) => boolean) =>
          new Map(
            tasks.flatMap((t, k) => {
              const n = t.ops.reduce((sum, o) => sum + (o.kind === 'write' ? o.lines : 0), 0);
              return target(t.target) && n > 0 ? [[k + 1, upTo(n)] as const] : [];
            }),
          );
        expect(byTask(err)).toEqual(wanted((t) => t === 'file'));
        expect(byTask(out)).toEqual(wanted((t) => t !== 'file'));
        // and the lines are the very ones written (the sizes follow the plan)
        for (const [k, t] of tasks.entries()) {
          const text = t.target === 'file' ? err : out;
          let i = 0;
          for (const o of t.ops) {
            if (o.kind !== 'write') continue;
            for (let j = 0; j < o.lines; j++) {
              i++;
              expect(text.includes(`\n${line(k + 1, i, (o.size * i) % 301)}\n`) || text.startsWith(`${line(k + 1, i, (o.size * i) % 301)}\n`)).toBe(true);
            }
          }
        }
      }),
      { seed: 20261203, numRuns: 12, endOnFailure: true },
    );
  }, 600_000);

  it('writes whole lines, in order, when the process ends while a task is in the middle of writing', async () => {
    const { out, err } = await runAll(
      vm,
      101,
      `
      local f = assert(io.open('/end.txt', 'w'))
      for t = 1, 2 do
        os.spawn(function()
          for i = 1, 1e9 do
            local size = i % 700
            f:write(${LUA_LINE} .. '\\n')
            io.write(${LUA_LINE} .. '\\n')
          end
        end)
      end
      for _ = 1, 30 do os.sleep(0) end`,
      `io.stderr:write(io.open('/end.txt'):read('a'))`,
    );
    for (const text of [out, err]) {
      const seen = byTask(text);
      expect([...seen.keys()].sort()).toEqual([1, 2]);
      for (const numbers of seen.values()) {
        expect(numbers.length).toBeGreaterThan(10);
        expect(numbers).toEqual(upTo(numbers.length));
      }
    }
  });
});
