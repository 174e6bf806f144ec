// The craftos runtime's globals on both VMs: print/write/printError on the terminal, read, numbers as CC prints
// them, CC's argument errors, an uncaught error shown in red, cc.expect, require per program and Lua-level compat.
import { describe, expect, it } from 'vitest';
import { key, runCraftos, typed, VMS } from './craftos-helpers.js';

describe.each(VMS)('craftos globals (%s)', (vm) => {
  it('print writes to the terminal, numbers as CC prints them (10/2 is 5), tabs as one space', async () => {
    const run = await runCraftos('print(10/2, 1e15, 2^53, 3, 1e-5) write("a ") write("b\\n") print(tostring(0.5))', { vm });
    expect(run.screen).toBe('5 1e+15 9.007199254741e+15 3 1e-05\na b\n0.5');
    expect(run.exit?.code).toBe(0);
  });

  it('write wraps words at the width and scrolls at the bottom; print returns the lines it moved', async () => {
    const run = await runCraftos('local n = print("aaa bbb ccc") write(n) print() for i = 1, 4 do print(i) end', {
      vm,
      termSize: { width: 8, height: 4 },
    });
    expect(run.rows).toEqual(['2', '3', '4', '']); // the last newline scrolled the first line off
    const wrap = await runCraftos('print("aaa bbb ccc")', { vm, termSize: { width: 8, height: 4 } });
    expect(wrap.rows.slice(0, 2)).toEqual(['aaa bbb', 'ccc']);
  });

  it('an uncaught error is printed in red on the terminal and the status is 1', async () => {
    const run = await runCraftos('print("before")\nerror("boom")', { vm });
    expect(run.rows[0]).toBe('before');
    expect(run.rows[1]).toBe('main:2: boom');
    const [, fg] = run.sim.terminal.getLine(2) ?? [];
    expect(fg?.slice(0, 5)).toBe('eeeee');
    expect(run.exit?.code).toBe(1);
  });

  it("argument errors are CC's: bad argument #N (T expected, got X), honouring __name", async () => {
    const run = await runCraftos(
      `print(select(2, pcall(os.startTimer)))
       print(select(2, pcall(os.startTimer, setmetatable({}, { __name = 'thing' }))))
       print(select(2, pcall(os.startTimer, 0/0)))
       local expect = require('cc.expect').expect
       local function f(x) expect(1, x, 'string', 'number') end
       print(select(2, pcall(f, true)))`,
      { vm, termSize: { width: 80, height: 10 } },
    );
    expect(run.rows.slice(0, 4)).toEqual([
      'bad argument #1 (number expected, got nil)',
      'bad argument #1 (number expected, got thing)',
      'bad argument #1 (number expected, got nan)',
      'bad argument #1 (string or number expected, got boolean)',
    ]);
  });

  it("cc.expect names the checked function when its caller's call names it, as CC (the same on both VMs)", async () => {
    const run = await runCraftos(
      `local expect = require('cc.expect')
       local function named(x) expect(1, x, 'string') end
       local t = {}
       function t.field(x) expect.expect(2, nil, 'table') end
       function t:method(x) expect(1, x, 'number') end
       print(select(2, pcall(function() named() end)))
       print(select(2, pcall(function() t.field() end)))
       print(select(2, pcall(function() t:method('a') end)))
       print(select(2, pcall(function() colours.combine('x') end)))
       print(select(2, pcall(named)))`,
      { vm, termSize: { width: 80, height: 10 } },
    );
    expect(run.rows.slice(0, 5)).toEqual([
      "main:6: bad argument #1 to 'named' (string expected, got nil)",
      "main:7: bad argument #2 to 'field' (table expected, got nil)",
      "main:8: bad argument #1 to 'method' (number expected, got string)",
      "main:9: bad argument #1 to 'combine' (number expected, got string)",
      'bad argument #1 (string expected, got nil)',
    ]);
  });

  it('read takes a line of typed characters, with backspace, and returns it at enter', async () => {
    const run = await runCraftos('write("? ") local s = read() print("got " .. s)', {
      vm,
      input: [...typed('helo'), key('backspace'), ...typed('lo'), key('enter')],
    });
    expect(run.screen).toBe('? hello\ngot hello');
  });

  it('os.pullEvent raises Terminated on terminate; pullEventRaw returns it', async () => {
    const run = await runCraftos('print(os.pullEventRaw()) os.pullEvent()', { vm, input: [{ type: 'terminate' }, { type: 'terminate' }] });
    expect(run.rows.slice(0, 2)).toEqual(['terminate', 'Terminated']);
    expect(run.exit?.code).toBe(1);
  });

  it('the Lua-level functions CC programs rely on are there', async () => {
    const run = await runCraftos(
      `print(table.getn({1, 2, 3}), unpack({4, 5}))
       print(math.mod(7, 3), loadstring("return 6")(), string.gfind ~= nil, setfenv ~= nil, getfenv ~= nil)
       table.foreach({ x = 1 }, function(k, v) print(k, v) end)
       print(bit.band(12, 10), bit.blshift(1, 4), bit32.bxor(5, 1))
       print(_HOST ~= nil, type(_CC_DEFAULT_SETTINGS), os.version(), http.checkURL("http://example.com"))`,
      { vm, termSize: { width: 60, height: 10 } },
    );
    expect(run.rows.slice(0, 5)).toEqual(['3 4 5', '1 6 true true true', 'x 1', '8 16 4', 'true string CraftOS 1.9 false HTTP is disabled']);
  });

  it('yields to the event loop from pcall, from metamethods and from coroutines', async () => {
    const run = await runCraftos(
      `os.queueEvent('a') print(pcall(os.pullEvent, 'a'))
       local t = setmetatable({}, { __index = function(_, k) os.queueEvent(k) return (os.pullEvent(k)) end })
       print(t.b)
       local co = coroutine.create(function() return os.pullEvent('c') end)
       os.queueEvent('c', 1)
       local ok, filter = coroutine.resume(co) print(ok, filter)`,
      { vm },
    );
    expect(run.rows.slice(0, 3)).toEqual(['true a', 'b', 'true c']);
  });

  it('a runaway loop gets "Too long without yielding" at its line (catchable), and waiting for events resets it', async () => {
    const run = await runCraftos(
      `local n = 0
       print(pcall(function() while true do n = n + 1 end end))
       for i = 1, 5 do local x = 0 for j = 1, 20000 do x = x + j end sleep(0) end print('waiting resets it')
       print(pcall(table.sort, { 3, 2, 1 }, function() while true do end end))
       while true do end`,
      { vm, yieldTimeout: 0.05, termSize: { width: 60, height: 10 } },
    );
    expect(run.rows.slice(0, 4)).toEqual([
      'false main:2: Too long without yielding',
      'waiting resets it',
      'false main:4: Too long without yielding',
      'main:5: Too long without yielding',
    ]);
    expect(run.exit?.code).toBe(1);
  });

  it('yields from string.gsub callbacks and table.sort comparators, which keep Lua 5.4 results', async () => {
    const run = await runCraftos(
      `os.queueEvent('a')
       print(string.gsub('x', 'x', function() return (os.pullEvent('a')) end))
       local t = { 3, 1, 2 }
       table.sort(t, function(a, b) os.queueEvent('s') os.pullEvent('s') return a < b end) print(table.concat(t, ','))
       print(string.gsub('abc', '%w*', function(m) return '<' .. m .. '>' end))
       print(('a,b,,c'):gsub(',*', function() return ';' end))
       print(('hello'):gsub('(l)(l)', function(a, b) return b .. a end), ('abc'):gsub('%w', function(c) return c == 'b' and 'B' end))
       print(pcall(string.gsub, 'abc', '%w', function() return {} end))`,
      { vm, termSize: { width: 60, height: 10 } },
    );
    expect(run.rows.slice(0, 6)).toEqual(['a 1', '1,2,3', '<abc> 1', ';a;b;c; 4', 'hello aBc 3', 'false invalid replacement value (a table)']);
  });
});
