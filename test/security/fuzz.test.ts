// Fuzzing the system-call and RPC surface: random call names, argument types and sizes, wrong ids and
// calls on closed contexts. The kernel never throws a JS error; each bad input is a Lua error or a status.
// THOX_FUZZ_RUNS raises the number of runs (`npm run fuzz`).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/testing.js';
import { VM_NAMES } from '../../src/vm/vm.js';

const RUNS = Number(process.env.THOX_FUZZ_RUNS ?? 15);
const CALLS = [
  'sleep',
  'kill',
  'wait',
  'join',
  'info',
  'call',
  'answer',
  'timeout',
  'push',
  'listen',
  'unlisten',
  'bind',
  'unbind',
  'restrict',
  'filter',
  'queue',
  'pull',
  'timer',
  'cancel',
  'run',
  'run_code',
  'share',
  'exit',
  'spawn',
  'write',
];
const NATIVE = [
  'proc.run',
  'proc.kill',
  'proc.info',
  'rand.int',
  'rand.bytes',
  'timer.now',
  'log.write',
  'log.read',
  'store.get',
  'store.put',
  'store.list',
  'data.read',
  'data.write',
  'data.seek',
  'data.lock',
  'nope',
  '',
  'proc.',
];

/** A Lua expression of a random type and size. */
const luaValue: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    'nil',
    'true',
    'false',
    '0',
    '-1',
    '1.5',
    '2^53',
    '0/0',
    '1/0',
    'math.maxinteger',
    'math.mininteger',
    "''",
    "('x'):rep(100000)",
    '{}',
    '{1, 2, n = 3}',
    'cyclic',
    'deep',
    'meta',
    'print',
    'coroutine.create(print)',
    '0',
    '1',
    '2',
    '99',
    "'call'",
    "{type = 'x'}",
  ),
  fc.integer({ min: -5, max: 50 }).map(String),
  fc.string({ maxLength: 8 }).map((s) => JSON.stringify(s)),
);

const PRELUDE = `local cyclic = {} cyclic.self = cyclic local deep = {} for i = 1, 300 do deep = { deep } end
local meta = setmetatable({}, { __index = function() error('meta') end, __tostring = function() while true do end end })
local closed = os.context() `;

describe.each(VM_NAMES)('fuzzing the system calls on %s', (vm) => {
  it('random system calls with random arguments: Lua errors, never a JS error', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.constantFrom(...CALLS), fc.array(luaValue, { maxLength: 4 })), { minLength: 1, maxLength: 6 }), async (calls) => {
        const body = calls.map(([name, args]) => `print(pcall(${[`os.${name}`, ...args].join(', ')}))`).join('\n');
        const sim = await simulate({ vm, programs: { main: `${PRELUDE + body}\nprint('end')` } });
        const p = sim.spawn('main');
        expect(() => sim.run({ deadlineMs: 60_000 })).not.toThrow();
        expect(p.pid).toBe(1);
        expect(sim.output.stderr).not.toMatch(/at .*\.(js|ts):\d+/);
      }),
      { numRuns: RUNS },
    );
  });

  it('random RPC calls on the root, a closed and a guessed context are answered', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.constantFrom('0', 'closed', '7', '-1'), fc.constantFrom(...NATIVE), fc.array(luaValue, { maxLength: 3 })), {
          minLength: 1,
          maxLength: 6,
        }),
        async (calls) => {
          const body = calls
            .map(
              ([ctx, name, args]) => `do local ok, cid = pcall(os.call, ${ctx}, ${JSON.stringify(name)}${args.map((a) => `, ${a}`).join('')})
        if ok then local a = os.pull({ type = 'answer', cid = cid }, 200) print('answered', a ~= nil) else print('refused') end end`,
            )
            .join('\n');
          const sim = await simulate({ vm, programs: { main: `${PRELUDE}os.rpc(0) ${body}\nprint('end')` } });
          const p = sim.spawn('main');
          sim.run({ deadlineMs: 2_000_000 });
          expect(p.exit?.kind).toBeDefined();
          expect(sim.output.stdout).not.toMatch(/answered\tfalse/);
        },
      ),
      { numRuns: RUNS },
    );
  });
});
