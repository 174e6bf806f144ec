// The CraftOS set, motd and label programs, on both VMs: one setting shown with its default when changed, a value
// of the wrong type refused in CC's words; motd's dated greetings and its motd.path setting; label's words.
import { describe, expect, it } from 'vitest';
import { runCraftos, VMS } from './craftos-helpers.js';

const WIDE = { width: 120, height: 40 };

describe.each(VMS)('craftos set and motd (%s)', (vm) => {
  it('set shows a changed setting with its default and refuses a value of the wrong type', async () => {
    const run = await runCraftos(
      `settings.define("demo.size", { default = 3, type = "number", description = "A size" })
       settings.set("demo.size", 5)
       shell.run("set demo.size")
       shell.run("set demo.size big")
       shell.run("set demo.size 7")`,
      { vm, termSize: WIDE },
    );
    expect(run.exit?.code).toBe(0);
    expect(run.rows.slice(0, 4)).toEqual(['demo.size is 5 (default is 3)', 'A size', '"big" is not a valid number.', '"demo.size" set to 7']);
  });

  it('motd greets on its dates and otherwise reads the files motd.path lists', async () => {
    const run = await runCraftos(
      `local h = fs.open("tips.txt", "w") h.write("only tip") h.close()
       settings.set("motd.path", "/tips.txt")
       local date = os.date
       os.date = function() return { day = 31, month = 10 } end
       shell.run("motd")
       os.date = function() return { day = 2, month = 10 } end
       shell.run("motd")
       os.date = date`,
      { vm, termSize: WIDE },
    );
    expect(run.exit?.code).toBe(0);
    expect(run.rows.slice(0, 2)).toEqual(['OOoooOOOoooo! Spooky!', 'only tip']);
  });

  it('label says whose label it is, lists its usages with drives, and wants a disk in a named drive', async () => {
    const run = await runCraftos(
      `shell.run("label get")
       shell.run("label set box")
       shell.run("label get")
       shell.run("label get left")
       shell.run("label")`,
      { vm, termSize: WIDE },
    );
    expect(run.exit?.code).toBe(0);
    expect(run.rows.slice(0, 11)).toEqual([
      'No Computer label',
      'Computer label set to "box"',
      'Computer label is "box"',
      'No disk in drive left',
      'Usages:',
      'label get',
      'label get <drive>',
      'label set <text>',
      'label set <drive> <text>',
      'label clear',
      'label clear <drive>',
    ]);
  });
});
