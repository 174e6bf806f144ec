// The scheduling trace: every decision and state change of the kernel as an ordered list of events,
// rendered as stable text lines, JSON lines, or Chrome trace-event JSON (opens in Perfetto).
import { endsSlice } from './trace-check.js';

export type TraceKind =
  | 'spawn' | 'run' | 'preempt' | 'defer' | 'yield' | 'syscall' | 'block' | 'wake'
  | 'timer' | 'fire' | 'exit' | 'kill' | 'task' | 'deadlock' | 'timeout';

export type TraceData = Record<string, string | number | boolean>;

export interface TraceEvent {
  seq: number;
  /** Kernel clock, milliseconds. */
  t: number;
  kind: TraceKind;
  pid?: number;
  tid?: number;
  data: TraceData;
}

export type TraceFormat = 'text' | 'jsonl' | 'chrome';
export const TRACE_FORMATS: readonly TraceFormat[] = ['text', 'jsonl', 'chrome'];


export class Trace {
  readonly events: TraceEvent[] = [];
  constructor(readonly enabled = true) {}

  record(t: number, kind: TraceKind, pid: number | undefined, tid: number | undefined, data: TraceData = {}): void {
    if (!this.enabled) return;
    this.events.push({ seq: this.events.length + 1, t, kind, pid, tid, data });
  }

  render(format: TraceFormat): string {
    if (format === 'jsonl') return this.events.map((e) => JSON.stringify(e) + '\n').join('');
    if (format === 'chrome') return JSON.stringify(toChrome(this.events)) + '\n';
    return this.events.map((e) => formatLine(e) + '\n').join('');
  }
}

/** One stable text line: `t=000012.500 #000042 preempt  pid=2 tid=2 insns=10000`. */
export function formatLine(e: TraceEvent): string {
  const parts = [`t=${e.t.toFixed(3).padStart(10, '0')}`, `#${String(e.seq).padStart(6, '0')}`, e.kind.padEnd(8)];
  if (e.pid !== undefined) parts.push(`pid=${e.pid}`);
  if (e.tid !== undefined) parts.push(`tid=${e.tid}`);
  for (const [k, v] of Object.entries(e.data)) parts.push(`${k}=${formatValue(v)}`);
  return parts.join(' ');
}

function formatValue(v: string | number | boolean): string {
  if (typeof v !== 'string') return String(v);
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
    const pid = e.pid ?? 0;
    const tid = e.tid ?? 0;
    if (e.kind === 'spawn') {
      out.push({ name: 'process_name', ph: 'M', ts: 0, pid, tid: 0, args: { name: `${e.data.name ?? 'process'} (pid ${pid})` } });
    }
    if (e.kind === 'run') { open = e; continue; }
    if (open && endsSlice(open, e)) {
      out.push({ name: 'slice', ph: 'X', ts: open.t * 1000, dur: Math.max(0, (e.t - open.t) * 1000), pid: open.pid ?? 0, tid: open.tid ?? 0, args: { ...open.data, end: e.kind } });
      open = null;
    }
    out.push({ name: e.kind, ph: 'i', s: 't', ts: e.t * 1000, pid, tid, args: e.data });
  }
  return { traceEvents: out, displayTimeUnit: 'ms' };
}
