// The store benchmark: whole-entry writes and reads per second on the directory backend (with and
// without fsync) and data-stream appends. Run `node dist/store/bench.js [--dir DIR] [--quick]`.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DirectoryBackend } from './directory.js';
import { Store } from './store.js';

export interface StoreBenchRow {
  case: string;
  ops: number;
  perSecond: number;
}

/** Runs every case in a fresh folder under `dir` (the file system measured), removed afterwards. */
export function runStoreBench(options: { dir?: string; quick?: boolean } = {}): StoreBenchRow[] {
  const base = mkdtempSync(join(options.dir ?? tmpdir(), 'thox-store-bench-'));
  const n = options.quick ? 50 : 500;
  try {
    const rows: StoreBenchRow[] = [];
    for (const fsync of [true, false]) {
      const backend = new DirectoryBackend(join(base, fsync ? 'durable' : 'no-fsync'), { fsync });
      for (const size of [1024, 64 * 1024]) {
        const value = 'x'.repeat(size);
        const label = `${size / 1024} KB${fsync ? '' : ', no fsync'}`;
        rows.push(measure(`put ${label}`, n, (i) => backend.put('data', `e${i % 10}`, value)));
        if (fsync) rows.push(measure(`get ${label}`, n * 10, (i) => backend.get('data', `e${i % 10}`)));
      }
      const stream = new Store(backend).stream('log');
      rows.push(measure(`stream append 100 B (to ${n * 100} B)${fsync ? '' : ', no fsync'}`, n, () => stream.append('y'.repeat(100))));
    }
    return rows;
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
}

function measure(name: string, ops: number, op: (i: number) => unknown): StoreBenchRow {
  op(0); // folders created, caches warm
  const started = performance.now();
  for (let i = 0; i < ops; i++) op(i);
  const seconds = (performance.now() - started) / 1000;
  return { case: name, ops, perSecond: Math.round(ops / seconds) };
}

export function renderStoreBench(rows: StoreBenchRow[]): string {
  const width = Math.max(...rows.map((r) => r.case.length));
  return rows.map((r) => `${r.case.padEnd(width)}  ${String(r.perSecond).padStart(9)} /s  (${r.ops} ops)\n`).join('');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  const at = args.indexOf('--dir');
  const dir = at >= 0 ? args[at + 1] : undefined;
  process.stdout.write(`thox store benchmark (directory backend in ${dir ?? tmpdir()})\n`);
  process.stdout.write(renderStoreBench(runStoreBench({ dir, quick: args.includes('--quick') })));
}
