// Attacks on the `trace` native context (src/contexts/trace.ts) from an ordinary process, on both VMs: a recording
// left running must stay within the `trace` limit, and its bound must not outlive the recording.
import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/testing.js';
import { VM_NAMES } from '../../src/vm/vm.js';

/** Starts a recording, yields `n` times (each yield records events), then stops or not. */
const RECORDER = `
  local n, stop = tonumber((...)), select(2, ...) == 'stop'
  local trace = os.rpc(0).trace
  trace.start()
  for _ = 1, n do os.yield() end
  if stop then
    local text, cut = trace.stop()
    local lines = select(2, text:gsub('\\n', ''))
    print(lines, cut)
  end`;

/** A kernel whose trace is off (as under `thox run` without --trace), with a small `trace` limit. */
async function traceOff(vm: (typeof VM_NAMES)[number], limit: number) {
  const sim = await simulate({ vm, programs: { recorder: RECORDER }, limits: { trace: limit } });
  sim.trace.enabled = false;
  return sim;
}

describe.each(VM_NAMES)('the trace context on %s', (vm) => {
  it('a recording left running keeps at most the trace limit of events', async () => {
    const sim = await traceOff(vm, 500);
    const p = sim.spawn('recorder', ['5000']);
    sim.run({ until: () => p.exit !== null });
    expect(p.exit).toMatchObject({ kind: 'exited', code: 0 });
    expect(sim.trace.events.length).toBe(500);
    expect(sim.trace.enabled).toBe(false);
  });

  it('stop answers the kept events and says where the recording was cut', async () => {
    const sim = await traceOff(vm, 500);
    const p = sim.spawn('recorder', ['5000', 'stop']);
    sim.run({ until: () => p.exit !== null });
    expect(sim.output.stdout).toBe("500\ttoo many trace events: the recording holds 500 (limit 'trace', see thox run --limit)\n");
    expect(sim.trace.events.length).toBe(0);
  });

  it('the next recording gets the whole limit again, and one within it is not cut', async () => {
    const sim = await traceOff(vm, 500);
    const first = sim.spawn('recorder', ['5000', 'stop']);
    sim.run({ until: () => first.exit !== null });
    const second = sim.spawn('recorder', ['10', 'stop']);
    sim.run({ until: () => second.exit !== null });
    expect(sim.output.stdout.split('\n')[1]).toMatch(/^\d+\tnil$/);
  });

  it('the trace program says the recording was cut', async () => {
    const sim = await simulate({ vm, programs: { busy: 'for _ = 1, 2000 do os.yield() end' }, limits: { trace: 100 } });
    sim.trace.enabled = false;
    const p = sim.spawn('sh', ['-c', 'trace start; busy; trace stop /t.txt']);
    sim.run({ until: () => p.exit !== null });
    expect(sim.output.stderr).toBe(
      "trace: too many trace events: the recording holds 100 (limit 'trace', see thox run --limit): the events after it were not kept\n",
    );
  });
});
