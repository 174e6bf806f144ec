// The file system benchmark: read and write throughput of the fs device (its TypeScript API, and a Lua program
// through the fs context) against the host file system's own calls on the same disk, as ratios measured in one run.
import { closeSync, fsyncSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fsCalls } from '../contexts/fs.js';
import { systemFileSystem } from '../devices/fs-setup.js';
import type { FileSystem } from '../devices/filesystem.js';
import type { Vm } from '../vm/vm.js';
import { bootKernel } from './boot.js';
import { num, ratio, type Table } from './table.js';

const MiB = 1024 * 1024;
/** Each file is 1 MiB, written and read in chunks of this many bytes. */
const CHUNK = 64 * 1024;
const CHUNKS = MiB / CHUNK;

/** Writes `files` files through a program using `require 'fs'`, then reads them back; prints both times in ms. */
const LUA = `
local fs = require 'fs'
local files, chunks, size, what = ...
files, chunks, size = tonumber(files), tonumber(chunks), tonumber(size)
local chunk = string.rep('x', size)
for i = 1, files do
  if what == 'write' then
    local f = fs.open('lua' .. i, 'w')
    for _ = 1, chunks do f:write(chunk) end
    f:close()
  else
    local f = fs.open('lua' .. i, 'r')
    while f:read(size) do end
    f:close()
  end
end`;

interface Row {
  name: string;
  writeMs: number;
  readMs: number;
}

export interface FsBenchResult {
  tables: Table[];
}

export function runFs(options: { vm: Vm; megabytes: number; reps: number }, log: (line: string) => void): FsBenchResult {
  const dir = mkdtempSync(join(tmpdir(), 'thox-bench-fs-'));
  const chunk = 'x'.repeat(CHUNK);
  const file = chunk.repeat(CHUNKS);
  const n = options.megabytes;
  try {
    const best = (name: string, write: () => void, read: () => void): Row => {
      log(`  ${name}`);
      let writeMs = Infinity;
      let readMs = Infinity;
      for (let r = 0; r < options.reps; r++) {
        writeMs = Math.min(writeMs, timed(write));
        readMs = Math.min(readMs, timed(read));
      }
      return { name, writeMs, readMs };
    };
    const rows: Row[] = [];
    for (const fsync of [false, true]) {
      const host = join(dir, `host-${fsync}`);
      const fs = systemFileSystem({ storeDir: join(dir, `store-${fsync}`), computerId: 0, capacity: 1024 * MiB, fsync });
      rows.push(
        best(
          `host: writeFileSync${fsync ? ' + fsync' : ''} / readFileSync, strings`,
          () => {
            for (let i = 0; i < n; i++) hostWrite(`${host}-${i}`, file, fsync);
          },
          () => {
            for (let i = 0; i < n; i++) readFileSync(`${host}-${i}`, 'latin1');
          },
        ),
      );
      rows.push(
        best(
          `fs device, TypeScript API${fsync ? ', fsync' : ''}`,
          () => deviceWrite(fs, n, chunk),
          () => deviceRead(fs, n),
        ),
      );
      rows.push(
        best(
          `fs device, Lua through the fs context${fsync ? ', fsync' : ''}`,
          () => luaRun(options.vm, fs, n, 'write'),
          () => luaRun(options.vm, fs, n, 'read'),
        ),
      );
    }
    const table = (fsync: boolean): Table => {
      const mine = rows.filter((r) => r.name.includes('fsync') === fsync);
      const host = mine[0];
      return {
        title: `File system throughput, ${n} files of 1 MiB in ${CHUNK / 1024} KiB chunks${fsync ? ', fsync on' : ', no fsync'}`,
        columns: ['how', 'write MB/s', 'read MB/s', 'write vs host', 'read vs host'],
        rows: mine.map((r) => [
          r.name,
          num((n * 1000) / r.writeMs),
          num((n * 1000) / r.readMs),
          ratio(r.writeMs / host.writeMs),
          ratio(r.readMs / host.readMs),
        ]),
        notes:
          fsync === false
            ? [
                'The device holds an open file whole and writes it at close through a temporary file and a rename (old or new, never torn).',
                'The host writes and reads latin1 strings, the form bytes have in a Lua string, as the device must.',
              ]
            : ['fsync on (the default of `thox run`): the device fsyncs the temporary file and the folder; the host row fsyncs the file only.'],
      };
    };
    return { tables: [table(false), table(true)] };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function timed(run: () => void): number {
  const start = performance.now();
  run();
  return performance.now() - start;
}

/** Writes a 1 MiB byte string (a Lua string's form) to a host file. */
function hostWrite(path: string, content: string, fsync: boolean): void {
  if (!fsync) return writeFileSync(path, content, 'latin1');
  const fd = openSync(path, 'w');
  try {
    writeSync(fd, content, 0, 'latin1');
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function deviceWrite(fs: FileSystem, files: number, chunk: string): void {
  for (let i = 0; i < files; i++) {
    const f = fs.open(`ts${i}`, 'w');
    for (let c = 0; c < CHUNKS; c++) f.write(chunk);
    f.close();
  }
}

function deviceRead(fs: FileSystem, files: number): void {
  for (let i = 0; i < files; i++) {
    const f = fs.open(`ts${i}`, 'r');
    while (f.read(CHUNK) !== null);
    f.close();
  }
}

function luaRun(vm: Vm, fs: FileSystem, files: number, what: 'write' | 'read'): void {
  const { kernel, output } = bootKernel(vm);
  kernel.interactions.registerNative('fs', fsCalls(kernel, fs));
  const p = kernel.spawn({ name: 'bench_fs.lua', source: LUA, args: [String(files), String(CHUNKS), String(CHUNK), what] });
  kernel.runUntilIdle({ until: () => p.exit !== null });
  if (p.exit?.kind !== 'exited') throw new Error(`the fs bench program failed: ${p.exit?.message ?? output.stderr}`);
}
