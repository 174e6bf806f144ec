// A runtime in several files (docs/runtimes.md): its prelude loads its parts, the store entries runtimes/NAME.PART,
// and lends each a table of its locals; what the parts share stays out of the program's reach, on both VMs.
import { describe, expect, it } from 'vitest';
import { StoreLoader } from '../src/store/loader.js';
import { simulate } from '../src/testing.js';
import { VM_NAMES } from '../src/vm/vm.js';

/** The prelude: keeps a native in its shared table, then runs its two parts in order. */
const DUO = `
local shared = { n_pull = os.pull, n_call = os.call }
local function part(name)
  local source = os.rpc(0).store.get('runtimes', 'duo.' .. name)
  return assert(load(source, '=runtime:duo.' .. name, 't', _ENV))(shared)
end
part('greet')
return part('run')`;

/** A part that gives the next one a function and the program a global. */
const GREET = `
local shared = ...
local function shout(text) return text:upper() .. '!' end
shared.shout = shout
greet = function(name) return 'hello ' .. name end`;

/** The last part: returns the runner, which uses what the earlier part gave. */
const RUN = `
local shared = ...
local shout = shared.shout
return function(program, ...) print(shout('running')) program(...) end`;

const PROGRAM = 'print(greet(...), shared, shout, os.pull ~= nil)';

describe.each(VM_NAMES)('a runtime in several files (%s)', (vm) => {
  it('the prelude runs its parts from the store in order, and they share only what it lends them', async () => {
    const sim = await simulate({ vm, runtimes: { duo: DUO, 'duo.greet': GREET, 'duo.run': RUN }, programs: { main: PROGRAM } });
    const p = sim.spawn('main', ['ada'], 'duo');
    sim.run();
    expect(sim.output.stdout).toBe('RUNNING!\nhello ada\tnil\tnil\ttrue\n');
    expect(p.exit?.code).toBe(0);
  });

  it('an error in a part names the part and its line', async () => {
    const sim = await simulate({ vm, runtimes: { duo: DUO, 'duo.greet': 'local x = nil\nx.y = 1', 'duo.run': RUN }, programs: { main: PROGRAM } });
    const p = sim.spawn('main', [], 'duo');
    sim.run();
    expect(p.exit?.code).toBe(1);
    expect(p.exit?.message).toContain('runtime:duo.greet:2:');
  });
});

describe('runtime names', () => {
  it('leave out the parts of a runtime (NAME.PART next to NAME), but not a runtime whose name has a dot alone', async () => {
    const sim = await simulate({ runtimes: { duo: DUO, 'duo.greet': GREET, 'solo.one': 'x = 1' } });
    const names = new StoreLoader(sim.store).runtimeNames();
    expect(names).toContain('duo');
    expect(names).toContain('solo.one');
    expect(names).toContain('craftos');
    expect(names).not.toContain('duo.greet');
    expect(names).not.toContain('craftos.os');
  });
});
