// The craftos help API (rom/apis/help.lua) on both VMs: the help path, finding topics in its folders (with or
// without .txt/.md), listing and completing them.
import { describe, expect, it } from 'vitest';
import { VM_NAMES } from '../src/vm/vm.js';
import { runCraftos } from './craftos-helpers.js';

/** A terminal wide and tall enough that the tests' lines neither wrap nor scroll. */
const WIDE = { width: 120, height: 60 };

describe.each(VM_NAMES)('help on %s', (vm) => {
  it('looks topics up along the help path and lists and completes them', async () => {
    const { screen, exit } = await runCraftos(
      `
      print(help.path())
      local function put(path) local f = fs.open(path, "w") f.write("text") f.close() end
      put("/docs/one/alpha.txt") put("/docs/one/beta.md") put("/docs/two/alpha") put("/docs/two/gamma")
      fs.makeDir("/docs/two/sub")
      help.setPath("/docs/one:/docs/two")
      print(help.path(), help.lookup("alpha"), help.lookup("beta"), help.lookup("gamma"), help.lookup("sub"), help.lookup("none"))
      print(table.concat(help.topics(), ","))
      print(table.concat(help.completeTopic("a"), ","), #help.completeTopic("alpha"), table.concat(help.completeTopic(""), ","))
      print(pcall(help.setPath, 1))
      `,
      { vm, termSize: WIDE },
    );
    expect(exit?.code).toBe(0);
    expect(screen.split('\n')).toEqual([
      '/rom/help',
      '/docs/one:/docs/two docs/one/alpha.txt docs/one/beta.md docs/two/gamma nil nil',
      'alpha,beta,gamma',
      'lpha 0 alpha,beta,gamma',
      'false bad argument #1 (string expected, got number)',
    ]);
  });
});
