// The craftos runtime's os, fs, io, redstone and peripheral APIs on both VMs: events and timers, queueEvent's deep
// copies, time/day/epoch locales, shutdown's status, CC's fs error strings and path functions, io over fs.
import { describe, expect, it } from 'vitest';
import { runCraftos, VMS } from './craftos-helpers.js';

const WIDE = { width: 80, height: 20 };

describe.each(VMS)('craftos os (%s)', (vm) => {
  it('queueEvent deep-copies each argument: sharing inside one kept, the same table twice gives two', async () => {
    const run = await runCraftos(
      `local t = { 1 } t.self = t
       os.queueEvent('e', t, t, nil, 'x')
       local name, a, b, c, d = os.pullEvent('e')
       print(name, a ~= t, a.self == a, a ~= b, c, d)`,
      { vm, termSize: WIDE },
    );
    expect(run.rows[0]).toBe('e true true true nil x');
  });

  it('a filter drops the other events, as CC; timers fire in order; sleep waits', async () => {
    const run = await runCraftos(
      `local a = os.startTimer(0.2) local b = os.startTimer(0.1)
       os.queueEvent('noise')
       local _, id = os.pullEvent('timer') print(id == b)
       _, id = os.pullEvent('timer') print(id == a)
       os.queueEvent('lost') sleep(0.1) os.queueEvent('kept')
       print(os.pullEvent())
       local c = os.startTimer(1) os.cancelTimer(c) os.queueEvent('after') print(os.pullEvent())`,
      { vm, termSize: WIDE },
    );
    expect(run.rows.slice(0, 4)).toEqual(['true', 'true', 'kept', 'after']);
  });

  it('time, day and epoch take ingame, utc and local, and refuse anything else', async () => {
    const run = await runCraftos(
      `print(os.time() >= 0 and os.time() < 24, os.day() >= 1, os.epoch('utc') > 0, os.day('utc') > 10000)
       print(select(2, pcall(os.time, 'mars')), select(2, pcall(function() os.epoch(1) end)))
       print(os.date('!%Y', 0), type(os.date('*t')), os.clock() >= 0)`,
      { vm, termSize: { width: 90, height: 10 } },
    );
    expect(run.rows.slice(0, 3)).toEqual([
      'true true true true',
      'Unsupported operation main:2: bad argument #1 (string expected, got number)',
      '1970 table true',
    ]);
  });

  it('os.shutdown(code) ends the program; its code is the status only with --exit-on-shutdown', async () => {
    const plain = await runCraftos('print("a") os.shutdown(3) print("b")', { vm });
    expect(plain.screen).toBe('a');
    expect(plain.exit?.code).toBe(0);
    const coded = await runCraftos('os.shutdown(3)', { vm, exitOnShutdown: true });
    expect(coded.exit?.code).toBe(3);
  });

  it('the computer id and label, and the version', async () => {
    const run = await runCraftos('os.setComputerLabel("box") print(os.getComputerID(), os.computerLabel(), os.version())', { vm });
    expect(run.rows[0]).toBe('0 box CraftOS 1.9');
  });
});

describe.each(VMS)('craftos fs and io (%s)', (vm) => {
  it("speaks CC's error strings", async () => {
    const run = await runCraftos(
      `local function fails(f) return select(2, pcall(f)) end -- the error at the line of the call, as in CC
       print(fs.open('/nope', 'r'))
       print(fails(function() fs.list('nope') end))
       print(fails(function() fs.makeDir('rom/x') end))
       fs.makeDir('d') print(fails(function() fs.copy('d', 'd/e') end))
       local h = fs.open('f', 'w') h.write('x') h.close() print(fails(function() h.write('y') end))
       print(fails(function() fs.move('f', 'd') end))
       print(fs.exists('/..'), fs.isDir('..'), fails(function() fs.open('f', 'q') end))`,
      { vm, termSize: WIDE },
    );
    expect(run.rows.slice(0, 7)).toEqual([
      'nil /nope: No such file',
      'main:3: /nope: No such file',
      'main:4: /rom/x: Access denied',
      "main:5: /d: Can't copy a directory inside itself",
      'main:6: attempt to use a closed file',
      'main:7: File exists',
      'false false main:8: Unsupported mode',
    ]);
  });

  it('combine, getName, getDir keep * and ? and ..; find and complete', async () => {
    const run = await runCraftos(
      `print(fs.combine('a/*', '../b?'), fs.getName('a/b.lua'), fs.getDir('..'), fs.getName(''), fs.getDir('a/b'))
       fs.makeDir('dir') local h = fs.open('dir/one.lua', 'w') h.close()
       print(table.concat(fs.find('dir/*.lua'), ','), table.concat(fs.complete('di', ''), ','), table.concat(fs.complete('dir/o', ''), ','))`,
      { vm, termSize: WIDE },
    );
    expect(run.rows.slice(0, 2)).toEqual(['a/b? b.lua ../.. root a', 'dir/one.lua r/,r ne.lua']);
  });

  it('handles read and write lines, binary bytes, and io works over them', async () => {
    const run = await runCraftos(
      `local h = fs.open('t', 'w') h.writeLine('one') h:write('two') h.close()
       h = fs.open('t', 'r') print(h.readLine(), h.readLine(), h.readLine()) h.close()
       h = fs.open('t', 'rb') print(h.read(), h.read(2)) h.close()
       local f = io.open('t') print(f:read('l'), f:read('a')) f:close()
       for line in io.lines('t') do write(line .. ';') end print()
       print(io.open('none'))
       io.write('io ', 5, '\\n')`,
      { vm, termSize: WIDE },
    );
    expect(run.rows.slice(0, 6)).toEqual(['one two nil', '111 ne', 'one two', 'one;two;', 'nil /none: No such file', 'io 5']);
  });

  it('redstone keeps the outputs it sets; peripheral finds attached peripherals', async () => {
    const run = await runCraftos(
      `rs.setOutput('left', true) redstone.setAnalogOutput('top', 7)
       print(rs.getOutput('left'), rs.getAnalogOutput('top'), rs.getInput('left'), select(2, pcall(function() rs.getInput('up') end)))
       print(#peripheral.getNames(), peripheral.isPresent('left'))`,
      { vm, termSize: WIDE },
    );
    expect(run.rows.slice(0, 2)).toEqual(['true 7 false main:2: bad argument #1 (unknown option up)', '0 false']);
  });
});
