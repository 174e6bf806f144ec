// `thox boot` measured from outside, as a user meets it: the time from starting the command to the control socket
// answering and to every factory service ready, and the round trip of `thox svc list` (one `list` request) over the socket.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Method } from '../cli/control-protocol.js';
import { request } from '../cli/svc.js';
import { percentile } from './stats.js';
import type { Table } from './table.js';

const CLI = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'thox.js');
/** How often the socket is asked while waiting (ms). */
const POLL_MS = 2;

export interface BootResult {
  tables: Table[];
}

interface ServiceRow {
  state: string;
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Asks until `method` answers; resolves with its result. */
async function answered(store: string, method: Method): Promise<unknown> {
  for (;;) {
    try {
      return await request(store, method, {});
    } catch {
      await pause(POLL_MS);
    }
  }
}

/** Boots a fresh store, measures, and shuts it down with SIGTERM (waiting for the clean exit). */
export async function runBootServices(roundTrips: number, log: (line: string) => void): Promise<BootResult> {
  const store = mkdtempSync(join(tmpdir(), 'thox-bench-boot-'));
  try {
    log('  thox boot to all factory services ready');
    const t0 = performance.now();
    const boot = spawn(process.execPath, [CLI, 'boot', '--store', store], { stdio: 'ignore' });
    const ended = new Promise((r) => boot.on('exit', r));
    await answered(store, 'system');
    const socketMs = performance.now() - t0;
    let services: ServiceRow[] = [];
    while (services.length === 0 || services.some((s) => s.state !== 'ready')) services = (await answered(store, 'list')) as ServiceRow[];
    const readyMs = performance.now() - t0;
    log(`  ${roundTrips} svc list round trips`);
    const trips: number[] = [];
    for (let i = 0; i < roundTrips; i++) {
      const t = performance.now();
      await request(store, 'list', {});
      trips.push(performance.now() - t);
    }
    boot.kill('SIGTERM');
    await ended;
    return {
      tables: [
        {
          title: 'thox boot and the control socket',
          columns: ['measure', 'host time'],
          rows: [
            ['thox boot: start of the command to the socket answering', `${socketMs.toFixed(0)} ms`],
            [`thox boot: start of the command to all ${services.length} factory services ready`, `${readyMs.toFixed(0)} ms`],
            ['svc list round trip (connect, request, answer), median', `${percentile(trips, 50).toFixed(2)} ms`],
            ['svc list round trip, 99th percentile', `${percentile(trips, 99).toFixed(2)} ms`],
          ],
          notes: [
            'the demo services sleep 1.3 s on their critical path (setup 0.3, db 0.5, api 0.4, web 0.1 s): the rest is boot',
            `socket polled every ${POLL_MS} ms; ${roundTrips} round trips, one connection each, as thox svc makes them`,
          ],
        },
      ],
    };
  } finally {
    rmSync(store, { recursive: true, force: true });
  }
}
