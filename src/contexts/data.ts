// The `data` native context: each program's own data stream (data/PROGRAM in the store), read and
// written at a position each process keeps, with shared and exclusive locks released when holders end.
import { Args } from '../kernel/arguments.js';
import { STATUS } from '../kernel/contexts.js';
import type { NativeCall } from '../kernel/interactions.js';
import type { KernelServices } from '../kernel/services.js';
import type { Process } from '../kernel/process.js';
import { getOrInsertComputed } from '../maps.js';
import { checkName, LockTable, type Store, type StreamHandle, type Whence, WHENCES } from '../store/index.js';
import { answer, Pending, Refusal, type Reply } from './store.js';

/** The name of a process's data stream: its program's. Code run with os.run_code has none. */
function streamName(p: Process): string {
  if (p.program === null) throw new Refusal(STATUS.DENIED, `process ${p.pid} was started with os.run_code: code has no program, so no data stream`);
  return checkName('data', p.program);
}

export function dataCalls(kernel: KernelServices, store: Store): Record<string, NativeCall> {
  const handles = new Map<number, StreamHandle>();
  const locks = new LockTable();
  const waiting = new Map<string, Reply>();
  /** Answers newly granted lock calls; a grant nobody waits for any more (timed out, caller ended) is given back. */
  const granted = (grants: Array<{ name: string; holder: number }>): void => {
    for (const g of grants) {
      const key = `${g.name}\u0000${g.holder}`;
      const reply = waiting.get(key);
      waiting.delete(key);
      if (!reply?.(STATUS.OK, [true])) granted(locks.release(g.name, g.holder));
    }
  };
  kernel.onExit((p) => {
    handles.delete(p.pid);
    for (const key of [...waiting.keys()]) if (key.endsWith(`\u0000${p.pid}`)) waiting.delete(key);
    granted(locks.releaseAll(p.pid));
  });
  const handle = (p: Process): StreamHandle => getOrInsertComputed(handles, p.pid, () => store.open(streamName(p)));
  return {
    size: (_k, p, _args, reply) => answer(reply, () => [handle(p).size()]),
    read: (_k, p, args, reply) => answer(reply, () => [handle(p).read(new Args('data.read', args).count(1))]),
    write: (_k, p, args, reply) =>
      answer(reply, () => {
        handle(p).write(new Args('data.write', args).string(1));
        return [true];
      }),
    append: (_k, p, args, reply) =>
      answer(reply, () => {
        handle(p).append(new Args('data.append', args).string(1));
        return [true];
      }),
    truncate: (_k, p, args, reply) =>
      answer(reply, () => {
        const h = handle(p);
        const a = new Args('data.truncate', args);
        h.truncate(a.isNil(1) ? h.position : a.count(1));
        return [true];
      }),
    seek: (_k, p, args, reply) =>
      answer(reply, () => {
        const a = new Args('data.seek', args);
        return [handle(p).seek(a.option<Whence>(1, WHENCES, 'cur'), a.optionalInteger(2, 0))];
      }),
    lock: (_k, p, args, reply) =>
      answer(reply, () => {
        const m = new Args('data.lock', args).option(1, ['shared', 'exclusive'] as const, 'exclusive');
        const name = streamName(p);
        if (locks.acquire(name, p.pid, m) === 'granted') return [true];
        waiting.set(`${name}\u0000${p.pid}`, reply);
        throw new Pending();
      }),
    unlock: (_k, p, _args, reply) =>
      answer(reply, () => {
        granted(locks.release(streamName(p), p.pid));
        return [true];
      }),
  };
}
