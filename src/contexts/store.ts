// The `store` native context: the flat store as RPC calls, entries by namespace and name (get, put,
// remove, list), and the answer plumbing it shares with the `data` context (data.ts).
import { STATUS, type Status } from '../kernel/contexts.js';
import type { NativeCall } from '../kernel/interactions.js';
import { StoreError, type Namespace, type Store } from '../store/index.js';
import { LuaTable, type LuaValue } from '../vm/vm.js';

const STATUS_OF: Record<StoreError['code'], Status> = {
  'bad-name': STATUS.BAD_ARGUMENT, 'bad-namespace': STATUS.BAD_ARGUMENT, 'bad-argument': STATUS.BAD_ARGUMENT,
  'too-large': STATUS.BAD_ARGUMENT, 'read-only': STATUS.DENIED, missing: STATUS.ERROR, lock: STATUS.ERROR, io: STATUS.ERROR,
};

export type Reply = (status: Status, values?: LuaValue[]) => boolean;

/** Runs a store operation and answers with its values, or with the status its error maps to. */
export function answer(reply: Reply, run: () => LuaValue[]): void {
  try {
    reply(STATUS.OK, run());
  } catch (e) {
    if (e instanceof Pending) return;
    if (e instanceof Refusal) reply(e.status, [e.message]);
    else if (e instanceof StoreError) reply(STATUS_OF[e.code], [e.message]);
    else throw e;
  }
}

export function str(v: LuaValue, what: string): string {
  if (typeof v !== 'string') throw new StoreError('bad-argument', `${what} must be a string`);
  return v;
}

export function int(v: LuaValue, what: string): number {
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

/** Thrown inside `answer` when the reply will come later (a lock that is queued). */
export class Pending extends Error {}

/** Thrown inside `answer` to answer with a status of the context's own choosing. */
export class Refusal extends Error {
  constructor(readonly status: Status, message: string) {
    super(message);
  }
}
