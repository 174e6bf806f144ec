// The `computer` context's shutdown (src/contexts/computer.ts) on both VMs and under `thox run --exit-on-shutdown`:
// any program (not only craftos's) turns the computer off with it; the host, not the environment, gives the code its meaning.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PowerSwitch } from '../src/cli/power.js';
import { simulate } from '../src/testing.js';
import { VM_NAMES } from '../src/vm/vm.js';
import { thoxSync } from './thox-sync.js';

const DIR = mkdtempSync(join(tmpdir(), 'thox-power-'));
afterAll(() => rmSync(DIR, { recursive: true, force: true }));

/** Prints, turns the computer off with code 7, and would print again. */
const OFF = "print('on') os.rpc(0).computer.shutdown(7) print('still on')";

/** Runs `source` on a computer whose host gives a shutdown's code the meaning `status`; the process's exit status. */
async function powerOff(vm: (typeof VM_NAMES)[number], source: string, status?: (code: number) => number) {
  const sim = await simulate({ vm, programs: { main: source }, computer: { id: 0, label: null, shutdown: status } });
  const p = sim.kernel.spawn({ name: 'main', args: [] });
  sim.run({ until: () => p.exit !== null });
  return { exit: p.exit, stdout: sim.output.stdout };
}

describe.each(VM_NAMES)('computer.shutdown on %s', (vm) => {
  it("ends the caller's process at once, with the status the host gives the code (its low 8 bits)", async () => {
    expect(await powerOff(vm, OFF, (code) => code)).toEqual({ exit: { code: 7, kind: 'exited' }, stdout: 'on\n' });
    expect((await powerOff(vm, 'os.rpc(0).computer.shutdown(261)', (code) => code)).exit).toEqual({ code: 5, kind: 'exited' });
    expect((await powerOff(vm, OFF, () => 0)).exit).toEqual({ code: 0, kind: 'exited' });
  });

  it('with no host to ask, the process ends with 0; a code that is no integer is a bad argument', async () => {
    expect(await powerOff(vm, OFF)).toEqual({ exit: { code: 0, kind: 'exited' }, stdout: 'on\n' });
    const bad = await powerOff(vm, "print(pcall(os.rpc(0).computer.shutdown, 'x'))", (code) => code);
    expect(bad.stdout).toMatch(/^false\t.*bad argument #1 to 'computer\.shutdown' \(integer expected, got string\)\n$/);
    expect(bad.exit).toEqual({ code: 0, kind: 'exited' });
  });
});

describe("thox run's power switch", () => {
  it('gives a shutdown its code only with --exit-on-shutdown, and drops a reboot asked before it', () => {
    const flagged = new PowerSwitch(true);
    flagged.reboot();
    expect(flagged.shutdown(9)).toBe(9);
    expect(flagged.take()).toBe(false);
    expect(new PowerSwitch().shutdown(9)).toBe(0);
  });
});

describe('thox run --exit-on-shutdown', () => {
  it("a plain Lua program's shutdown code is the run's status only with the flag", () => {
    const file = join(DIR, 'off.lua');
    writeFileSync(file, OFF);
    const coded = thoxSync(join(DIR, 'a'), ['run', '--headless', '--exit-on-shutdown', file]);
    expect([coded.stdout, coded.status]).toEqual(['on\n', 7]);
    const plain = thoxSync(join(DIR, 'a'), ['run', '--headless', file]);
    expect([plain.stdout, plain.status]).toEqual(['on\n', 0]);
  });

  it("leaves the program's environment (os.getenv) as --env makes it", () => {
    const file = join(DIR, 'env.lua');
    writeFileSync(file, "print(os.getenv('THOX_EXIT_ON_SHUTDOWN'), os.getenv('GIVEN'))");
    const r = thoxSync(join(DIR, 'b'), ['run', '--headless', '--exit-on-shutdown', '--env', 'GIVEN=yes', file]);
    expect([r.stdout, r.status]).toEqual(['nil\tyes\n', 0]);
  });
});
