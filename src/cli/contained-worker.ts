// The worker side of a contained run: runs `thox run` as usual and reports its exit status.
// Output goes through the worker's stdout/stderr, which Node forwards to the host's.
import { parentPort, workerData } from 'node:worker_threads';
import { runCommand, type RunOptions } from './run.js';

const { spec, args, opts } = workerData as { spec: string; args: string[]; opts: RunOptions };
parentPort?.on('message', (m) => { if (m === 'interrupt') process.emit('SIGINT'); });
let exitCode: number;
try {
  exitCode = await runCommand(spec, args, { ...opts, contained: true });
} catch (e) {
  process.stderr.write(`thox: internal error: ${e instanceof Error ? (opts.debug ? e.stack : e.message) : String(e)}\n`);
  exitCode = 70;
}
parentPort?.postMessage({ exitCode });
parentPort?.close();
