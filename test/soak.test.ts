// The soak run's checking code (src/bench/soak.ts): its --quick counts pass on both VMs, and its checks
// report each kind of failure (something held after the run, heap growth, a lost call, work not done).
import { describe, expect, it } from 'vitest';
import { HEAP_TOLERANCE, QUICK, runSoak, soakFailures, type Holdings, type PhaseFigures, type SoakResult } from '../src/bench/soak.js';
import { loadVm } from '../src/vm/load.js';
import { VM_NAMES } from '../src/vm/vm.js';

describe.each(VM_NAMES)('soak --quick on %s', (name) => {
  it('does all its work, answers every call and leaves nothing behind', async () => {
    const r = runSoak(await loadVm(name), QUICK);
    expect(r.failures).toEqual([]);
    expect(r.unanswered).toBe(0);
    expect(r.after.holdings).toEqual(r.before.holdings);
    expect(r.after.holdings).toMatchObject({ processes: 0, tasks: 0, callsInFlight: 0, timers: 0, queuedEvents: 0 });
    const crash = r.phases.find((p) => p.key === 'crashCalls')!.report;
    expect(crash.restarts).toBeGreaterThan(0);
    expect(crash.ok + crash.callee_died + crash.no_such_call).toBe(QUICK.crashCalls);
  }, 600_000); // a few seconds alone; many times that on a machine busy with other work
});

describe('soak checks', () => {
  const held: Holdings = { luaStates: 1, hostFunctions: 49, processes: 0, tasks: 0, contexts: 1, callsInFlight: 0, timers: 0, queuedEvents: 0 };
  const calls = (n: number): Record<string, number> => ({ sent: n, ok: n, no_such_call: 0, callee_died: 0, timeout: 0, other: 0 });
  const phases = (crash: Record<string, number>): PhaseFigures[] => [
    { key: 'processes', phase: '', count: QUICK.processes, cpuMs: 1, wallMs: 1, report: { reaped: QUICK.processes } },
    { key: 'rpc', phase: '', count: QUICK.rpc, cpuMs: 1, wallMs: 1, report: calls(QUICK.rpc) },
    { key: 'native', phase: '', count: QUICK.native, cpuMs: 1, wallMs: 1, report: calls(QUICK.native) },
    { key: 'tasks', phase: '', count: QUICK.tasks, cpuMs: 1, wallMs: 1, report: { joined: QUICK.tasks / 4, failed: QUICK.tasks / 4 } },
    { key: 'crashCalls', phase: '', count: QUICK.crashCalls, cpuMs: 1, wallMs: 1, report: crash },
  ];
  const crashed = { ...calls(QUICK.crashCalls), ok: QUICK.crashCalls - 10, callee_died: 10, restarts: 1 };
  const state = (h: Partial<Holdings> = {}, heapUsed = 1e6): SoakResult['before'] => ({ holdings: { ...held, ...h }, heapUsed });

  it('passes figures where everything is back and answered', () => {
    expect(soakFailures(QUICK, phases(crashed), state(), state({}, 1e6 + HEAP_TOLERANCE))).toEqual([]);
  });

  it('reports each holding that differs, and heap growth over the tolerance', () => {
    expect(soakFailures(QUICK, phases(crashed), state(), state({ luaStates: 2, timers: 3 }, 2e6 + HEAP_TOLERANCE))).toEqual([
      'luaStates: 1 before, 2 after',
      'timers: 0 before, 3 after',
      `host heap grew by ${1e6 + HEAP_TOLERANCE} bytes (tolerance ${HEAP_TOLERANCE})`,
    ]);
  });

  it('reports calls never answered or answered only by their timeout, and a service that never crashed', () => {
    const lost = { ...crashed, ok: crashed.ok - 5, timeout: 2 };
    expect(soakFailures(QUICK, phases(lost), state(), state())).toEqual(['5 calls without an answer (or answered only by their timeout)']);
    expect(soakFailures(QUICK, phases(calls(QUICK.crashCalls)), state(), state())).toEqual(['the service never crashed with calls pending']);
  });
});
