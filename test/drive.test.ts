// The disk drive peripheral on both VMs: a disk inserted shows at /disk with its id and label, files written on it
// survive an eject and come back with it; an eject closes the files open on it; events disk and disk_eject; and a
// disk's files and label in the store (disks/<id>/, disks/<id>.label).
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Disks } from '../src/devices/disks.js';
import { memoryFileSystem } from '../src/devices/fs-setup.js';
import { simulate } from '../src/testing.js';
import { VM_NAMES } from '../src/vm/vm.js';

const MAIN = `
local c = os.rpc(0).peripheral.call
local fs = require 'fs'
print(c('left', 'isDiskPresent'), c('left', 'getMountPath'), c('left', 'getDiskID'), c('left', 'getAudioTitle'))
c('left', 'insertDisk', 7)
local e = os.pull('disk')
print(e.side, e[1], c('left', 'isDiskPresent'), c('left', 'hasData'), c('left', 'getMountPath'), c('left', 'getDiskID'))
local f = fs.open('disk/hello.txt', 'w') f:write('on the floppy') f:close()
c('left', 'setDiskLabel', 'backup\\0 of everything, and more than 32')
print(c('left', 'getDiskLabel'), fs.getDrive('disk/hello.txt'), fs.getDrive('/'), c('left', 'hasAudio'), c('left', 'getAudioTitle'))
local open = fs.open('disk/late.txt', 'w')
c('left', 'ejectDisk')
e = os.pull('disk_eject')
print(e.side, fs.exists('disk'), c('left', 'getDiskLabel'), c('left', 'getMountPath'), pcall(open.close, open))
print(fs.exists('late.txt'), fs.exists('hello.txt'))
fs.makeDir('disk')
c('left', 'insertDisk', 7)
os.pull('disk')
print(c('left', 'getMountPath'), c('left', 'getDiskLabel'), fs.open('disk2/hello.txt'):readAll(), fs.exists('disk2/late.txt'))
print(select(2, pcall(c, 'left', 'insertDisk', -1)))
`;

describe.each(VM_NAMES)('the drive peripheral on %s', (vm) => {
  it('mounts an inserted disk, keeps its files and label across an eject, and closes files open on it', async () => {
    const sim = await simulate({ vm, programs: { main: MAIN }, peripherals: { left: 'drive' } });
    const p = sim.spawn('main');
    sim.run({ until: () => p.exit !== null });
    expect(sim.output.stderr).toBe('');
    expect(sim.output.stdout.split('\n')).toEqual([
      'false\tnil\tnil\tfalse',
      'left\tleft\ttrue\ttrue\tdisk\t7',
      'backup of everything, and more t\tdisk\thdd\tfalse\tnil',
      'left\tfalse\tnil\tnil\tfalse\tmain:14: attempt to use a closed file',
      'false\tfalse',
      'disk2\tbackup of everything, and more t\ton the floppy\tfalse',
      "main:20: call 'peripheral.call' failed: bad argument #1 to 'drive.insertDisk' (disk id must be 0 or more)",
      '',
    ]);
  });
});

describe('disks in the store', () => {
  it('keep their files in disks/<id>/ and their label in disks/<id>.label', () => {
    const store = mkdtempSync(join(tmpdir(), 'thox-disks-'));
    const fs = memoryFileSystem();
    const disks = new Disks(fs, store);
    expect(disks.insert(3)).toBe('disk');
    const f = fs.open('disk/notes.txt', 'w');
    f.write('kept');
    f.close();
    disks.setLabel(3, 'notes');
    disks.eject('disk');
    expect(fs.exists('disk')).toBe(false);
    expect(readFileSync(join(store, 'disks', '3', 'notes.txt'), 'utf8')).toBe('kept');
    expect(readFileSync(join(store, 'disks', '3.label'), 'utf8')).toBe('notes');
    expect(new Disks(memoryFileSystem(), store).label(3)).toBe('notes');
  });
});
