// How errors and tracebacks name functions, compared with what lua5.4 prints for the same programs: C library
// functions named also when called through pcall, xpcall or coroutine.wrap; the sandbox's wrappers read as the
// C functions they stand for; "got no value" and "got nil" as Lua tells them apart.
import { describe, expect, it } from 'vitest';
import { simulate } from '../src/testing.js';
import { VM_NAMES, type VmName } from '../src/vm/vm.js';

async function output(vm: VmName, source: string): Promise<string> {
  const sim = await simulate({ vm, programs: { main: source } });
  sim.spawn('main');
  sim.run();
  return sim.output.stdout;
}

// Each line: a statement, and what lua5.4 prints for `print(pcall(function() STATEMENT end))` in a chunk named main
// (the line number is the statement's, 1 here). 5.3 (fengari) differs where marked.
const ERRORS: Array<[string, string, boolean?]> = [
  ['local x = string.rep()', "main:1: bad argument #1 to 'rep' (string expected, got no value)"],
  ["local x = ('x'):rep()", "main:1: bad argument #1 to 'rep' (number expected, got no value)"],
  ["local x = string.find('a')", "main:1: bad argument #2 to 'find' (string expected, got no value)"],
  ["local x = string.find('a', nil)", "main:1: bad argument #2 to 'find' (string expected, got nil)"],
  ["local x = ('a'):find()", "main:1: bad argument #1 to 'find' (string expected, got no value)"],
  ["local x = ('a'):upper(nil)", 'true'],
  ["local x = ('a'):gsub('a')", "main:1: bad argument #2 to 'gsub' (string/function/table expected, got no value)", false],
  ['local x = string.char(-1)', "main:1: bad argument #1 to 'char' (value out of range)", false],
  ['local x = setmetatable(1)', "main:1: bad argument #1 to 'setmetatable' (table expected, got number)"],
  ['local x = setmetatable({})', "main:1: bad argument #2 to 'setmetatable' (nil or table expected, got no value)", false],
  ['local x = load()', "main:1: bad argument #1 to 'load' (function expected, got no value)"],
  ['local x = debug.sethook(1)', "main:1: bad argument #2 to 'sethook' (string expected, got no value)"],
  ["local x = debug.sethook(1, 'l')", "main:1: bad argument #1 to 'sethook' (function expected, got number)"],
  ['local x = debug.traceback(1, {})', "main:1: bad argument #2 to 'traceback' (number expected, got table)"],
  ['local x = debug.getinfo()', "main:1: bad argument #1 to 'getinfo' (number expected, got no value)", false],
];

// pcall(F, ARGS...) straight from C: Lua names the function by where it is found ('string.rep').
const THROUGH_C: Array<[string, string, boolean?]> = [
  ['pcall(string.rep)', "bad argument #1 to 'string.rep' (string expected, got no value)"],
  ['pcall(string.char, -1)', "bad argument #1 to 'string.char' (value out of range)", false],
  ['pcall(string.format, {})', "bad argument #1 to 'string.format' (string expected, got table)"],
  ['pcall(coroutine.wrap(string.rep))', "bad argument #1 to 'string.rep' (string expected, got no value)"],
  ['pcall(coroutine.wrap(string.char), -1)', "bad argument #1 to 'string.char' (value out of range)", false],
  ['pcall(debug.traceback, 1, {})', "bad argument #2 to 'debug.traceback' (number expected, got table)"],
  ['pcall(debug.sethook, 1, {})', "bad argument #2 to 'debug.sethook' (string expected, got table)"],
  ['pcall(os.exit, {})', "bad argument #1 to 'os.exit' (number expected, got table)"],
  ['pcall(setmetatable)', "bad argument #1 to 'setmetatable' (table expected, got no value)"],
];

describe.each(VM_NAMES)('names in errors on %s, as lua5.4 gives them', (vm) => {
  const on = (cases: Array<[string, string, boolean?]>) => cases.filter(([, , both]) => vm === 'wasmoon' || both !== false);

  it('argument errors of library functions called by the program', async () => {
    const cases = on(ERRORS);
    const out = await output(vm, cases.map(([s]) => `print(pcall(function() ${s} end))`).join('\n'));
    const expected = cases.map(([, m], i) => (m === 'true' ? 'true' : `false\t${m.replace('main:1:', `main:${i + 1}:`)}`));
    expect(out.split('\n').slice(0, -1)).toEqual(expected);
  });

  it('argument errors of library functions called from C', async () => {
    const cases = on(THROUGH_C);
    const out = await output(vm, cases.map(([s]) => `print(${s})`).join('\n'));
    expect(out.split('\n').slice(0, -1)).toEqual(cases.map(([, m]) => `false\t${m}`));
  });

  it("tracebacks show the sandbox's wrappers as the C functions they stand for", async () => {
    const out = await output(
      vm,
      `print(select(2, xpcall(function() local x = string.rep() end, debug.traceback)))
      print(select(2, xpcall(function() local x = string.find('a', '(') end, debug.traceback)))`,
    );
    const c = vm === 'wasmoon' ? 'C' : 'JS'; // fengari marks its own functions [JS]
    expect(out).toBe(
      [
        "main:1: bad argument #1 to 'rep' (string expected, got no value)",
        'stack traceback:',
        `\t[${c}]: in function 'string.rep'`,
        '\tmain:1: in function <main:1>',
        `\t[${c}]: in function 'xpcall'`,
        '\tmain:1: in main chunk',
        'main:2: unfinished capture',
        'stack traceback:',
        `\t[${c}]: in function 'string.find'`,
        '\tmain:2: in function <main:2>',
        `\t[${c}]: in function 'xpcall'`,
        '\tmain:2: in main chunk',
        '',
      ].join('\n'),
    );
  });

  it('an error report names the wrapper as Lua names its C function', async () => {
    const sim = await simulate({ vm, programs: { main: 'local function f() local x = setmetatable(1) end\nf()' } });
    const p = sim.spawn('main');
    sim.run();
    expect(p.exit?.traceback).toBe("stack traceback:\n\t[C]: in function 'setmetatable'\n\tmain:1: in local 'f'\n\tmain:2: in main chunk");
  });
});
