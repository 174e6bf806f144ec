// The CraftOS drive, eject and gps programs, on both VMs: the drive of a path and its free space as CC shows it,
// eject with nothing to eject, and a GPS host refused on a pocket computer.
import { describe, expect, it } from 'vitest';
import { runCraftos, VMS } from './craftos-helpers.js';

const WIDE = { width: 120, height: 40 };

describe.each(VMS)('craftos drive programs (%s)', (vm) => {
  it('drive, eject and gps say what CC says', async () => {
    const run = await runCraftos(
      `shell.run("drive /rom")
       shell.run("drive nowhere")
       local free = fs.getFreeSpace
       fs.getFreeSpace = function() return 1234e4 end
       shell.run("drive")
       fs.getFreeSpace = function() return 2500 end
       shell.run("drive")
       fs.getFreeSpace = free
       shell.run("eject")
       shell.run("eject left")
       _G.pocket = {}
       shell.run("gps host")
       _G.pocket = nil`,
      { vm, termSize: WIDE },
    );
    expect(run.exit?.code).toBe(0);
    expect(run.rows.slice(0, 7)).toEqual([
      'rom (0B remaining)',
      'No such path',
      'hdd (12.3MB remaining)',
      'hdd (2.5KB remaining)',
      'Usage: eject <drive>',
      'Nothing in left drive',
      'GPS Hosts must be stationary',
    ]);
  });
});
