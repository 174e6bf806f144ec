// The `store` native context: the flat store as RPC calls under the kernel's store policy (processes
// read the system-managed namespaces and change none; `data` is the data context's), and the answer plumbing.
import { Args } from '../kernel/arguments.js';
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
  'bad-name': STATUS.BAD_ARGUMENT,
  'bad-namespace': STATUS.BAD_ARGUMENT,
  'bad-argument': STATUS.BAD_ARGUMENT,
  'too-large': STATUS.BAD_ARGUMENT,
  'read-only': STATUS.DENIED,
  missing: STATUS.ERROR,
  lock: STATUS.ERROR,
  io: STATUS.ERROR,
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

/** A namespace a process may read, or the refusal that says why not. */
function readable(ns: string): Namespace {
  const namespace = checkNamespace(ns);
  if (READABLE[namespace]) return namespace;
  throw new Refusal(
    STATUS.DENIED,
    `the ${namespace} namespace is not reachable through the store context: a program reaches its own stream through the data context`,
  );
}

/** Every change through the store context is refused (after the arguments are checked), saying who may make it. */
function refuseChange(a: Args, command: string): never {
  const namespace = readable(a.string(1));
  const key = entryName(namespace, a.string(2));
  throw new Refusal(
    STATUS.DENIED,
    `${namespace}/${key} is system-managed: a process cannot change the ${namespace} namespace (the host user can, with 'thox store ${command}')`,
  );
}

export function storeCalls(store: Store): Record<string, NativeCall> {
  return {
    get: (_k, _p, args, reply) =>
      answer(reply, () => {
        const a = new Args('store.get', args);
        return [store.get(readable(a.string(1)), a.string(2))];
      }),
    put: (_k, _p, args, reply) =>
      answer(reply, () => {
        const a = new Args('store.put', args);
        a.string(3);
        return refuseChange(a, 'put');
      }),
    remove: (_k, _p, args, reply) => answer(reply, () => refuseChange(new Args('store.remove', args), 'rm')),
    list: (_k, _p, args, reply) =>
      answer(reply, () => {
        const a = new Args('store.list', args);
        const spaces = a.isNil(1) ? NAMESPACES.filter((n) => READABLE[n]) : [readable(a.string(1))];
        const entries = spaces.flatMap((n) => store.list(n));
        return [LuaTable.list(entries.map((e) => LuaTable.from({ namespace: e.namespace, name: e.name, size: e.size, layer: e.layer })))];
      }),
  };
}

/** Thrown inside `answer` when the reply will come later (a lock that is queued). */
export class Pending extends Error {}

/** Thrown inside `answer` to answer with a status of the context's own choosing. */
export class Refusal extends Error {
  constructor(
    readonly status: Status,
    message: string,
  ) {
    super(message);
  }
}
