// The `store` and `data` native contexts: the flat store as RPC calls (entries by namespace and name),
// and each program's own data stream, read and written at a per-process position, with locks.
import { STATUS, type Status } from '../kernel/contexts.js';
import type { NativeCall } from '../kernel/interactions.js';
import type { Kernel } from '../kernel/kernel.js';
import type { Process } from '../kernel/process.js';
import { checkName, LockTable, StoreError, type Namespace, type Store, type StreamHandle, type Whence } from '../store/index.js';
import { LuaTable, type LuaValue } from '../vm/vm.js';

const STATUS_OF: Record<StoreError['code'], Status> = {
  'bad-name': STATUS.BAD_ARGUMENT, 'bad-namespace': STATUS.BAD_ARGUMENT, 'bad-argument': STATUS.BAD_ARGUMENT,
  'too-large': STATUS.BAD_ARGUMENT, 'read-only': STATUS.DENIED, missing: STATUS.ERROR, lock: STATUS.ERROR, io: STATUS.ERROR,
};

type Reply = (status: Status, values?: LuaValue[]) => boolean;

/** Runs a store operation and answers with its values, or with the status its error maps to. */
function answer(reply: Reply, run: () => LuaValue[]): void {
  try {
    reply(STATUS.OK, run());
  } catch (e) {
    if (e instanceof Pending) return;
    if (e instanceof NoStream) reply(STATUS.DENIED, [e.message]);
    else if (e instanceof StoreError) reply(STATUS_OF[e.code], [e.message]);
    else throw e;
  }
}

function str(v: LuaValue, what: string): string {
  if (typeof v !== 'string') throw new StoreError('bad-argument', `${what} must be a string`);
  return v;
}

function int(v: LuaValue, what: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw new StoreError('bad-argument', `${what} must be a whole number >= 0`);
  return v;
}

export function storeCalls(store: Store): Record<string, NativeCall> {
  return {
    get: (_k, _p, [ns, name], reply) => answer(reply, () => [store.get(str(ns, 'namespace') as Namespace, str(name, 'name'))]),
    put: (_k, _p, [ns, name, value], reply) => answer(reply, () => {
      store.put(str(ns, 'namespace') as Namespace, str(name, 'name'), str(value, 'value'));
      return [true];
    }),
    remove: (_k, _p, [ns, name], reply) => answer(reply, () => {
      store.remove(str(ns, 'namespace') as Namespace, str(name, 'name'));
      return [true];
    }),
    list: (_k, _p, [ns], reply) => answer(reply, () => [
      LuaTable.list(store.list(ns === null || ns === undefined ? undefined : (str(ns, 'namespace') as Namespace))
        .map((e) => LuaTable.from({ namespace: e.namespace, name: e.name, size: e.size, layer: e.layer }))),
    ]),
  };
}

/** The name of a process's data stream: its program's. Code run with os.run_code has none. */
function streamName(p: Process): string {
  if (p.program === null) throw new NoStream(`process ${p.pid} runs code, not a program: it has no data stream`);
  return checkName('data', p.program);
}

/** A process without a data stream asked for one. */
class NoStream extends Error {}

export function dataCalls(kernel: Kernel, store: Store): Record<string, NativeCall> {
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
  const handle = (p: Process): StreamHandle => {
    let h = handles.get(p.pid);
    if (!h) handles.set(p.pid, (h = store.open(streamName(p))));
    return h;
  };
  return {
    size: (_k, p, _args, reply) => answer(reply, () => [handle(p).size()]),
    read: (_k, p, [n], reply) => answer(reply, () => [handle(p).read(int(n, 'read(n): n'))]),
    write: (_k, p, [bytes], reply) => answer(reply, () => { handle(p).write(str(bytes, 'write(bytes): bytes')); return [true]; }),
    append: (_k, p, [bytes], reply) => answer(reply, () => { handle(p).append(str(bytes, 'append(bytes): bytes')); return [true]; }),
    truncate: (_k, p, [size], reply) => answer(reply, () => {
      const h = handle(p);
      h.truncate(size === null || size === undefined ? h.position : int(size, 'truncate(size): size'));
      return [true];
    }),
    seek: (_k, p, [whence, offset], reply) => answer(reply, () => [
      handle(p).seek((whence ?? 'cur') as Whence, offset === null || offset === undefined ? 0 : Number(offset)),
    ]),
    lock: (_k, p, [mode], reply) => answer(reply, () => {
      const m = mode ?? 'exclusive';
      if (m !== 'shared' && m !== 'exclusive') throw new StoreError('bad-argument', "lock(mode): mode is 'shared' or 'exclusive'");
      const name = streamName(p);
      if (locks.acquire(name, p.pid, m) === 'granted') return [true];
      waiting.set(`${name}\u0000${p.pid}`, reply);
      throw new Pending();
    }),
    unlock: (_k, p, _args, reply) => answer(reply, () => {
      granted(locks.release(streamName(p), p.pid));
      return [true];
    }),
  };
}

/** Thrown inside `answer` when the reply will come later (a lock that is queued). */
class Pending extends Error {}
