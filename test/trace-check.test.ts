// The trace invariant checker itself: it reports timers fired out of deadline order or before their deadline,
// and does not guess an order between deadlines that read the same once rounded.
import { describe, expect, it } from 'vitest';
import { checkTrace } from '../src/kernel/trace-check.js';
import type { TraceEvent } from '../src/kernel/trace.js';

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
