// A service's observed state (what init sees) and desired target (what commands ask for); init reconciles
// the one toward the other. Each state, written once, with its one-line rendering for people and the trace.

export type Target = 'up' | 'down';

export type ServiceState =
  | { kind: 'inactive' }
  /** Waiting for a dependency to be ready (oneshots: to succeed). */
  | { kind: 'blocked'; on: string }
  | { kind: 'starting'; pid: number }
  | { kind: 'ready'; pid: number | null }
  | { kind: 'stopping'; pid: number }
  /** Ended and not restarted (restart 'no', or 'on-failure' after a clean exit). */
  | { kind: 'exited'; code: number }
  /** Restarting at `until` (kernel clock, ms). */
  | { kind: 'backoff'; until: number }
  | { kind: 'failed'; reason: string };

export type StateKind = ServiceState['kind'];

export const INACTIVE: ServiceState = { kind: 'inactive' };

/** `backoff(until 1500 ms)`, `exited(3)`, `failed(start-limit-hit)`, `blocked(db)`, `ready`. */
export function describeState(s: ServiceState): string {
  switch (s.kind) {
    case 'blocked':
      return `blocked(${s.on})`;
    case 'exited':
      return `exited(${s.code})`;
    case 'backoff':
      return `backoff(until ${Number(s.until.toFixed(3))} ms)`;
    case 'failed':
      return `failed(${s.reason})`;
    default:
      return s.kind;
  }
}

/** The pid a state has a live process for, or null. */
export function statePid(s: ServiceState): number | null {
  return s.kind === 'starting' || s.kind === 'stopping' || s.kind === 'ready' ? s.pid : null;
}

/** The trace fields of a state: `state=backoff until=1500`. */
export function traceFields(s: ServiceState): Record<string, string | number> {
  switch (s.kind) {
    case 'blocked':
      return { state: s.kind, on: s.on };
    case 'starting':
    case 'stopping':
      return { state: s.kind, service_pid: s.pid };
    case 'ready':
      return s.pid === null ? { state: s.kind } : { state: s.kind, service_pid: s.pid };
    case 'exited':
      return { state: s.kind, code: s.code };
    case 'backoff':
      return { state: s.kind, until: s.until };
    case 'failed':
      return { state: s.kind, reason: s.reason };
    default:
      return { state: s.kind };
  }
}
