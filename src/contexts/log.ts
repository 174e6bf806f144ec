// The `log` native context: processes write leveled log lines to the kernel's log, kept in a
// bounded ring (the oldest lines go first) and readable back with log.read.
import { STATUS } from '../kernel/contexts.js';
import type { NativeCall } from '../kernel/interactions.js';
import type { Kernel } from '../kernel/kernel.js';
import { LuaTable } from '../vm/vm.js';

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'];
export const LOG_CAPACITY = 1000;

export interface LogLine { t: number; pid: number; name: string; level: string; message: string }

export function logCalls(_kernel: Kernel, sink: (line: LogLine) => void = () => {}): Record<string, NativeCall> {
  const lines: LogLine[] = [];
  return {
    write: (k, caller, [level, message], reply) => {
      if (typeof level !== 'string' || !LOG_LEVELS.includes(level) || typeof message !== 'string') {
        return reply(STATUS.BAD_ARGUMENT, [`log.write(level, message): level one of ${LOG_LEVELS.join(', ')}, message a string`]);
      }
      const line = { t: k.now(), pid: caller.pid, name: caller.name, level, message };
      lines.push(line);
      if (lines.length > LOG_CAPACITY) lines.shift();
      sink(line);
      reply(STATUS.OK, [true]);
    },
    read: (_k, _caller, [count], reply) => {
      const n = typeof count === 'number' ? Math.max(0, Math.floor(count)) : lines.length;
      reply(STATUS.OK, [LuaTable.list(lines.slice(-n || lines.length).slice(0, n).map((l) => LuaTable.from({ ...l })))]);
    },
  };
}
