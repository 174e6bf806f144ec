// A CraftOS test runner kept in a mounted folder, as an external suite is run: the runner named by its path in the
// system (`--runtime craftos /suite/runner.lua` with `--mount-ro suite=DIR`) or as a host file, loading its specs
// with `loadfile(path, nil, _ENV)`, its sibling helper with `require`, and printing its summary line on stdout.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { thoxSync } from './thox-sync.js';

const DIR = mkdtempSync(join(tmpdir(), 'thox-craftos-suite-'));
afterAll(() => rmSync(DIR, { recursive: true, force: true }));

/** A small suite: the runner, its helper module and two spec files (one check fails). */
function writeSuite(root: string): void {
  mkdirSync(join(root, 'specs'), { recursive: true });
  writeFileSync(
    join(root, 'runner.lua'),
    `local dir = shell.resolve(... or "specs")
package.path = "/" .. dir .. "/?.lua;" .. package.path
local passed, total = 0, 0
function check(ok) total = total + 1 if ok then passed = passed + 1 end end
for _, name in ipairs(fs.list(dir)) do
  if name:match("_spec%.lua$") then assert(loadfile(fs.combine(dir, name), nil, _ENV))() end
end
print(("Ran %d check(s), of which %d passed."):format(total, passed))`,
  );
  writeFileSync(join(root, 'specs', 'helper.lua'), 'return { twice = function(x) return 2 * x end }');
  writeFileSync(join(root, 'specs', 'a_spec.lua'), 'local h = require "helper" check(h.twice(2) == 4) check(shell ~= nil)');
  writeFileSync(join(root, 'specs', 'b_spec.lua'), 'check(textutils.serialise({}) == "{}") check(1 == 2)');
}

describe('a CraftOS test runner in a mounted folder', () => {
  const suite = join(DIR, 'suite');
  writeSuite(suite);
  const flags = ['run', '--runtime', 'craftos', '--headless', '--deterministic', '--term-size', '80x100', '--mount-ro', `suite=${suite}`];

  it('runs when named by its path in the system, and prints its summary on stdout', () => {
    const r = thoxSync(join(DIR, 'a'), [...flags, '/suite/runner.lua', '/suite/specs']);
    expect(r.stdout).toContain('Ran 4 check(s), of which 3 passed.');
    expect(r.status).toBe(0);
  });

  it('runs as a host file too, inside a shell', () => {
    const r = thoxSync(join(DIR, 'b'), [...flags, join(suite, 'runner.lua'), '/suite/specs']);
    expect(r.stdout).toContain('Ran 4 check(s), of which 3 passed.');
  });

  it('a path under no mount is still no program', () => {
    const r = thoxSync(join(DIR, 'c'), [...flags, '/elsewhere/runner.lua']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("program not found: '/elsewhere/runner.lua'");
  });
});
