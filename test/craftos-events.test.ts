// The craftos runtime's event path on both VMs: queueEvent's arguments as given (nil holes and their count kept,
// only tables copied, each on its own), its name check, and pullEvent at the top level and in a coroutine.
import { describe, expect, it } from 'vitest';
import { runCraftos, VMS } from './craftos-helpers.js';

const WIDE = { width: 80, height: 20 };

describe.each(VMS)('craftos events (%s)', (vm) => {
  it('queueEvent keeps nil holes and trailing nils, and copies a table among plain values', async () => {
    const run = await runCraftos(
      `os.queueEvent('e', nil, 2)
       print(select('#', os.pullEvent('e')), os.pullEvent == nil)
       os.queueEvent('e', nil, 2, nil, nil)
       local n = select('#', os.pullEvent('e')) print(n)
       os.queueEvent('e', 1, nil, 2)
       print(os.pullEvent('e'))
       local t = { k = { 1 } }
       os.queueEvent('e', true, t, 'x', t.k)
       local _, a, b, c, d = os.pullEvent('e')
       print(a, b ~= t, b.k ~= t.k, b.k[1], c, d ~= t.k, d ~= b.k)`,
      { vm, termSize: WIDE },
    );
    expect(run.rows.slice(0, 4)).toEqual(['3 false', '5', 'e 1 nil 2', 'true true true 1 x true true']);
  });

  it('queueEvent passes what an event cannot carry (functions, coroutines) as nil, in arguments and in tables', async () => {
    const run = await runCraftos(
      `os.queueEvent('e', print, 1, { f = print, [print] = 1, k = 2, co = coroutine.create(print) })
       local _, f, one, t = os.pullEvent('e')
       print(f, one, t.f, t.k, t.co, next(t, 'k'))
       os.queueEvent('e', 1, print)
       print(select('#', os.pullEvent('e')))`,
      { vm, termSize: WIDE },
    );
    expect(run.rows.slice(0, 2)).toEqual(['nil 1 nil 2 nil nil', '3']);
  });

  it('queueEvent refuses a name that is not a string, blaming its caller', async () => {
    const run = await runCraftos(
      `print(pcall(os.queueEvent, 1))
       print(select(2, pcall(function() os.queueEvent() end)))`,
      { vm, termSize: WIDE },
    );
    expect(run.rows[0]).toBe('false bad argument #1 (string expected, got number)');
    expect(run.rows[1]).toMatch(/:2: bad argument #1 \(string expected, got nil\)$/);
  });

  it('pullEvent in a coroutine yields its filter to the resumer; at the top level terminate raises Terminated', async () => {
    const run = await runCraftos(
      `local co = coroutine.create(function() return os.pullEvent('x') end)
       print(coroutine.resume(co))
       print(coroutine.resume(co, 'x', 1, nil, 3))
       os.queueEvent('other') os.queueEvent('terminate')
       print(pcall(os.pullEvent, 'x'))
       os.queueEvent('terminate')
       print(os.pullEventRaw('x'))`,
      { vm, termSize: WIDE },
    );
    expect(run.rows.slice(0, 4)).toEqual(['true x', 'true x 1 nil 3', 'false Terminated', 'terminate']);
  });
});
