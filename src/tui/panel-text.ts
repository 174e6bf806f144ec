// The panel's sections as lines of text cut to a width: processes like top (pid, name, runtime, state, CPU share,
// memory, instructions), services with their states, the system log's tail. Plain strings, drawn by panel.tsx.
import type { LogEntry } from '../init/log-ring.js';
import type { ProcessRow, ServiceRow } from './system-snapshot.js';

/** `text` cut or padded to exactly `width` columns. */
function padded(text: string, width: number): string {
  return text.length > width ? text.slice(0, width) : text.padEnd(width);
}

/** 1536 → `1.5K`, 3145728 → `3.0M`. */
function size(n: number): string {
  if (n < 1024) return `${n}`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)}K`;
  if (n < 1024 ** 3) return `${(n / 1024 / 1024).toFixed(1)}M`;
  return `${(n / 1024 ** 3).toFixed(1)}G`;
}

/** 1234567 → `1.2M` (instructions). */
function count(n: number): string {
  if (n < 10_000) return `${n}`;
  if (n < 10_000_000) return `${(n / 1000).toFixed(0)}k`;
  return `${(n / 1_000_000).toFixed(0)}M`;
}

const PROCESS_HEADER = '  PID NAME         RUNTIME  STATE    CPU%   MEM INSTR';

/** The process table, busiest first (then by pid). */
export function processLines(rows: readonly ProcessRow[], width: number, height: number): string[] {
  const sorted = [...rows].sort((a, b) => b.cpu - a.cpu || a.pid - b.pid);
  const lines = sorted.map(
    (p) =>
      `${String(p.pid).padStart(5)} ${padded(p.name || `[${p.runtime}]`, 12)} ${padded(p.runtime, 8)} ${padded(p.state, 8)} ${(p.cpu * 100).toFixed(1).padStart(4)} ${size(p.memory).padStart(5)} ${count(p.instructions)}`,
  );
  return section(`PROCESSES (${rows.length})`, [PROCESS_HEADER, ...lines], width, height);
}

export function serviceLines(rows: readonly ServiceRow[], width: number, height: number): string[] {
  const lines = rows.map((s) => `${padded(s.name, 14)} ${padded(s.target, 4)} ${s.state}${s.pid === null ? '' : ` pid ${s.pid}`}`);
  return section(`SERVICES (${rows.length})`, lines.length > 0 ? lines : ['(none)'], width, height);
}

/** The newest lines that fit, oldest first. */
export function logLines(entries: readonly LogEntry[], width: number, height: number): string[] {
  const lines = entries.map((e) => `${e.service}: ${e.text}`);
  return section('LOG', lines.slice(Math.max(0, lines.length - (height - 1))), width, height);
}

/** A title and lines, each fitted to the width, at most `height` in all. */
function section(title: string, lines: string[], width: number, height: number): string[] {
  return [title, ...lines].slice(0, Math.max(0, height)).map((l) => padded(l, width));
}
