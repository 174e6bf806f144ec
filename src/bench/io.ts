// io costs against lua5.4 doing the same in the same run: print and io.write of short lines to a pipe, and io.lines()
// over a large input. thox runs in this process (output handed to a host pipe-like sink); lua5.4 runs with real pipes.
import { spawnSync } from 'node:child_process';
import type { Vm } from '../vm/vm.js';
import { benchProgramPath, benchProgramSource, bootKernel } from './boot.js';
import { LUA_BINARY } from './lua-native.js';
import { median, timed } from './stats.js';
import { num, type Table } from './table.js';

/** Each workload within this many times lua5.4's time. */
export const IO_TARGET = 2;
/** Bytes of one input line for io.lines (79 characters and a newline). */
const LINE = `${'x'.repeat(79)}\n`;
/** The host feeds input in chunks of this size, as a pipe would. */
const CHUNK = 64 * 1024;

export interface IoResult {
  tables: Table[];
  rows: Array<{ name: string; ratio: number }>;
}

/** CPU ms (this process) for thox to run a bench program to its end, with `input` fed in chunks as it asks. */
function thoxMs(vm: Vm, program: string, args: string[], input: string | null): number {
  let outBytes = 0;
  const { kernel } = bootKernel(vm, {
    input: input !== null,
    output: (_pid, _s, text) => {
      outBytes += text.length;
    },
  });
  const source = benchProgramSource(program);
  const { cpuMs, result: p } = timed(() => {
    const p = kernel.spawn({ name: `${program}.lua`, source, args });
    let fed = 0;
    while (!p.exit) {
      const r = kernel.step();
      if (r.kind === 'input' && input !== null) {
        if (fed < input.length) kernel.streams.feed(input.slice(fed, fed + CHUNK));
        else kernel.streams.endInput();
        fed += CHUNK;
      } else if (r.kind !== 'ran' && !p.exit) throw new Error(`${program}: ${r.kind}`);
    }
    return p;
  });
  if (p.exit?.kind !== 'exited') throw new Error(`${program}: ${p.exit?.kind} ${p.exit?.message ?? ''}`);
  if (input === null && outBytes === 0) throw new Error(`${program}: no output`);
  return cpuMs;
}

/** CPU ms of the chunk in lua5.4 (os.clock around it), its output and input real pipes. */
function nativeMs(program: string, args: string[], input: string | null): number {
  const code = `local f = assert(loadfile(${JSON.stringify(benchProgramPath(program))})) local c0 = os.clock() f(${args.map((a) => JSON.stringify(a)).join(',')}) io.stderr:write(string.format('%.4f', (os.clock() - c0) * 1000))`;
  const r = spawnSync(LUA_BINARY, ['-e', code], { input: input === null ? undefined : Buffer.from(input, 'latin1'), maxBuffer: 1 << 30, timeout: 120_000 });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`lua5.4 failed: ${r.stderr.toString().trim()}`);
  return Number(r.stderr.toString());
}

export function runIo(config: { vm: Vm; scale: number; reps: number; native: boolean }, log: (line: string) => void): IoResult {
  const lines = Math.round(1_000_000 * config.scale);
  const inputBytes = Math.round(100 * 1024 * 1024 * config.scale);
  const input = LINE.repeat(Math.ceil(inputBytes / LINE.length));
  const workloads = [
    { name: `print of ${num(lines)} short lines`, program: 'bench_print', input: null },
    { name: `io.write of ${num(lines)} short lines`, program: 'bench_write', input: null },
    { name: `io.lines() over ${num(Math.round(input.length / 2 ** 20))} MB`, program: 'bench_lines', input },
  ];
  const rows: IoResult['rows'] = [];
  const table: Table = { title: 'io, wasmoon', columns: ['workload', 'thox ms', 'lua5.4 ms', 'ratio', 'target', 'status'], rows: [] };
  for (const w of workloads) {
    const args = [String(config.scale)];
    const thox = median(Array.from({ length: config.reps }, () => thoxMs(config.vm, w.program, args, w.input)));
    const native = config.native ? median(Array.from({ length: config.reps }, () => nativeMs(w.program, args, w.input))) : NaN;
    const ratio = thox / native;
    rows.push({ name: w.name, ratio });
    table.rows.push([
      w.name,
      thox.toFixed(0),
      Number.isFinite(native) ? native.toFixed(0) : 'absent',
      Number.isFinite(ratio) ? `${ratio.toFixed(2)}x` : 'n/a',
      `<= ${IO_TARGET}x`,
      Number.isFinite(ratio) ? (ratio <= IO_TARGET ? 'met' : 'MISSED') : 'n/a',
    ]);
    log(`  ${w.name} measured`);
  }
  table.notes = [
    'thox: CPU time of this process (user + system) from spawn to exit, output handed to the host callback (as thox run hands it to its stdout), input fed in 64 KiB chunks as the program waits',
    'lua5.4: os.clock() around the same chunk (CPU, user + system), its stdout and stdin real pipes to this process',
  ];
  return { tables: [table], rows };
}
