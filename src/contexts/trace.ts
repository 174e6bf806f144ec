// The `trace` native context: start and stop recording the scheduling trace while the system runs (the `trace`
// program); stop answers what was recorded since the start, rendered as `--trace` renders it (docs/scheduling.md).
import { Args } from '../kernel/arguments.js';
import { STATUS } from '../kernel/contexts.js';
import type { NativeCall } from '../kernel/interactions.js';
import type { KernelServices } from '../kernel/services.js';
import { Trace, TRACE_FORMATS, type TraceFormat } from '../kernel/trace.js';

/** A recording in progress: where it began in the trace's events, who began it, whether it turned the trace on. */
interface Recording {
  readonly from: number;
  readonly by: number;
  readonly turnedOn: boolean;
}

/**
 * trace.start() begins a recording (one at a time); trace.stop(format?) ends it and answers its events as text,
 * JSON lines or Chrome JSON. A trace that `--trace` keeps on stays on, its events kept for the run's file; one the
 * recording turned on goes off again and its events are dropped (they were only the recording's).
 */
export function traceCalls(kernel: KernelServices): Record<string, NativeCall> {
  let recording: Recording | null = null;
  return {
    start: (_k, caller, _args, reply) => {
      if (recording) return reply(STATUS.ERROR, [`the trace is already being recorded (started by process ${recording.by})`]);
      const trace = kernel.trace;
      recording = { from: trace.events.length, by: caller.pid, turnedOn: !trace.enabled };
      trace.enabled = true;
      reply(STATUS.OK, [true]);
    },
    stop: (_k, _caller, args, reply) => {
      const format = new Args('trace.stop', args).option<TraceFormat>(1, TRACE_FORMATS, 'text');
      if (!recording) return reply(STATUS.ERROR, ['the trace is not being recorded: start it first (trace start)']);
      const trace = kernel.trace;
      const text = new Trace(true, undefined, trace.events.slice(recording.from)).render(format);
      if (recording.turnedOn) {
        trace.enabled = false;
        trace.events.length = recording.from;
      }
      recording = null;
      reply(STATUS.OK, [text]);
    },
    recording: (_k, _caller, _args, reply) => reply(STATUS.OK, [recording ? recording.by : false]),
  };
}
