// The scheduling trace: every decision and state change of the kernel as an ordered list of events,
// rendered as stable text lines, JSON lines, or Chrome trace-event JSON (opens in Perfetto). Every
// rendering shows times (and any other fractional number) rounded to the microsecond.
import { endsSlice } from './trace-check.js';

export type TraceKind =
  | 'spawn'
  | 'run'
  | 'preempt'
  | 'defer'
  | 'yield'
  | 'syscall'
  | 'block'
  | 'wake'
  | 'timer'
  | 'fire'
  | 'exit'
  | 'kill'
  | 'task'
  | 'deadlock'
  | 'timeout'
  | 'service'
  | 'input';

export type TraceData = Record<string, string | number | boolean>;

export interface TraceEvent {
  seq: number;
  /** Kernel clock, milliseconds. */
  t: number;
  kind: TraceKind;
  /** The computer it happened on, when a run has several (`thox run --computers N`); absent with one. */
  computer?: number;
  pid?: number;
  tid?: number;
  data: TraceData;
}

export type TraceFormat = 'text' | 'jsonl' | 'chrome';
export const TRACE_FORMATS: readonly TraceFormat[] = ['text', 'jsonl', 'chrome'];

export class Trace {
  constructor(
    /** Whether events are recorded; the `trace` context turns it on and off at run time (src/contexts/trace.ts). */
    public enabled = true,
    /** The computer this trace records for, its events tagged with it (see forComputer). */
    private readonly computer?: number,
    readonly events: TraceEvent[] = [],
  ) {}

  /** Past this many events recording stops (`cut` set): the bound of a recording the `trace` context turned on. */
  cap = Number.POSITIVE_INFINITY;
  /** Whether recording stopped at `cap`. */
  cut = false;

  /** A trace recording into this one's events, each tagged with `computer`: one per kernel of a run of several. */
  forComputer(computer: number): Trace {
    return new Trace(this.enabled, computer, this.events);
  }

  record(t: number, kind: TraceKind, pid: number | undefined, tid: number | undefined, data: TraceData = {}): void {
    if (!this.enabled) return;
    if (this.events.length >= this.cap) {
      this.cut = true;
      this.enabled = false;
      return;
    }
    const seq = this.events.length + 1;
    this.events.push(this.computer === undefined ? { seq, t, kind, pid, tid, data } : { seq, t, kind, computer: this.computer, pid, tid, data });
  }

  render(format: TraceFormat): string {
    if (format === 'jsonl') return this.events.map((e) => `${JSON.stringify({ ...e, t: toMicroseconds(e.t), data: rounded(e.data) })}\n`).join('');
    if (format === 'chrome') return `${JSON.stringify(toChrome(this.events))}\n`;
    return this.events.map((e) => `${formatLine(e)}\n`).join('');
  }
}

/** One stable text line: `t=000012.500 #000042 preempt  pid=2 tid=2 insns=10000`. */
export function formatLine(e: TraceEvent): string {
  const parts = [`t=${e.t.toFixed(3).padStart(10, '0')}`, `#${String(e.seq).padStart(6, '0')}`, e.kind.padEnd(8)];
  if (e.computer !== undefined) parts.push(`computer=${e.computer}`);
  if (e.pid !== undefined) parts.push(`pid=${e.pid}`);
  if (e.tid !== undefined) parts.push(`tid=${e.tid}`);
  for (const [k, v] of Object.entries(e.data)) parts.push(`${k}=${formatValue(v)}`);
  return parts.join(' ');
}

function formatValue(v: string | number | boolean): string {
  if (typeof v === 'number') return String(toMicroseconds(v));
  if (typeof v === 'boolean') return String(v);
  return /^[\w.:#/@+-]+$/.test(v) ? v : JSON.stringify(v);
}

interface ChromeEvent {
  name: string;
  ph: 'X' | 'i' | 'M';
  ts: number;
  pid: number;
  tid: number;
  dur?: number;
  s?: 't' | 'p' | 'g';
  args?: TraceData;
}

/** Slices become complete ('X') events, everything else instant ('i') events; names come from spawns. */
function toChrome(events: TraceEvent[]): { traceEvents: ChromeEvent[]; displayTimeUnit: 'ms' } {
  const out: ChromeEvent[] = [];
  let open: TraceEvent | null = null;
  for (const e of events) {
    const pid = chromePid(e);
    const tid = e.tid ?? 0;
    if (e.kind === 'spawn') {
      const on = e.computer === undefined ? '' : `computer ${e.computer}: `;
      out.push({ name: 'process_name', ph: 'M', ts: 0, pid, tid: 0, args: { name: `${on}${e.data.name ?? 'process'} (pid ${e.pid ?? 0})` } });
    }
    if (e.kind === 'run') {
      open = e;
      continue;
    }
    if (open && endsSlice(open, e)) {
      const ts = microseconds(open.t);
      out.push({
        name: 'slice',
        ph: 'X',
        ts,
        dur: Math.max(0, microseconds(e.t) - ts),
        pid: chromePid(open),
        tid: open.tid ?? 0,
        args: { ...rounded(open.data), end: e.kind },
      });
      open = null;
    }
    out.push({ name: e.kind, ph: 'i', s: 't', ts: microseconds(e.t), pid, tid, args: rounded(e.data) });
  }
  return { traceEvents: out, displayTimeUnit: 'ms' };
}

/** Pids of several computers as separate Chrome processes: computer c's pid p is c * 1,000,000 + p. */
const CHROME_PIDS_PER_COMPUTER = 1_000_000;

function chromePid(e: TraceEvent): number {
  return (e.computer ?? 0) * CHROME_PIDS_PER_COMPUTER + (e.pid ?? 0);
}

/** Milliseconds rounded to the microsecond (3 decimals), without float noise such as 1012.2399999999997. */
function toMicroseconds(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

/** Milliseconds as whole microseconds (Chrome's unit). */
function microseconds(ms: number): number {
  return Math.round(ms * 1000);
}

/** Event data with its numbers rounded like times. */
function rounded(data: TraceData): TraceData {
  return Object.fromEntries(Object.entries(data).map(([k, v]) => [k, typeof v === 'number' ? toMicroseconds(v) : v]));
}
