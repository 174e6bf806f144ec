// The host's clock and random source, handed to the kernel in normal (non-deterministic) runs.
// Only src/host reads the wall clock or Math.random; the kernel sees them through its parameters.
import type { Clock } from '../kernel/clock.js';
import type { Random } from '../kernel/random.js';

export class RealClock implements Clock {
  readonly virtual = false;
  readonly epochMs = Date.now() - performance.now();
  now(): number {
    return performance.now();
  }
  advanceTo(): void {}
}

export const hostRandom: Random = {
  next: () => Math.random(),
  below: (n) => Math.floor(Math.random() * n),
};
