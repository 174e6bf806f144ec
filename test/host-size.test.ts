// The session terminal following the host terminal's size (src/host/host-size.ts): a host resize resizes it and
// the focused process gets term_resize, delivered by the driver; sizes past a terminal's limits are cut to them.
import { describe, expect, it } from 'vitest';
import { MAX_CELLS } from '../src/devices/terminal.js';
import { drive } from '../src/host/driver.js';
import { fittedSize, HostResizeFeed } from '../src/host/host-size.js';
import { combined, type InputSource } from '../src/host/input-feed.js';
import { simulate } from '../src/testing.js';
import { VM_NAMES } from '../src/vm/vm.js';

describe('the host size as a terminal size', () => {
  it('is the host size within the limits, and unknown without one', () => {
    expect(fittedSize({ columns: 80, rows: 24 })).toEqual([80, 24]);
    expect(fittedSize({ columns: 5000, rows: 300 })).toEqual([1024, MAX_CELLS / 1024]);
    expect(fittedSize({})).toBeUndefined();
    expect(fittedSize({ columns: 80 })).toBeUndefined();
  });
});

describe('input sources combined', () => {
  /** A source due at `at` (undefined: no more steps) that records its steps; its arrival resolves on `arrive()`. */
  function source(at: number | undefined): InputSource & { steps: number; arrive(): void } {
    let arrive = (): void => {};
    return {
      steps: 0,
      nextAt: () => at,
      step() {
        this.steps++;
      },
      arrival: () => new Promise<void>((resolve) => (arrive = resolve)),
      arrive: () => arrive(),
    };
  }

  it('are due at the earliest step of any, step the one due, wake on any arrival, and are done when all are', async () => {
    const [later, sooner, done] = [source(50), source(10), source(undefined)];
    const both = combined([later, undefined, sooner, done]);
    expect(both?.nextAt()).toBe(10);
    both?.step(20);
    expect([later.steps, sooner.steps]).toEqual([0, 1]);
    const woken = both?.arrival();
    done.arrive();
    await woken;
    expect(combined([done, source(undefined)])?.nextAt()).toBeUndefined();
    expect(combined([undefined, done])).toBe(done);
    expect(combined([])).toBeUndefined();
  });
});

describe.each(VM_NAMES)('a host resize on %s', (vm) => {
  it('resizes the session terminal and sends the focused process term_resize, once per new size', async () => {
    const main = `
      local term = require('term')
      term.write('drawn')
      while true do
        local e = os.pull()
        print(e.type, term.getSize())
        if e.type == 'char' then break end
      end
    `;
    const sim = await simulate({ vm, programs: { main } });
    const p = sim.spawn('main');
    sim.run({ until: () => [...p.tasks.values()].some((t) => t.wait?.on === 'pull') });
    const feed = new HostResizeFeed(sim.terminal, sim.input);
    feed.resized({ columns: 60, rows: 20 });
    feed.resized({ columns: 60, rows: 20 });
    feed.resized({ columns: 70, rows: 10 });
    expect([sim.terminal.width, sim.terminal.height]).toEqual([70, 10]);
    sim.input.deliver({ type: 'char', char: 'q' });
    const result = await drive(sim.kernel, p.pid, { input: feed });
    expect(result.kind).toBe('exited');
    // two events for two new sizes (the repeated one is none); the program reads the size after both came
    expect(sim.output.stdout).toBe('term_resize\t70\t10\nterm_resize\t70\t10\nchar\t70\t10\n');
  });
});
