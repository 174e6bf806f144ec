// The craftos settings API (rom/apis/settings.lua) on both VMs: definitions, values and their types, details and
// names, setting_changed events, and saving to and loading from files through the file system.
import { describe, expect, it } from 'vitest';
import { VM_NAMES } from '../src/vm/vm.js';
import { runCraftos } from './craftos-helpers.js';

/** A terminal wide and tall enough that the tests' lines neither wrap nor scroll. */
const WIDE = { width: 120, height: 60 };

describe.each(VM_NAMES)('settings on %s', (vm) => {
  it('defines, sets, gets and describes settings, queueing setting_changed', async () => {
    const { screen, exit } = await runCraftos(
      `
      -- the test's own settings (the shell defines its own, as CraftOS does)
      local function mine()
        local names = {}
        for _, name in ipairs(settings.getNames()) do
          if name == "list" or name:find("^demo%.") then names[#names + 1] = name end
        end
        return names
      end
      settings.define("demo.size", { description = "A size", default = 3, type = "number" })
      print(settings.get("demo.size"), settings.get("demo.size", 5), settings.get("other"), settings.get("other", "dflt"))
      settings.set("demo.size", 7)
      print(os.pullEvent("setting_changed"))
      print(settings.get("demo.size"), settings.get("demo.size", 5))
      print(pcall(settings.set, "demo.size", "big"))
      print(pcall(settings.set, "x", print))
      local d = settings.getDetails("demo.size")
      print(d.description, d.default, d.type, d.value, d.changed)
      settings.set("list", { 1, { 2 } })
      local list = settings.get("list")
      list[1] = 99
      print(settings.get("list")[1], settings.get("list")[2][1])
      print(table.concat(mine(), ","))
      settings.unset("demo.size")
      print(settings.get("demo.size"), settings.getDetails("demo.size").changed)
      settings.undefine("demo.size")
      print(settings.get("demo.size"), table.concat(mine(), ","))
      settings.clear()
      print(#mine(), settings.get("list"))
      print(pcall(settings.define, "bad", { type = "thing" }))
      `,
      { vm, termSize: WIDE },
    );
    expect(exit?.code).toBe(0);
    expect(screen.split('\n')).toEqual([
      '3 5 nil dflt',
      'setting_changed demo.size 7 nil',
      '7 7',
      'false bad argument #2 (number expected, got string)',
      'false bad argument #2 (number, string, boolean or table expected, got function)',
      'A size 3 number 7 true',
      '1 2',
      'demo.size,list',
      '3 false',
      'nil list',
      '0 nil',
      'false Unknown type "thing". Expected one of number, string, boolean, table.',
    ]);
  });

  it('saves the values to .settings with textutils and loads them back', async () => {
    const { screen, exit } = await runCraftos(
      `
      print(settings.load(), settings.load("missing"))
      settings.set("a.word", "hello")
      settings.set("a.flag", true)
      print(settings.save())
      local f = fs.open(".settings", "r")
      local saved = textutils.unserialise(f.readAll())
      f.close()
      print(saved["a.word"], saved["a.flag"])
      settings.clear()
      settings.define("a.flag", { type = "string" })
      print(settings.load(), settings.get("a.word"), settings.get("a.flag"))
      print(settings.save("/other.cfg"), fs.exists("/other.cfg"))
      local g = fs.open("/junk", "w") g.write("not a table {") g.close()
      print(settings.load("/junk"))
      print(settings.save("/rom/x"))
      `,
      { vm, termSize: WIDE },
    );
    expect(exit?.code).toBe(0);
    expect(screen.split('\n')).toEqual([
      'false false',
      'true',
      'hello true',
      // a.flag is now defined as a string: the saved boolean is skipped
      'true hello nil',
      'true true',
      'false',
      'false',
    ]);
  });
});
