// npm run conformance end to end: the built thox runs every craftos conformance spec (test/craftos-conformance)
// under --runtime craftos --headless --deterministic --term-size 80x100 --mount-ro, and every spec passes.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { passed, report, runConformance, SPEC_DIR } from '../src/conformance/conformance.js';
import { VM_NAMES } from '../src/vm/vm.js';

const DIR = mkdtempSync(join(tmpdir(), 'thox-conformance-test-'));
afterAll(() => rmSync(DIR, { recursive: true, force: true }));

describe('npm run conformance', () => {
  it.each(VM_NAMES)('runs every API folder of the specs, and every spec passes (%s)', (vm) => {
    const run = runConformance(SPEC_DIR, join(DIR, `store-${vm}`), vm);
    expect(run.failures).toEqual([]);
    expect(run.other).toEqual([]);
    expect(run.apis.map((a) => a.api)).toEqual(expect.arrayContaining(['cc.expect', 'fs', 'os', 'term', 'textutils', 'window']));
    for (const api of run.apis) expect(api.passed, api.api).toBeGreaterThan(0);
    expect(passed(run)).toBe(true);
    expect(report(run)).toMatch(/^\d+ passed, 0 failed\n$/m);
  });

  it('counts a failing assertion and a spec file that does not load, with the lines that say why', () => {
    const specs = join(DIR, 'specs');
    mkdirSync(join(specs, 'demo'), { recursive: true });
    for (const file of ['harness.lua', 'run.lua']) writeFileSync(join(specs, file), readSpec(file));
    writeFileSync(join(specs, 'demo', 'a.lua'), 'it("ok", function() expect(1).toBe(1) end)\nit("bad", function() expect(1).toBe(2) end)\n');
    writeFileSync(join(specs, 'demo', 'b.lua'), 'this is not lua');
    const run = runConformance(specs, join(DIR, 'store-b'));
    expect(run.apis).toEqual([{ api: 'demo', passed: 1, failed: 2 }]);
    expect(run.failures[0]).toBe('demo/a.lua: bad: /test-rom/demo/a.lua:2: expected to be 2, got 1');
    expect(run.failures[1]).toMatch(/^demo\/b\.lua: loading the file: /);
    expect(passed(run)).toBe(false);
    expect(report(run)).toMatch(/\n1 passed, 2 failed\n$/);
  });
});

function readSpec(file: string): string {
  return readFileSync(join(SPEC_DIR, file), 'utf8');
}
