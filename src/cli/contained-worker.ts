// The worker side of a contained run: runs `thox run` as usual and reports its exit status.
// Output goes through the worker's stdout/stderr, which Node forwards to the host's.
import { parentPort, workerData } from 'node:worker_threads';
import { fail, report, STOP_SIGNALS } from './errors.js';
import { runCommand, type RunOptions } from './run.js';

const { spec, args, opts } = workerData as { spec: string; args: string[]; opts: RunOptions };
// Signals reach only the host's main thread: it passes on the ones that stop a run (see contained.ts).
// One that comes before the run listens (still starting) ends the worker at once, as it would a process.
parentPort?.on('message', (m: unknown) => {
  if (isSize(m)) {
    // the host terminal was resized: this stdout takes its size and says so, as a terminal's does
    Object.assign(process.stdout, m);
    process.stdout.emit('resize');
    return;
  }
  const stop = STOP_SIGNALS.find((s) => s.name === m);
  if (stop && process.listenerCount(stop.name) > 0) process.emit(stop.name);
  else if (stop) process.exit(fail(stop.message, stop.status));
});
let exitCode: number;
try {
  exitCode = await runCommand(spec, args, { ...opts, contained: true });
} catch (e) {
  exitCode = report(e, opts.debug);
}
parentPort?.postMessage({ exitCode });
parentPort?.close();

function isSize(m: unknown): m is { columns: number; rows: number } {
  return typeof m === 'object' && m !== null && 'columns' in m && 'rows' in m;
}
