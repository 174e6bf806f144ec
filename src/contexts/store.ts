// The `store` native context: the flat store as RPC calls under the kernel's store policy (processes
// read the system-managed namespaces and change none; `data` is the data context's), and the answer plumbing.
import { STATUS, type Status } from '../kernel/contexts.js';
import type { NativeCall } from '../kernel/interactions.js';
import { checkNamespace, entryName, NAMESPACES, StoreError, type Namespace, type Store } from '../store/index.js';
import { LuaTable, type LuaValue } from '../vm/vm.js';

/**
 * What a process may do in each namespace through the store context (the table in docs/contexts.md, "Store contexts"):
 * read and list the system-managed ones, which only the host user changes (`thox store put`/`rm`); the
 * `data` namespace not at all: a process reaches its own program's stream through the data context.
 */
const READABLE: Record<Namespace, boolean> = { programs: true, libraries: true, runtimes: true, services: true, data: false };

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

/** A namespace a process may read, or the refusal that says why not. */
function readable(ns: LuaValue): Namespace {
  const namespace = checkNamespace(str(ns, 'namespace'));
  if (READABLE[namespace]) return namespace;
  throw new Refusal(STATUS.DENIED, `the ${namespace} namespace is not reachable through the store context: a program reaches its own stream through the data context`);
}

/** Every change through the store context is refused (after the arguments are checked), saying who may make it. */
function refuseChange(ns: LuaValue, name: LuaValue, command: string): never {
  const namespace = readable(ns);
  const key = entryName(namespace, str(name, 'name'));
  throw new Refusal(STATUS.DENIED, `${namespace}/${key} is system-managed: a process cannot change the ${namespace} namespace (the host user can, with 'thox store ${command}')`);
}

export function storeCalls(store: Store): Record<string, NativeCall> {
  return {
    get: (_k, _p, [ns, name], reply) => answer(reply, () => [store.get(readable(ns), str(name, 'name'))]),
    put: (_k, _p, [ns, name, value], reply) => answer(reply, () => {
      str(value, 'value');
      return refuseChange(ns, name, 'put');
    }),
    remove: (_k, _p, [ns, name], reply) => answer(reply, () => refuseChange(ns, name, 'rm')),
    list: (_k, _p, [ns], reply) => answer(reply, () => {
      const spaces = ns === null || ns === undefined ? NAMESPACES.filter((n) => READABLE[n]) : [readable(ns)];
      const entries = spaces.flatMap((n) => store.list(n));
      return [LuaTable.list(entries.map((e) => LuaTable.from({ namespace: e.namespace, name: e.name, size: e.size, layer: e.layer })))];
    }),
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
