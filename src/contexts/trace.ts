// The `trace` native context: start and stop recording the scheduling trace while the system runs (the `trace`
// program); stop answers what was recorded since the start, rendered as `--trace` renders it (docs/scheduling.md),
// at most the `trace` limit's events when the recording turned the trace on.
import { Args } from '../kernel/arguments.js';
import { STATUS } from '../kernel/contexts.js';
import type { NativeCall } from '../kernel/interactions.js';
import type { KernelServices } from '../kernel/services.js';
import { Trace, TRACE_FORMATS, type TraceFormat } from '../kernel/trace.js';
import { limitMessage } from '../kernel/limits.js';

/** A recording in progress: where it began in the trace's events, who began it, whether it turned the trace on. */
interface Recording {
  readonly from: number;
  readonly by: number;
  readonly turnedOn: boolean;
}

/**
 * trace.start() begins a recording (one at a time); trace.stop(format?) ends it and answers its events as text,
 * JSON lines or Chrome JSON. A trace that `--trace` keeps on stays on, its events kept for the run's file; one the
 * recording turned on goes off again and its events are dropped (they were only the recording's). A recording that
 * turned the trace on keeps at most the `trace` limit's events (a recording left running must not fill the host's
 * memory): past them it takes no more, and stop answers, after the text, the refusal saying where it was cut.
 */
export function traceCalls(kernel: KernelServices): Record<string, NativeCall> {
  let recording: Recording | null = null;
  return {
    start: (_k, caller, _args, reply) => {
      if (recording) return reply(STATUS.ERROR, [`the trace is already being recorded (started by process ${recording.by})`]);
      const trace = kernel.trace;
      recording = { from: trace.events.length, by: caller.pid, turnedOn: !trace.enabled };
      if (recording.turnedOn) trace.cap = recording.from + kernel.limits.trace;
      trace.enabled = true;
      reply(STATUS.OK, [true]);
    },
    stop: (_k, _caller, args, reply) => {
      const format = new Args('trace.stop', args).option<TraceFormat>(1, TRACE_FORMATS, 'text');
      if (!recording) return reply(STATUS.ERROR, ['the trace is not being recorded: start it first (trace start)']);
      const trace = kernel.trace;
      const text = new Trace(true, undefined, trace.events.slice(recording.from)).render(format);
      const cut = trace.cut ? limitMessage('trace', 'the recording', kernel.limits.trace) : null;
      if (recording.turnedOn) {
        trace.enabled = false;
        trace.events.length = recording.from;
        trace.cap = Number.POSITIVE_INFINITY;
        trace.cut = false;
      }
      recording = null;
      reply(STATUS.OK, cut === null ? [text] : [text, cut]);
    },
    recording: (_k, _caller, _args, reply) => reply(STATUS.OK, [recording ? recording.by : false]),
  };
}
