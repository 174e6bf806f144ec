// Messages and results of the standard library as Lua 5.4 gives them, whichever of the sandbox's wrappers, Lua's C
// matcher or the bounded TypeScript matcher runs: argument errors name the function as it was called, at the
// caller's line; pattern errors carry the caller's position; gsub gives back the very same string.
import { describe, expect, it } from 'vitest';
import { simulate } from '../src/testing.js';
import { VM_NAMES } from '../src/vm/vm.js';

async function run(vm: (typeof VM_NAMES)[number], source: string) {
  const sim = await simulate({ vm, programs: { main: source } });
  sim.spawn('main');
  sim.run();
  return sim.output.stdout;
}

describe.each(VM_NAMES)('library messages on %s', (vm) => {
  it('are the ones lua5.4 prints for the same program', async () => {
    const out = await run(
      vm,
      `print(pcall(function() string.rep() end))
      print(pcall(string.rep))
      print(pcall(function() local r = ('x'):rep({}) return r end))
      print(pcall(function() string.rep(nil) end))
      print(pcall(function() string.upper() end))
      print(pcall(function() string.find('a', 'a%') end))
      print(pcall(function() string.match('abc', '(a)%2') end))
      print(pcall(function() string.find('abc', '(a') end))
      print(pcall(function() string.gsub('abc', '(a', '%0') end))
      print(pcall(function() string.gsub('abc', 'b', '%2') end))
      print(pcall(function() string.gsub('abc', 'b', '%x') end))
      print(pcall(function() table.concat({1, {}}) end))
      print(pcall(coroutine.wrap(function() string.rep() end)))
      print(pcall(function() for w in string.gmatch('abc', '%') do end end))
      local s = string.rep('a', 100)
      print(select(2, s:gsub('.', {})), (s:gsub('.', {})) == s)
      print(pcall(coroutine.yield))
      print(coroutine.wrap(function() return string.gsub('a', '.', function() return tostring(coroutine.isyieldable()) end) end)())`,
    );
    // lua5.4 prints exactly these lines for this program (named main)
    expect(out.split('\n')).toEqual([
      "false\tmain:1: bad argument #1 to 'rep' (string expected, got no value)",
      "false\tbad argument #1 to 'string.rep' (string expected, got no value)",
      "false\tmain:3: bad argument #1 to 'rep' (number expected, got table)",
      "false\tmain:4: bad argument #1 to 'rep' (string expected, got nil)",
      "false\tmain:5: bad argument #1 to 'upper' (string expected, got no value)",
      "false\tmain:6: malformed pattern (ends with '%')",
      'false\tmain:7: invalid capture index %2',
      'false\tmain:8: unfinished capture',
      'true',
      'false\tmain:10: invalid capture index %2',
      "false\tmain:11: invalid use of '%' in replacement string",
      "false\tmain:12: invalid value (table) at index 2 in table for 'concat'",
      "false\tmain:13: bad argument #1 to 'rep' (string expected, got no value)",
      "false\tmain:14: malformed pattern (ends with '%')",
      '100\ttrue',
      'false\tattempt to yield from outside a coroutine',
      'false\t1',
      '',
    ]);
  });

  it('are the same on the slow path (the bounded matcher, for a pattern that can raise an error)', async () => {
    const out = await run(
      vm,
      `local long = string.rep('a', 2000)
      print(pcall(function() string.find(long, '(a)%2') end))
      print(pcall(function() string.match(long .. 'b', '(a*') end))
      print(pcall(function() string.gsub(long, '(a*)', '%2') end))
      local r, n = string.gsub(long, 'b', 'c')
      print(r == long, n, select(2, long:gsub('a', {})))`,
    );
    expect(out).toBe(
      ['false\tmain:2: invalid capture index %2', 'false\tmain:3: unfinished capture', 'false\tmain:4: invalid capture index %2', 'true\t0\t2000', ''].join(
        '\n',
      ),
    );
  });
});

describe('gsub identity on wasmoon', () => {
  it('returns the very same string when nothing was replaced (string.format %p)', async () => {
    const out = await run(
      'wasmoon',
      `local s = string.rep('a', 100)
      local function same(r) return string.format('%p', s) == string.format('%p', r) end
      print(same((string.gsub(s, 'b', 'c'))), same((string.gsub(s, '.', { x = 'y' }))), same((string.gsub(s, '.', function() end))))
      print(same((string.gsub(s, 'a', 'b'))))`,
    );
    expect(out).toBe('true\ttrue\ttrue\nfalse\n');
  });
});

describe.each(VM_NAMES)('os.date on %s', (vm) => {
  it('accepts every conversion Lua 5.4 accepts, with its messages (as lua5.4 prints them, in UTC)', async () => {
    const out = await run(
      vm,
      `for _, f in ipairs({ '%R', '%C', '%g', '%G', '%h', '%r', '%V', '%Ec', '%EY', '%Od', '%OV' }) do print(f, os.date('!' .. f, 1700000000)) end
      print(pcall(function() return os.date('%Ez', 0), 1 end))
      print(pcall(os.date, '%Y', 2 ^ 60))
      for _, t in ipairs({ 0, 1609459200, 1609372800, 1230768000 }) do print(os.date('!%G-%V-%g %Y-%m-%d', t)) end`,
    );
    expect(out.split('\n')).toEqual([
      '%R\t22:13',
      '%C\t20',
      '%g\t23',
      '%G\t2023',
      '%h\tNov',
      '%r\t10:13:20 PM',
      '%V\t46',
      '%Ec\tTue Nov 14 22:13:20 2023',
      '%EY\t2023',
      '%Od\t14',
      '%OV\t46',
      "false\tmain:2: bad argument #1 to 'date' (invalid conversion specifier '%Ez')",
      'false\tdate result cannot be represented in this installation',
      '1970-01-70 1970-01-01',
      '2020-53-20 2021-01-01',
      '2020-53-20 2020-12-31',
      '2009-01-09 2009-01-01',
      '',
    ]);
  });
});
