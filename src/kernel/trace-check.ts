// Invariants every scheduling trace must satisfy, checked over the recorded events: one task runs at
// a time, nothing happens to a dead process, time never goes back, timers fire on time and in order.
import type { TraceEvent } from './trace.js';

/** Whether `e` ends the slice `open` began (the same task stops running). */
export function endsSlice(open: TraceEvent, e: TraceEvent): boolean {
  if (e.pid !== open.pid || e.computer !== open.computer) return false;
  if (e.kind === 'preempt' || e.kind === 'yield' || e.kind === 'block') return e.tid === open.tid;
  if (e.kind === 'task') return e.tid === open.tid && e.data.op === 'end';
  return (e.kind === 'exit' || e.kind === 'kill') && e.tid === undefined;
}

/** A timer event's `at` is its deadline rounded to 3 decimals: a fire exactly at the deadline may read up to this much earlier. */
const AT_ROUNDING = 0.0005;

/**
 * Returns the violations found, one line each; an empty list means the trace is sound. The events of each computer
 * of a run of several are checked on their own (pids and timer ids are a computer's), their lines named `computer N:`.
 */
export function checkTrace(events: readonly TraceEvent[]): string[] {
  const computers = new Map<number | undefined, TraceEvent[]>();
  for (const e of events) {
    const list = computers.get(e.computer);
    if (list) list.push(e);
    else computers.set(e.computer, [e]);
  }
  if (computers.size <= 1) return checkComputer(events);
  return [...computers].flatMap(([id, list]) => checkComputer(list).map((p) => `computer ${id}: ${p}`));
}

/** The invariants over one computer's events. */
function checkComputer(events: readonly TraceEvent[]): string[] {
  const problems: string[] = [];
  const dead = new Set<number>();
  const deadlines = new Map<number, number>();
  let open: TraceEvent | null = null;
  let lastTime = -Infinity;
  let lastFire: { at: number; id: number } | null = null;
  for (const e of events) {
    const where = `#${e.seq} ${e.kind}`;
    if (e.t < lastTime) problems.push(`${where}: time went back from ${lastTime} to ${e.t}`);
    lastTime = Math.max(lastTime, e.t);
    if (e.pid !== undefined && dead.has(e.pid)) problems.push(`${where}: event for pid ${e.pid} after it ended`);
    if (e.kind === 'run') {
      if (open) problems.push(`${where}: pid ${e.pid} tid ${e.tid} runs while pid ${open.pid} tid ${open.tid} is running`);
      open = e;
    } else if (open && endsSlice(open, e)) {
      open = null;
    }
    if ((e.kind === 'exit' || e.kind === 'kill') && e.tid === undefined && e.pid !== undefined) dead.add(e.pid);
    if (e.kind === 'timer') deadlines.set(Number(e.data.id), Number(e.data.at));
    if (e.kind === 'fire') {
      const id = Number(e.data.id);
      const at = deadlines.get(id);
      if (at === undefined) problems.push(`${where}: timer ${id} fired but was never set`);
      else {
        if (e.t < at - AT_ROUNDING) problems.push(`${where}: timer ${id} fired at ${e.t}, before its deadline ${at}`);
        // equal rounded deadlines may hide different ones (300.0399 and 300.0401 both read 300.04), so creation order
        // is not checked between them: only a deadline that reads earlier than one already fired is out of order
        if (lastFire && at < lastFire.at) {
          problems.push(`${where}: timer ${id} (deadline ${at}) fired after timer ${lastFire.id} (deadline ${lastFire.at})`);
        }
        lastFire = { at, id };
      }
    }
  }
  return problems;
}
