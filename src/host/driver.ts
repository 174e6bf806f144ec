// Drives a kernel on the host in bursts of slices, giving the host's event loop a turn between them
// (output, Ctrl-C, input). Idle time is slept on the host (real clock) or skipped (virtual clock); input steps
// are taken when idle. Output applies back-pressure: no slice runs while a slow reader leaves too much of it pending on the host.
import type { Writable } from 'node:stream';
import type { Kernel } from '../kernel/kernel.js';
import type { Process } from '../kernel/process.js';
import type { HostInput } from './input.js';
import type { InputSource } from './input-feed.js';

export type DriveResult = { kind: 'exited'; process: Process } | { kind: 'deadlock'; blocked: string[] } | { kind: 'timeout' };

export interface DriveOptions {
  /** Kernel milliseconds after which the run stops with `timeout`. */
  timeoutMs?: number;
  /** The host streams the kernel's output is written to, watched for back-pressure. */
  outputs?: readonly Writable[];
  /** Ends a wait for output to drain (the run is being stopped: its processes are killed). */
  stop?: AbortSignal;
  /** The host's standard input, read when a process waits for its stdin. */
  stdin?: HostInput;
  /** Input events (a script, the host terminal): stepped when the system is idle; live input wakes it. */
  input?: InputSource;
}

/** How long one burst of slices may hold the host's event loop, in milliseconds of host time. */
const BURST_MS = 20;
/** Bytes of output a stream may have pending (written, not yet taken by its reader) before slices pause. */
export const MAX_PENDING_OUTPUT = 1024 * 1024;

/** Runs until `pid` exits, nothing can run (deadlock), or `timeoutMs` of kernel time passes. */
export async function drive(kernel: Kernel, pid: number, options: DriveOptions = {}): Promise<DriveResult> {
  const proc = kernel.processes.get(pid);
  if (!proc) throw new Error(`no process ${pid}`);
  const outputs = options.outputs ?? [];
  const deadline = options.timeoutMs === undefined ? Infinity : kernel.now() + options.timeoutMs;
  for (;;) {
    if (kernel.now() >= deadline) return { kind: 'timeout' }; // a run's time may be spent before it (reboots)
    await drained(outputs, options.stop, kernel.clock.virtual ? Infinity : deadline - kernel.now());
    options.stdin?.regulate();
    const burstEnd = performance.now() + BURST_MS;
    let r = kernel.step();
    while (r.kind === 'ran' && !proc.exit && kernel.now() < deadline && performance.now() < burstEnd && !congested(outputs)) r = kernel.step();
    if (proc.exit || r.kind === 'done') return { kind: 'exited', process: proc };
    if (kernel.now() >= deadline) return { kind: 'timeout' };
    if (r.kind === 'input') {
      if (!options.stdin) return { kind: 'deadlock', blocked: ['a process waits for input the host does not give'] };
      await options.stdin.more(options.stop, kernel.clock.virtual ? Infinity : deadline - kernel.now());
      continue;
    }
    const input = options.input;
    const inputAt = input?.nextAt();
    if (r.kind === 'idle' || r.kind === 'deadlock') {
      if (input && inputAt !== undefined && inputAt <= kernel.now()) {
        input.step(kernel.now());
        continue;
      }
    }
    if (r.kind === 'deadlock' && inputAt === undefined) return { kind: 'deadlock', blocked: r.blocked };
    if (r.kind === 'idle' || r.kind === 'deadlock') {
      const until = Math.min(r.kind === 'idle' ? r.until : Infinity, inputAt ?? Infinity, deadline);
      if (kernel.clock.virtual && until !== Infinity) kernel.clock.advanceTo(until);
      else if (until > kernel.now()) {
        await awake(until - kernel.now(), input, options.stop);
        continue;
      }
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** Sleeps `ms` of host time (forever when Infinity), or until input arrives or the run is stopped. */
export function awake(ms: number, input: InputSource | undefined, stop: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const timer = Number.isFinite(ms) ? setTimeout(done, ms) : undefined;
    function done(): void {
      clearTimeout(timer);
      stop?.removeEventListener('abort', done);
      resolve();
    }
    void input?.arrival().then(done);
    stop?.addEventListener('abort', done);
  });
}

function congested(outputs: readonly Writable[]): boolean {
  return outputs.some((s) => s.writableLength > MAX_PENDING_OUTPUT);
}

/**
 * Waits until no output stream is over its bound (it drained, closed or failed), `stop` is aborted, or
 * `limitMs` of host time passed (a real-clock --timeout runs on while the reader is paused).
 */
async function drained(outputs: readonly Writable[], stop: AbortSignal | undefined, limitMs: number): Promise<void> {
  const stream = outputs.find((s) => s.writableLength > MAX_PENDING_OUTPUT);
  if (stream && !stop?.aborted) await settled(stream, stop, limitMs);
}

/** Resolves on the stream's drain, close or error, on `stop`, or after `limitMs` (if finite). */
function settled(stream: Writable, stop: AbortSignal | undefined, limitMs: number): Promise<void> {
  const events = ['drain', 'close', 'error'];
  return new Promise((resolve) => {
    const timer = Number.isFinite(limitMs) ? setTimeout(done, Math.max(0, limitMs)) : undefined;
    function done(): void {
      clearTimeout(timer);
      for (const event of events) stream.off(event, done);
      stop?.removeEventListener('abort', done);
      resolve();
    }
    for (const event of events) stream.once(event, done);
    stop?.addEventListener('abort', done);
  });
}
