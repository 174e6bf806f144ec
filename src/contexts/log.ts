// The `log` native context: processes write leveled log lines to the kernel's log, kept in a
// bounded ring (the oldest lines go first; each process's beyond its share, its own first) and readable back with log.read.
import { STATUS } from '../kernel/contexts.js';
import { Args } from '../kernel/arguments.js';
import type { NativeCall } from '../kernel/interactions.js';
import type { KernelServices } from '../kernel/services.js';
import { LuaTable } from '../vm/vm.js';

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'];
export const LOG_CAPACITY = 1000;
/** Bytes of one line's message the log keeps (so the whole log stays under LOG_CAPACITY × this). */
export const LOG_LINE_BYTES = 4096;

/** A message cut to LOG_LINE_BYTES, saying how much was cut. */
function bounded(message: string): string {
  if (message.length <= LOG_LINE_BYTES) return message;
  return `${message.slice(0, LOG_LINE_BYTES)}... (${message.length - LOG_LINE_BYTES} more bytes cut)`;
}

export interface LogLine {
  /** The line's number: 1 for the first line written, counting on (`log -f` reads past the last it saw). */
  seq: number;
  t: number;
  pid: number;
  name: string;
  level: string;
  message: string;
}

export function logCalls(_kernel: KernelServices, sink: (line: LogLine) => void = () => {}): Record<string, NativeCall> {
  const lines: LogLine[] = [];
  let written = 0;
  /** Drops line i, uncharging its writer (if its record is still there). */
  const drop = (k: KernelServices, i: number): void => {
    const [gone] = lines.splice(i, 1);
    const writer = gone && k.processes.get(gone.pid);
    if (writer) writer.usage.log--;
  };
  return {
    write: (k, caller, args, reply) => {
      const a = new Args('log.write', args);
      const level = a.string(1);
      if (!LOG_LEVELS.includes(level)) a.fail(1, `level must be one of ${LOG_LEVELS.join(', ')}`);
      const line = { seq: ++written, t: k.now(), pid: caller.pid, name: caller.name, level, message: bounded(a.string(2)) };
      // a process past its share (limit 'log') pushes out its own oldest line, so it cannot evict everybody's
      const own = caller.usage.log >= k.limits.log;
      if (own || lines.length >= LOG_CAPACITY) drop(k, own ? lines.findIndex((l) => l.pid === caller.pid) : 0);
      lines.push(line);
      caller.usage.log++;
      sink(line);
      reply(STATUS.OK, [true]);
    },
    read: (_k, _caller, args, reply) => {
      const n = Math.max(0, new Args('log.read', args).optionalInteger(1, lines.length));
      reply(STATUS.OK, [
        LuaTable.list(
          lines
            .slice(-n || lines.length)
            .slice(0, n)
            .map((l) => LuaTable.from({ ...l })),
        ),
      ]);
    },
  };
}
