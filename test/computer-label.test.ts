// A computer's label is kept across runs in the store (systems/<id>.label, never seen through fs), end to end on
// both VMs: set in one run, read in the next; --label wins for its run without saving; a bad saved label is ignored.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { VM_NAMES } from '../src/vm/vm.js';
import { thoxSync } from './thox-sync.js';

const DIR = mkdtempSync(join(tmpdir(), 'thox-label-'));
const PROGRAM = join(DIR, 'label.lua');
writeFileSync(
  PROGRAM,
  `local computer = os.rpc(0).computer
local fs = require 'fs'
print(computer.getLabel(), table.concat(fs.list('/'), ','))
if arg[1] then computer.setLabel(arg[1] ~= 'none' and arg[1] or nil) end
`,
);

describe.each(VM_NAMES)('a computer label on %s', (vm) => {
  it('is saved when a program sets it and read at the next boot; --label wins for its run only', () => {
    const store = join(DIR, `store-${vm}`);
    const run = (...args: string[]) => thoxSync(store, ['run', '--vm', vm, ...args]);
    expect(run(PROGRAM, 'kitchen').stdout).toBe('nil\trom\n');
    expect(readFileSync(join(store, 'systems', '0.label'), 'latin1')).toBe('kitchen');
    expect(run(PROGRAM).stdout).toBe('kitchen\trom\n'); // not in the file system
    expect(run('--label', 'guest', PROGRAM).stdout).toBe('guest\trom\n');
    expect(run(PROGRAM, 'none').stdout).toBe('kitchen\trom\n');
    expect(existsSync(join(store, 'systems', '0.label'))).toBe(false);
    expect(run(PROGRAM).stdout).toBe('nil\trom\n');
    expect(run('--computer-id', '3', PROGRAM, 'hall').status).toBe(0);
    expect(run('--computer-id', '3', PROGRAM).stdout).toBe('hall\trom\n');
    expect(run(PROGRAM).stdout).toBe('nil\trom\n');
  });
});

describe('a saved label that is not one', () => {
  it('is ignored with a warning on stderr, and the computer boots without a label', () => {
    const store = join(DIR, 'store-bad');
    mkdirSync(join(store, 'systems'), { recursive: true });
    writeFileSync(join(store, 'systems', '0.label'), 'x'.repeat(33));
    const long = thoxSync(store, ['run', PROGRAM]);
    expect(long.stdout).toBe('nil\trom\n');
    expect(long.stderr).toBe(`thox: ignoring the label saved in '${join(store, 'systems', '0.label')}': not 1 to 32 bytes\n`);
    expect(long.status).toBe(0);
    mkdirSync(join(store, 'systems', '1.label'));
    const folder = thoxSync(store, ['run', '--computer-id', '1', PROGRAM]);
    expect(folder.stdout).toBe('nil\trom\n');
    expect(folder.stderr).toMatch(/^thox: ignoring the label saved in '.*1\.label': \/1\.label: host I\/O error \(EISDIR\)\n$/);
  });
});
