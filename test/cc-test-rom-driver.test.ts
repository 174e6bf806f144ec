// `npm run conformance -- --cc-test-rom DIR` (src/conformance/cc-test-rom.ts): the driver runs DIR/mcfly.lua over
// DIR/spec through the runner's cct_test hook and counts results per spec file. Here DIR holds a small runner of
// our own that speaks that hook (start with the tests by name, a cct_test_run event per test, submit, finish).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runTestRom, testRomReport } from '../src/conformance/cc-test-rom.js';

const DIR = mkdtempSync(join(tmpdir(), 'thox-cc-test-rom-'));
afterAll(() => rmSync(DIR, { recursive: true, force: true }));

/** A runner: each spec file returns { name = passes }; results go through cct_test, then a summary line. */
const RUNNER = `
local root = shell.resolve(...)
local tests, map, n = {}, {}, 0
for _, name in ipairs(fs.list(root)) do
  local file = fs.combine(root, name)
  for test, passes in pairs(dofile(file)) do
    n = n + 1
    tests[n] = { name = test, passes = passes }
    map[test] = { idx = n, definition = "/" .. file .. ":1" }
  end
end
local passed = 0
cct_test.start(map)
while true do
  local _, name = os.pullEvent("cct_test_run")
  if not name then break end
  local test = tests[map[name].idx]
  if test.passes then passed = passed + 1 end
  cct_test.submit({ status = test.passes and "pass" or "fail", name = name })
end
cct_test.finish({})
print(("Ran %d test(s), of which %d passed."):format(n, passed))
`;

describe('the cc-test-rom driver', () => {
  it('counts each spec file and reads the summary line', () => {
    const rom = join(DIR, 'rom');
    mkdirSync(join(rom, 'spec'), { recursive: true });
    writeFileSync(join(rom, 'mcfly.lua'), RUNNER);
    writeFileSync(join(rom, 'spec', 'a_spec.lua'), 'return { one = true, two = false }');
    writeFileSync(join(rom, 'spec', 'b_spec.lua'), 'return { three = true }');
    const run = runTestRom(rom, join(DIR, 'store'), 'wasmoon');
    expect(run.files).toEqual([
      { file: 'a_spec.lua', pass: 1, fail: 1, error: 0, pending: 0 },
      { file: 'b_spec.lua', pass: 1, fail: 0, error: 0, pending: 0 },
    ]);
    expect(run.summary).toBe('Ran 3 test(s), of which 2 passed.');
    expect(testRomReport(run)).toContain('total: 2 passed, 1 failed, 0 errors, 0 pending');
  });
});
