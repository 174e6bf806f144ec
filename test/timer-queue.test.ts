// The timer queue against a sorted-array model under random adds, cancels, process ends and firings
// (fast-check): the same timers fire in the same order, and next/size/find agree at every step.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TimerQueue, type Timer } from '../src/kernel/timers.js';

type Op =
  | { op: 'add'; pid: number; delay: number }
  | { op: 'cancel'; pick: number }
  | { op: 'cancelProcess'; pid: number }
  | { op: 'due'; advance: number }
  | { op: 'cancelMissing' };

/** The model: every live timer in one array kept in firing order by sorting (deadline, then id). */
class Model {
  timers: Timer[] = [];
  add(timer: Timer): void {
    this.timers.push(timer);
    this.timers.sort((a, b) => a.deadline - b.deadline || a.id - b.id);
  }
  cancel(id: number): boolean {
    const before = this.timers.length;
    this.timers = this.timers.filter((t) => t.id !== id);
    return this.timers.length < before;
  }
  cancelProcess(pid: number): void {
    this.timers = this.timers.filter((t) => t.pid !== pid);
  }
  due(now: number): Timer[] {
    const fired = this.timers.filter((t) => t.deadline <= now);
    this.timers = this.timers.filter((t) => t.deadline > now);
    return fired;
  }
}

// Few pids and few distinct delays, so that ties and whole-process cancels are common.
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ op: fc.constant('add' as const), pid: fc.integer({ min: 1, max: 4 }), delay: fc.integer({ min: 0, max: 12 }) }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('cancel' as const), pick: fc.nat(1000) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('cancelProcess' as const), pid: fc.integer({ min: 1, max: 4 }) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('due' as const), advance: fc.integer({ min: 0, max: 6 }) }) },
  { weight: 1, arbitrary: fc.constant({ op: 'cancelMissing' as const }) },
);

describe('timer queue', () => {
  it('agrees with a sorted-array model on every add, cancel, process end and firing', () => {
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 20, maxLength: 200, size: 'max' }), (ops) => {
        const queue = new TimerQueue();
        const model = new Model();
        const ids: number[] = []; // every id ever given, live or not: cancels also hit dead ones
        let now = 0;
        for (const op of ops) {
          if (op.op === 'add') {
            const timer = queue.add(op.pid, 1, now + op.delay, 'event');
            expect(timer.id, 'ids grow with creation').toBe(ids.length + 1);
            ids.push(timer.id);
            model.add(timer);
          } else if (op.op === 'cancel' && ids.length > 0) {
            const id = ids[op.pick % ids.length];
            expect(queue.cancel(id), `cancel ${id}`).toBe(model.cancel(id));
          } else if (op.op === 'cancelProcess') {
            queue.cancelProcess(op.pid);
            model.cancelProcess(op.pid);
          } else if (op.op === 'due') {
            now += op.advance;
            expect(
              queue.due(now).map((t) => t.id),
              `due at ${now}`,
            ).toEqual(model.due(now).map((t) => t.id));
          } else if (op.op === 'cancelMissing') {
            expect(queue.cancel(ids.length + 1)).toBe(false);
          }
          expect(queue.size).toBe(model.timers.length);
          expect(queue.next()).toBe(model.timers[0]?.deadline ?? null);
          const live = new Map(model.timers.map((t) => [t.id, t]));
          expect(
            ids.every((id) => queue.find(id) === live.get(id)),
            'find gives the live timers only',
          ).toBe(true);
          expect(
            ids.every((id) => queue.deadlineOf(id) === (live.get(id)?.deadline ?? null)),
            'deadlineOf',
          ).toBe(true);
        }
        // Draining fires everything left, in firing order.
        expect(queue.due(Infinity).map((t) => t.id)).toEqual(model.due(Infinity).map((t) => t.id));
        expect(queue.size).toBe(0);
        expect(queue.next()).toBeNull();
      }),
      { numRuns: 200 },
    );
  });

  it('fires equal deadlines in creation order, and a cancelled timer never fires', () => {
    const queue = new TimerQueue();
    const a = queue.add(1, 1, 10, 'sleep');
    const b = queue.add(2, 1, 5, 'event');
    const c = queue.add(1, 2, 10, 'timeout');
    const d = queue.add(2, 2, 10, 'call', 7);
    expect(queue.cancel(c.id)).toBe(true);
    expect(queue.cancel(c.id)).toBe(false);
    expect(queue.due(4)).toEqual([]);
    expect(queue.next()).toBe(5);
    expect(queue.due(10)).toEqual([b, a, d]);
    expect(d.cid).toBe(7);
    expect(queue.size).toBe(0);
  });

  it('cancels most of many timers, one by one and by process, leaving the rest to fire in order', () => {
    const queue = new TimerQueue();
    const keep = queue.add(1, 1, 5000, 'sleep');
    const timers: Timer[] = [];
    for (let i = 0; i < 10_000; i++) timers.push(queue.add(2 + (i % 3), 1, (i * 7919) % 10_000, 'event'));
    for (const t of timers.filter((_, i) => i % 2 === 0)) queue.cancel(t.id);
    queue.cancelProcess(3);
    const left = [keep, ...timers.filter((t, i) => i % 2 === 1 && t.pid !== 3)];
    left.sort((a, b) => a.deadline - b.deadline || a.id - b.id);
    expect(queue.size).toBe(left.length);
    expect(queue.due(1e9)).toEqual(left);
    expect(queue.next()).toBeNull();
  });
});
