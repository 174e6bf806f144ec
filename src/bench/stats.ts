// Small statistics for the benchmarks: median, percentile, geometric mean, spread, and a CPU + wall-clock timer.
// Pure functions over arrays of numbers; nothing here knows about Lua or the kernel.

/** The median of a non-empty list (the mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** The `p`th percentile (0 to 100) of a non-empty list, by nearest rank. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

/** The geometric mean of positive values (NaN when there are none or one is not positive). */
export function geomean(values: readonly number[]): number {
  if (values.length === 0 || values.some((v) => !(v > 0))) return NaN;
  return Math.exp(values.reduce((acc, v) => acc + Math.log(v), 0) / values.length);
}

/** (max - min) / median: how far apart the runs were, as a fraction of the median. */
export function spread(values: readonly number[]): number {
  if (values.length < 2) return 0;
  return (Math.max(...values) - Math.min(...values)) / median(values);
}

/** Runs `body`; returns its result, the CPU milliseconds of this process (user + system, all threads) and the wall ms. */
export function timed<R>(body: () => R): { cpuMs: number; wallMs: number; result: R } {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const result = body();
  const wallMs = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { cpuMs: (c.user + c.system) / 1000, wallMs, result };
}
