// Terminal costs: cells per second written with write and blit (on the device, and from Lua over RPC), and
// the ANSI renderer's frame time and bytes for a full-screen repaint against a one-row update.
import { HEX, Terminal } from '../devices/terminal.js';
import { AnsiRenderer } from '../host/ansi-renderer.js';
import type { Vm } from '../vm/vm.js';
import { bootKernel } from './boot.js';
import { median, timed } from './stats.js';
import { num, type Table } from './table.js';

/** A frame of either kind renders within this; a one-row update writes at most this share of a full repaint's bytes. */
export const FRAME_TARGET_MS = 2;
export const ROW_BYTES_TARGET = 0.1;

export interface TerminalResult {
  tables: Table[];
  fullMs: number;
  rowMs: number;
  bytesRatio: number;
}

/** The same pseudo-random content every run (the bench of the terminal UI uses it too). */
export function filler(seed: number): (n: number, alphabet: string) => string {
  let s = seed;
  return (n, alphabet) => {
    let out = '';
    for (let i = 0; i < n; i++) {
      s = (Math.imul(s, 1103515245) + 12345) >>> 0;
      out += alphabet[(s >>> 8) % alphabet.length];
    }
    return out;
  };
}

const PRINTABLE = Array.from({ length: 94 }, (_, i) => String.fromCharCode(33 + i)).join('');

/** Cells per CPU second writing whole rows on the device, with write (one colour) or blit (colours per cell). */
function deviceCells(kind: 'write' | 'blit', rows: number): number {
  const t = new Terminal();
  const fill = filler(1);
  const text = fill(t.width, PRINTABLE);
  const fg = fill(t.width, HEX);
  const bg = fill(t.width, HEX);
  const { cpuMs } = timed(() => {
    for (let i = 0; i < rows; i++) {
      t.setCursorPos(1, (i % t.height) + 1);
      if (kind === 'write') t.write(text);
      else t.blit(text, fg, bg);
    }
  });
  return (rows * t.width) / (cpuMs / 1000);
}

/** Cells per CPU second a Lua program draws through the term context, one call per 51-cell row. */
function rpcCells(vm: Vm, kind: 'write' | 'blit', rows: number): number {
  const { kernel } = bootKernel(vm);
  const source = `
    local term = os.rpc(0).term
    local text, fg, bg = ('x'):rep(51), ('0'):rep(51), ('f'):rep(51)
    for i = 1, ${rows} do
      term.setCursorPos(1, i % 19 + 1)
      ${kind === 'write' ? 'term.write(text)' : 'term.blit(text, fg, bg)'}
    end`;
  const { cpuMs } = timed(() => {
    const p = kernel.spawn({ name: 'bench_term', source });
    kernel.runUntilIdle({ until: () => p.exit !== null });
    if (p.exit?.kind !== 'exited') throw new Error(`bench_term: ${p.exit?.kind} ${p.exit?.message ?? ''}`);
  });
  return (rows * 51) / (cpuMs / 1000);
}

/** Median frame time (ms) and bytes of a full repaint and of a one-row update, 51x19 in true colour. */
function frames(reps: number): { fullMs: number; fullBytes: number; rowMs: number; rowBytes: number } {
  const t = new Terminal();
  const fill = filler(2);
  for (let y = 1; y <= t.height; y++) {
    t.setCursorPos(1, y);
    t.blit(fill(t.width, PRINTABLE), fill(t.width, HEX), fill(t.width, HEX));
  }
  const full: number[] = [];
  const row: number[] = [];
  let fullBytes = 0;
  let rowBytes = 0;
  for (let i = 0; i < reps; i++) {
    const r = new AnsiRenderer('truecolor');
    const a = timed(() => r.frame(t));
    full.push(a.wallMs);
    fullBytes = Buffer.byteLength(a.result);
    t.setCursorPos(1, (i % t.height) + 1);
    t.blit(fill(t.width, PRINTABLE), fill(t.width, HEX), fill(t.width, HEX));
    const b = timed(() => r.frame(t));
    row.push(b.wallMs);
    rowBytes = Buffer.byteLength(b.result);
  }
  return { fullMs: median(full), fullBytes, rowMs: median(row), rowBytes };
}

export function runTerminal(config: { vm: Vm; rows: number; reps: number }, log: (line: string) => void): TerminalResult {
  const cells = (kind: 'write' | 'blit'): [number, number] => [
    median(Array.from({ length: config.reps }, () => deviceCells(kind, config.rows))),
    median(Array.from({ length: config.reps }, () => rpcCells(config.vm, kind, config.rows / 10))),
  ];
  const write = cells('write');
  const blit = cells('blit');
  log('  cells measured');
  const f = frames(config.reps * 100);
  log('  frames measured');
  const bytesRatio = f.rowBytes / f.fullBytes;
  const ok = (met: boolean): string => (met ? 'ok' : 'MISS');
  return {
    fullMs: f.fullMs,
    rowMs: f.rowMs,
    bytesRatio,
    tables: [
      {
        title: 'Terminal, 51x19',
        columns: ['measure', 'value', 'target', 'status'],
        rows: [
          ['cells/s, write (device)', num(write[0]), '', ''],
          ['cells/s, blit (device)', num(blit[0]), '', ''],
          ['cells/s, term.write from Lua (one RPC per row), wasmoon', num(write[1]), '', ''],
          ['cells/s, term.blit from Lua (one RPC per row), wasmoon', num(blit[1]), '', ''],
          ['full repaint: frame time', `${f.fullMs.toFixed(3)} ms`, `<= ${FRAME_TARGET_MS} ms`, ok(f.fullMs <= FRAME_TARGET_MS)],
          ['full repaint: bytes', num(f.fullBytes), '', ''],
          ['one-row update: frame time', `${f.rowMs.toFixed(3)} ms`, `<= ${FRAME_TARGET_MS} ms`, ok(f.rowMs <= FRAME_TARGET_MS)],
          [
            'one-row update: bytes',
            `${num(f.rowBytes)} (${(bytesRatio * 100).toFixed(1)}% of a full repaint)`,
            `<= ${ROW_BYTES_TARGET * 100}%`,
            ok(bytesRatio <= ROW_BYTES_TARGET),
          ],
        ],
        notes: [
          `cells: median of ${config.reps} runs of ${num(config.rows)} rows (device) and ${num(config.rows / 10)} rows (Lua), per CPU second`,
          `frames: median of ${num(config.reps * 100)}, the ANSI renderer in true colour, random text and colours in every cell`,
        ],
      },
    ],
  };
}
