// The peripheral registry finds its types by itself: a new module in a types folder is a new type (callable from
// Lua on both VMs, nothing else changed), a module exporting none is an error naming it, a name taken twice too.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadPeripheralTypes, PERIPHERAL_TYPES, TYPES_FOLDER } from '../src/devices/peripherals/registry.js';
import { simulate } from '../src/testing.js';
import { VM_NAMES } from '../src/vm/vm.js';

/** A type module as a user would write it (plain JavaScript, so it loads from any folder). */
const COUNTER = `
export const counter = {
  name: 'counter',
  create(env) {
    let n = 0;
    return { type: 'counter', methods: { bump: (a) => [(n += a.integer(1)), env.name] } };
  },
};
`;

const folders: string[] = [];

/** A fresh folder holding the given module files (an ES module package, so `.js` files are modules). */
function typesFolder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'thox-types-'));
  folders.push(dir);
  writeFileSync(join(dir, 'package.json'), '{"type": "module"}');
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

afterEach(() => {
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('the peripheral registry', () => {
  it("loads thox's own types from its types folder, sorted by name", () => {
    expect(TYPES_FOLDER).toMatch(/peripherals[/\\]types[/\\]$/);
    expect([...PERIPHERAL_TYPES.keys()]).toEqual(['drive', 'modem', 'monitor', 'redstone_relay', 'wired_modem']);
  });

  it.each(VM_NAMES)('makes a new file in a types folder a type a program can call (%s)', async (vm) => {
    const types = await loadPeripheralTypes(typesFolder({ 'counter.js': COUNTER, 'notes.txt': 'not a module' }));
    expect([...types.keys()]).toEqual(['counter']);
    const sim = await simulate({ vm, programs: { main: `local c = os.rpc(0).peripheral.call print(c('top', 'bump', 2)) print(c('top', 'bump', 3))` } });
    sim.peripherals.attach('top', types.get('counter')!);
    const p = sim.spawn('main');
    sim.run({ until: () => p.exit !== null });
    expect(sim.output.stderr).toBe('');
    expect(sim.output.stdout).toBe('2\ttop\n5\ttop\n');
  });

  it('refuses a module that exports no type, naming its file', async () => {
    const dir = typesFolder({ 'counter.js': COUNTER, 'helper.js': 'export const notAType = { name: "x" };' });
    await expect(loadPeripheralTypes(dir)).rejects.toThrow(`peripheral type module '${join(dir, 'helper.js')}' exports no PeripheralType`);
  });

  it('refuses a type name given by two modules', async () => {
    const dir = typesFolder({ 'a.js': COUNTER, 'b.js': COUNTER });
    await expect(loadPeripheralTypes(dir)).rejects.toThrow(`peripheral type module '${join(dir, 'b.js')}': the type name 'counter' is taken by another module`);
  });
});
