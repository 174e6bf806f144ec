// The CraftOS shell's `#!` programs and arg[0], on both VMs: a file whose first line names a command runs it with
// the file's name and the arguments; nested ones run in turn, endless ones stop with false; arg[0] is as typed.
import { describe, expect, it } from 'vitest';
import { runCraftos, VMS } from './craftos-helpers.js';

const WIDE = { width: 120, height: 40 };

describe.each(VMS)('craftos shell #! programs (%s)', (vm) => {
  it('runs the command a file names, nested, and stops an endless chain', async () => {
    const run = await runCraftos(
      `local function put(path, text) local h = fs.open(path, "w") h.write(text) h.close() end
       put("show.lua", "print(arg[0], table.concat({ ... }, '|'))")
       put("a.lua", '#!show "x y" z')
       put("b.lua", "#!a.lua")
       put("loop.lua", "#!loop.lua")
       put("viashell.lua", "#!shell show")
       print(shell.execute("a.lua", "1", "2"))
       print(shell.execute("b.lua", "3"))
       print(shell.execute("loop.lua"))
       print(shell.execute("viashell.lua"))
       print(shell.run("show", "p q"))`,
      { vm, termSize: WIDE },
    );
    expect(run.exit?.code).toBe(0);
    expect(run.rows.slice(0, 10)).toEqual([
      'show x y|z|a.lua|1|2',
      'true',
      'show x y|z|a.lua|b.lua|3',
      'true',
      'Too many nested #! programs',
      'false',
      'show viashell.lua',
      'true',
      'show p|q',
      'true',
    ]);
  });
});
