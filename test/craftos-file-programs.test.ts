// The CraftOS file programs' refusals as CC words them, on both VMs: copy, move, rename and rm on read-only drives
// and mounts, and their usage lines naming the command as it was typed.
import { describe, expect, it } from 'vitest';
import { runCraftos, VMS } from './craftos-helpers.js';

const WIDE = { width: 120, height: 40 };

describe.each(VMS)('craftos file programs (%s)', (vm) => {
  it('refuse read-only drives and mounts in CC words', async () => {
    const run = await runCraftos(
      `io.open("a.txt", "w"):close()
       shell.run("copy a.txt /rom/a.txt")
       shell.run("move a.txt /rom/a.txt")
       shell.run("move /rom/motd.txt b.txt")
       shell.run("move /rom x")
       shell.run("rename /rom/motd.txt b.txt")
       shell.run("rename /rom x")
       shell.run("rename a.txt /rom/a.txt")
       shell.run("rm /rom/motd.txt")
       shell.run("rm /")`,
      { vm, termSize: WIDE },
    );
    expect(run.exit?.code).toBe(0);
    expect(run.rows.slice(0, 10)).toEqual([
      'Destination is read-only',
      'Destination is read-only',
      'Cannot move read-only file /rom/motd.txt',
      'Cannot move mount /rom',
      'Source is read-only',
      "Can't rename mounts",
      'Destination is read-only',
      'Cannot delete read-only file /rom/motd.txt',
      'Cannot delete mount /',
      'To delete its contents run rm /*',
    ]);
  });

  it('name the command as typed in their usage', async () => {
    const run = await runCraftos(`shell.run("copy") shell.run("cp") shell.run("mv") shell.run("delete") shell.run("rename")`, {
      vm,
      termSize: WIDE,
    });
    expect(run.exit?.code).toBe(0);
    expect(run.rows.slice(0, 5)).toEqual([
      'Usage: copy <source> <destination>',
      'Usage: cp <source> <destination>',
      'Usage: mv <source> <destination>',
      'Usage: delete <paths>',
      'Usage: rename <source> <destination>',
    ]);
  });
});
