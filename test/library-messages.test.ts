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
