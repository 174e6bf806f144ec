// The craftos parallel API (rom/apis/parallel.lua) on both VMs: functions run side by side as coroutines, each
// given only the events its filter asks for (and terminate), until one or all end; errors stop them all.
import { describe, expect, it } from 'vitest';
import { VM_NAMES } from '../src/vm/vm.js';
import { runCraftos } from './craftos-helpers.js';

/** A terminal wide and tall enough that the tests' lines neither wrap nor scroll. */
const WIDE = { width: 120, height: 60 };

describe.each(VM_NAMES)('parallel on %s', (vm) => {
  it('waits for any or all of the functions, each seeing the events it filters for', async () => {
    const { screen, exit } = await runCraftos(
      `
      local log = {}
      local function waiter(name, filter, count)
        return function()
          for _ = 1, count do
            local e, v = os.pullEvent(filter)
            log[#log + 1] = name .. ":" .. e .. "=" .. tostring(v)
          end
        end
      end
      os.queueEvent("a", 1) os.queueEvent("b", 2) os.queueEvent("a", 3) os.queueEvent("b", 4)
      print(parallel.waitForAny(waiter("A", "a", 2), waiter("B", "b", 5)))
      print(table.concat(log, " "))
      log = {}
      os.queueEvent("a", 5) os.queueEvent("b", 6) os.queueEvent("b", 7)
      print(parallel.waitForAll(waiter("A", "a", 1), waiter("B", "b", 2), waiter("C", nil, 2)))
      print(table.concat(log, " "))
      print(parallel.waitForAny(function() end, function() os.pullEvent("never") end))
      print(parallel.waitForAll())
      print(pcall(parallel.waitForAny, print, 1))
      `,
      { vm, termSize: WIDE },
    );
    expect(exit?.code).toBe(0);
    expect(screen.split('\n')).toEqual([
      '1',
      'A:a=1 B:b=2 A:a=3',
      '',
      // b=4 was left queued by waitForAny: events a finished function did not take stay for the next pull
      'B:b=4 C:b=4 A:a=5 C:a=5 B:b=6',
      '1',
      '',
      'false bad argument #2 (function expected, got number)',
    ]);
  });

  it('passes terminate to every function and raises the first error, ending the others', async () => {
    const { screen, exit } = await runCraftos(
      `
      os.queueEvent("terminate")
      print(pcall(parallel.waitForAll, function() os.pullEventRaw("x") print("raw saw terminate") end,
        function() os.pullEvent("y") end))
      local after = false
      print(pcall(parallel.waitForAll, function() error("boom", 0) end, function() os.pullEvent("z") after = true end))
      os.queueEvent("z")
      os.pullEvent("z")
      print(after)
      `,
      { vm, termSize: WIDE },
    );
    expect(exit?.code).toBe(0);
    expect(screen.split('\n')).toEqual(['raw saw terminate', 'false Terminated', 'false boom', 'false']);
  });
});
