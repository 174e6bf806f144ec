// The trace invariant checker itself: it reports timers fired out of deadline order or before their deadline,
// and does not guess an order between deadlines that read the same once rounded.
import { describe, expect, it } from 'vitest';
import { checkTrace } from '../src/kernel/trace-check.js';
import { Trace, type TraceEvent } from '../src/kernel/trace.js';

/** Timer `id` set at time 0 with deadline `at`, and its firing at time `t`. */
function timerEvents(fires: Array<{ id: number; at: number; t: number }>): TraceEvent[] {
  const set = fires.map(({ id, at }, i): TraceEvent => ({ seq: i + 1, t: 0, kind: 'timer', pid: 1, data: { id, at } }));
  const fired = fires.map(({ id, t }, i): TraceEvent => ({ seq: fires.length + i + 1, t, kind: 'fire', pid: 1, data: { id } }));
  return [...set, ...fired];
}

describe('the trace checker on timers', () => {
  it('reports a timer fired after one with a later deadline, and one fired before its deadline', () => {
    expect(
      checkTrace(
        timerEvents([
          { id: 1, at: 5, t: 5 },
          { id: 2, at: 3, t: 5 },
        ]),
      ),
    ).toEqual(['#4 fire: timer 2 (deadline 3) fired after timer 1 (deadline 5)']);
    expect(checkTrace(timerEvents([{ id: 1, at: 5, t: 4 }]))).toEqual(['#2 fire: timer 1 fired at 4, before its deadline 5']);
  });

  it('accepts either order between deadlines that read the same once rounded', () => {
    const sameRounded = [
      { id: 12, at: 300.04, t: 300.04 },
      { id: 9, at: 300.04, t: 300.04 },
    ];
    expect(checkTrace(timerEvents(sameRounded))).toEqual([]);
  });
});

describe('the trace of several computers', () => {
  /** One process's life on `computer`: spawned, a slice, exited. */
  function life(trace: Trace, t: number): void {
    trace.record(t, 'spawn', 1, undefined, { name: 'p' });
    trace.record(t, 'run', 1, 1);
    trace.record(t + 1, 'exit', 1, undefined, { code: 0 });
  }

  it("tags each record with its computer, in one sequence, and leaves one computer's records as they were", () => {
    const trace = new Trace(true);
    life(trace.forComputer(0), 0);
    life(trace.forComputer(1), 2);
    expect(trace.events.map((e) => [e.seq, e.computer])).toEqual([
      [1, 0],
      [2, 0],
      [3, 0],
      [4, 1],
      [5, 1],
      [6, 1],
    ]);
    expect(trace.render('text').split('\n')[3]).toBe('t=000002.000 #000004 spawn    computer=1 pid=1 name=p');
    const single = new Trace(true);
    life(single, 0);
    expect(single.render('text').split('\n')[0]).toBe('t=000000.000 #000001 spawn    pid=1 name=p');
    expect(single.render('jsonl')).not.toContain('computer');
  });

  it('checks each computer on its own (the same pids on two are no error) and names the computer of a violation', () => {
    const trace = new Trace(true);
    life(trace.forComputer(0), 0);
    life(trace.forComputer(1), 2);
    expect(checkTrace(trace.events)).toEqual([]);
    trace.forComputer(1).record(5, 'run', 1, 1);
    expect(checkTrace(trace.events)).toEqual(['computer 1: #7 run: event for pid 1 after it ended']);
  });

  it('gives each computer its own Chrome processes', () => {
    const trace = new Trace(true);
    life(trace.forComputer(0), 0);
    life(trace.forComputer(1), 2);
    const chrome: { traceEvents: Array<{ name: string; pid: number; args?: { name?: string } }> } = JSON.parse(trace.render('chrome'));
    const names = chrome.traceEvents.filter((e) => e.name === 'process_name').map((e) => [e.pid, e.args?.name]);
    expect(names).toEqual([
      [1, 'computer 0: p (pid 1)'],
      [1_000_001, 'computer 1: p (pid 1)'],
    ]);
  });
});
