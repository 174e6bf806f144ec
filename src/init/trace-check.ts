// Invariants of init's part of a scheduling trace (its `service` lines), beside the kernel's own: a service
// starts only once what it requires is ready and what it comes after has settled, and stops only once what
// requires it, and what comes after it and goes down too, have no process left.
import type { TraceEvent } from '../kernel/trace.js';
import type { ServiceDefinition } from './definitions.js';

interface Seen {
  state: string;
  /** Whether it has a process (starting, stopping, or ready with a pid). */
  live: boolean;
  target: string;
}

/** Returns the violations found, one line each; empty when init kept the order. */
export function checkServiceTrace(events: readonly TraceEvent[], services: ReadonlyMap<string, ServiceDefinition>): string[] {
  const problems: string[] = [];
  const seen = new Map<string, Seen>();
  const get = (name: string): Seen => seen.get(name) ?? { state: 'inactive', live: false, target: 'down' };
  const dependents = (name: string) => [...services.values()].filter((d) => d.requires.includes(name) || d.after.includes(name));
  for (const e of events) {
    if (e.kind !== 'service') continue;
    const name = String(e.data.name);
    const was = get(name);
    if (e.data.target !== undefined) {
      seen.set(name, { ...was, target: String(e.data.target) });
      continue;
    }
    if (e.data.state === undefined) continue;
    const state = String(e.data.state);
    const live = state === 'starting' || state === 'stopping' || (state === 'ready' && e.data.service_pid !== undefined);
    const def = services.get(name);
    const where = `#${e.seq} ${name} ${state}`;
    if (def && live && !was.live) {
      for (const r of def.requires) if (get(r).state !== 'ready') problems.push(`${where}: started while '${r}' (required) is ${get(r).state}`);
      for (const a of def.after) {
        const d = get(a);
        if (d.target === 'up' && !['ready', 'failed', 'exited'].includes(d.state)) problems.push(`${where}: started while '${a}' (after) is ${d.state}`);
      }
    }
    if (def && state === 'stopping') {
      for (const d of dependents(name)) {
        const running = get(d.name);
        // what requires it never runs without it; what only comes after it waits only when it goes down too
        if (running.live && (d.requires.includes(name) || running.target === 'down')) {
          problems.push(`${where}: stopping while '${d.name}', ordered after it, runs`);
        }
      }
    }
    seen.set(name, { ...was, state, live });
  }
  return problems;
}
