// Runs `thox run` inside a worker thread with a V8 heap limit, for engines that cannot limit a
// process's memory themselves (fengari): a memory bomb then stops the worker, never the host.
import { Worker } from 'node:worker_threads';
import { EXIT, STOP_SIGNALS } from './errors.js';
import type { RunOptions } from './run.js';
import { serveTty } from './contained-tty.js';

/** The worker's heap: four times the per-process limit, within 128 MB .. 2 GB. */
export function workerHeapMb(memoryLimit: number): number {
  const mb = memoryLimit === 0 ? 2048 : Math.ceil((memoryLimit * 4) / 2 ** 20);
  return Math.min(2048, Math.max(128, mb));
}

export interface ContainedOutcome {
  code: number;
  /** Set when the worker was stopped for exceeding its heap. */
  outOfMemory?: boolean;
}

export function runContained(spec: string, args: string[], opts: RunOptions): Promise<ContainedOutcome> {
  const heapMb = workerHeapMb(opts.memoryLimit);
  const worker = new Worker(new URL('./contained-worker.js', import.meta.url), {
    workerData: { spec, args, opts },
    resourceLimits: { maxOldGenerationSizeMb: heapMb, maxYoungGenerationSizeMb: Math.min(64, heapMb / 4) },
    stdout: false,
    stderr: false,
  });
  const forwards = STOP_SIGNALS.map(({ name }) => {
    const forward = (): void => worker.postMessage(name);
    process.on(name, forward);
    return () => process.off(name, forward);
  });
  // the worker's stdout is no terminal: it is told the host terminal's new size (see contained-worker.ts)
  const resized = (): void => worker.postMessage({ columns: process.stdout.columns, rows: process.stdout.rows });
  process.stdout.on('resize', resized);
  // the host terminal's keys: read here in raw mode when the worker asks, decoded there
  const endTty = opts.host?.tty ? serveTty(worker, process.stdin) : () => {};
  return new Promise((resolve) => {
    let code: number | null = null;
    worker.on('message', (m: unknown) => {
      if (typeof m === 'object' && m !== null && 'exitCode' in m && typeof m.exitCode === 'number') code = m.exitCode;
    });
    worker.on('error', (e: Error & { code?: string }) => {
      if (e.code === 'ERR_WORKER_OUT_OF_MEMORY') resolve({ code: EXIT.killed, outOfMemory: true });
      else resolve({ code: EXIT.internal });
    });
    worker.on('exit', (exitCode) => {
      for (const off of forwards) off();
      process.stdout.off('resize', resized);
      endTty();
      // no reported status: the worker exited on a signal before its run began (exitCode), or it failed
      resolve({ code: code ?? (exitCode === 0 ? EXIT.internal : exitCode) });
    });
  });
}
