// Attacks on the computer's reboot (src/contexts/computer.ts, src/cli/power.ts) as `thox run` drives it, on both VMs:
// a program rebooting at once in a loop must leave no records behind, let --timeout end the run and let a
// signal stop it (a signal's kill is no reboot), with the host's event loop getting its turns; under --deterministic
// each reboot costs REBOOT_MS of virtual time, so --timeout bounds the boots.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { driveWithReboots, PowerSwitch, REBOOT_MS, restarter } from '../../src/cli/power.js';
import { drive } from '../../src/host/driver.js';
import { STATUS } from '../../src/kernel/contexts.js';
import { simulate } from '../../src/testing.js';
import { VM_NAMES } from '../../src/vm/vm.js';
import { thoxSync } from '../thox-sync.js';

const DIR = mkdtempSync(join(tmpdir(), 'thox-reboot-'));
afterAll(() => rmSync(DIR, { recursive: true, force: true }));

/** Prints, asks for a reboot, and fails at once (a program that reboots on its own error). */
const REBOOTER = "print('boot') os.rpc(0).computer.reboot() error('boom')";

/** A simulated computer whose `computer.reboot` asks `power`, with the restart `thox run` makes. */
async function computer(vm: (typeof VM_NAMES)[number]) {
  const sim = await simulate({ vm, programs: { rebooter: REBOOTER } });
  const power = new PowerSwitch();
  const calls = sim.kernel.interactions;
  calls.registerNative('computer', {
    reboot: (_k, _caller, _args, reply) => {
      power.reboot();
      reply(STATUS.OK, [true]);
    },
  });
  const request = { name: 'rebooter', args: [] };
  return { sim, power, restart: restarter(sim.kernel, request, power), first: sim.kernel.spawn(request) };
}

describe.each(VM_NAMES)('reboots on %s', (vm) => {
  it('a reboot loop leaves no process records behind', async () => {
    const { sim, restart, first } = await computer(vm);
    let p = first;
    for (let i = 0; i < 50; i++) {
      sim.run({ until: () => p.exit !== null });
      const fresh = restart();
      if (!fresh) throw new Error(`no reboot asked at boot ${i}`);
      p = fresh;
    }
    expect(sim.output.stdout).toBe('boot\n'.repeat(50));
    expect(sim.kernel.processes.size).toBe(1);
  });

  it('each reboot, and only a reboot, costs REBOOT_MS of virtual time', async () => {
    const { sim, restart, first } = await computer(vm);
    sim.run({ until: () => first.exit !== null });
    const ran = sim.kernel.now(); // the first boot: its instructions only
    expect(ran).toBeLessThan(REBOOT_MS);
    const second = restart();
    expect(sim.kernel.now()).toBe(ran + REBOOT_MS);
    sim.run({ until: () => second?.exit !== null });
    const plain = sim.kernel.now();
    const other = sim.kernel.spawn({ name: 'rebooter', args: [] }); // a spawn that is no reboot
    expect(sim.kernel.now()).toBe(plain);
    sim.run({ until: () => other.exit !== null });
  });

  it('a run whose time is spent before a boot times out, even if that boot would end at once', async () => {
    const { sim, first } = await computer(vm);
    expect(await drive(sim.kernel, first.pid, { timeoutMs: 0 })).toEqual({ kind: 'timeout' });
    expect(first.exit).toBeNull();
  });

  it('a signal stops a reboot loop: the host gets a turn between reboots, and a stopped run is not rebooted', async () => {
    const { sim, restart, first } = await computer(vm);
    const stop = new AbortController();
    setImmediate(() => stop.abort());
    let boots = 0;
    const result = await driveWithReboots(
      () => {
        boots++;
        return boots <= 1000 ? restart() : null;
      },
      first,
      async (p) => {
        sim.run({ until: () => p.exit !== null });
        return { kind: 'exited', process: p };
      },
      stop.signal,
    );
    expect(result.kind).toBe('exited');
    expect(boots).toBeLessThan(5);
  });

  it('under thox run --deterministic, --timeout ends a reboot loop after a bounded number of boots', () => {
    const file = join(DIR, `loop-${vm}.lua`);
    writeFileSync(file, REBOOTER);
    const r = thoxSync(join(DIR, vm), ['run', '--vm', vm, '--deterministic', '--timeout', '1', file]);
    expect(r.status).toBe(124);
    const boots = r.stdout.split('\n').filter((line) => line === 'boot').length;
    expect(boots).toBeGreaterThan(1000 / REBOOT_MS / 2); // it rebooted: each boot's own instructions cost little
    expect(boots).toBeLessThanOrEqual(1000 / REBOOT_MS + 1);
  });
});
