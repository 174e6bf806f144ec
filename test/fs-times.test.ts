// File times under --deterministic come from the kernel's virtual clock, not the host: two runs print the same
// fs.attributes (files made, rewritten, moved; folders; the ROM), on both VMs; without it they are the host's.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { VM_NAMES } from '../src/vm/vm.js';
import { thoxSync } from './thox-sync.js';

const DIR = mkdtempSync(join(tmpdir(), 'thox-fs-times-'));
const PROGRAM = join(DIR, 'times.lua');
writeFileSync(
  PROGRAM,
  `local fs = require 'fs'
local function put(path, text) local f = assert(fs.open(path, 'w')) f:write(text) f:close() end
-- %.0f: fengari's integers are 32-bit, so its times are floats
local function show(path) local a = fs.attributes(path) print(path, ('%.0f\t%.0f'):format(a.created, a.modified), a.size, a.isDir) end
os.sleep(1)
put('a.txt', 'one')
fs.makeDir('d')
os.sleep(2.5)
put('a.txt', 'two!')
fs.move('a.txt', 'd/b.txt')
show('d/b.txt') show('d') show('/') show('rom')
`,
);

/** 2000-01-01, where a deterministic run's clock starts, in ms since the Unix epoch. */
const START = Date.UTC(2000, 0, 1);

describe.each(VM_NAMES)('file times on %s', (vm) => {
  it('come from the virtual clock with --deterministic, the same in every run', () => {
    const runs = [1, 2].map((n) => thoxSync(join(DIR, `store-${vm}-${n}`), ['run', '--vm', vm, '--deterministic', PROGRAM]));
    for (const r of runs) expect(r.stderr).toBe('');
    expect(runs[0].stdout).toBe(
      [
        `d/b.txt\t${START + 1000}\t${START + 3500}\t4\tfalse`, // made at 1 s, rewritten at 3.5 s, moved
        `d\t${START + 1000}\t${START + 1000}\t0\ttrue`,
        `/\t${START}\t${START}\t0\ttrue`, // there before the run (made by it, on the host)
        `rom\t${START}\t${START}\t0\ttrue`,
        '',
      ].join('\n'),
    );
    expect(runs[1].stdout).toBe(runs[0].stdout);
  });
});

describe('file times without --deterministic', () => {
  it("are the host's", () => {
    const before = Date.now();
    const r = thoxSync(join(DIR, 'store-host'), ['run', PROGRAM]);
    const made = Number(r.stdout.split('\n')[0].split('\t')[2]);
    expect(made).toBeGreaterThanOrEqual(before - 2000);
    expect(made).toBeLessThanOrEqual(Date.now() + 2000);
  });
});
