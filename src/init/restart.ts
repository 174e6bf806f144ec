// The restart policy: whether an exit is restarted, the exponential backoff before the next start (reset
// after a stable run), and the start limit (too many starts in an interval: failed, until reset).
import type { ExitStatus } from '../kernel/process.js';
import type { Backoff, RestartPolicy, StartLimit } from './definitions.js';

/** Whether a service that ended with `status` (while it was wanted up) is started again. */
export function wantsRestart(policy: RestartPolicy, status: ExitStatus): boolean {
  if (policy === 'always') return true;
  return policy === 'on-failure' && status.code !== 0;
}

/** The delays between restarts: initial, ×factor each time, at most cap; back to initial after a stable run. */
export class BackoffDelay {
  private next: number;

  constructor(private readonly backoff: Backoff) {
    this.next = backoff.initial;
  }

  /**
   * The delay (seconds) before the restart after a crash; `stableFor` is how long (seconds) the service was ready
   * before it: a run of `reset` seconds or more starts the series again.
   */
  take(stableFor: number): number {
    if (stableFor >= this.backoff.reset) this.next = this.backoff.initial;
    const delay = this.next;
    this.next = Math.min(this.next * this.backoff.factor, this.backoff.cap);
    return delay;
  }

  reset(): void {
    this.next = this.backoff.initial;
  }
}

/** The starts of a service within the start limit's interval (kernel clock, ms). */
export class StartHistory {
  private starts: number[] = [];

  constructor(private readonly limit: StartLimit) {}

  record(now: number): void {
    this.starts.push(now);
  }

  /** Whether `burst` starts fell within the last `interval`: another would pass the limit. */
  exhausted(now: number): boolean {
    const since = now - this.limit.interval * 1000;
    this.starts = this.starts.filter((t) => t > since);
    return this.starts.length >= this.limit.burst;
  }

  clear(): void {
    this.starts = [];
  }
}
